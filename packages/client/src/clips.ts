/**
 * Clips over HTTP: cut one (the show's host token or the admin key), read one for an embed, list and
 * delete them. No connection needed; every failure is a `LiveShopError`.
 */
import {
  ClipRoute,
  ErrorCode,
  LiveShopError,
  routePath,
  type Clip,
  type ClipView,
  type CreateClipBody,
  type ErrorBody,
} from '@live-shop/protocol';
import type { ShowTarget } from './checkout.js';

/** Resolves with the JSON body of a 2xx answer (null for 204); rejects with the server's error, or `internal` when unreachable. */
async function call<T>(server: string, path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(path, server), init);
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new LiveShopError(ErrorCode.Internal, "Can't reach the shop right now");
  }
  if (res.status === 204) return null as T;
  const body = (await res.json().catch(() => null)) as (T & { error?: ErrorBody }) | null;
  if (!res.ok || !body || body.error)
    throw new LiveShopError(body?.error?.code ?? ErrorCode.Internal, body?.error?.message ?? `HTTP ${res.status}`);
  return body;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * Cuts a clip of an ended show's recording for one product (`start`/`end`: show-time ms, e.g. a
 * chapter's `t`). `token`: the show's host token (or the admin key). Resolves with the clip,
 * `processing`; poll `loadClip` until it is `ready` (or `failed`).
 */
export function createClip(target: ShowTarget, token: string, body: CreateClipBody): Promise<Clip> {
  return call<Clip>(target.server, routePath(ClipRoute.ShowClips, { id: target.show }), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(token) },
    body: JSON.stringify(body),
  });
}

/** A clip with its product as the catalog has it now (public: what `<live-shop-viewer clip>` plays). */
export function loadClip({ server }: { server: string }, id: string, init: { signal?: AbortSignal } = {}) {
  return call<ClipView>(server, routePath(ClipRoute.Clip, { clip: id }), init);
}

/** The show's clips, oldest first (public). */
export async function listClips(target: ShowTarget): Promise<Clip[]> {
  return (await call<{ clips: Clip[] }>(target.server, routePath(ClipRoute.ShowClips, { id: target.show }))).clips;
}

/** Deletes a clip and its video (the show's host token or the admin key). */
export async function deleteClip({ server }: { server: string }, token: string, id: string): Promise<void> {
  await call<null>(server, routePath(ClipRoute.Clip, { clip: id }), { method: 'DELETE', headers: bearer(token) });
}
