/**
 * The host's edit of a show's details and schedule (`PATCH /api/shows/:id` with the host token or the
 * admin key): a function of its own, so viewers' bundles leave it out. The token goes in the
 * Authorization header, never in a URL. Viewers' states follow through `show:info`.
 */
import { ErrorCode, LiveShopError, type ErrorBody, type PublicShow, type UpdateShowBody } from '@live-shop/protocol';
import type { StaffTarget } from './analytics.js';

/** Resolves with the public show as edited; rejects with a `LiveShopError` (`bad_request`, `forbidden`…). */
export async function updateShow({ server, show, token }: StaffTarget, body: UpdateShowBody): Promise<PublicShow> {
  let res: Response;
  try {
    res = await fetch(new URL(`/api/shows/${encodeURIComponent(show)}`, server), {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new LiveShopError(ErrorCode.Internal, "Can't reach the server right now");
  }
  const json = (await res.json().catch(() => null)) as (PublicShow & { error?: ErrorBody }) | null;
  if (res.ok && json) return json;
  throw new LiveShopError(json?.error?.code ?? ErrorCode.Internal, json?.error?.message ?? `HTTP ${res.status}`);
}
