/**
 * A show's analytics for its host (`GET /api/shows/:id/analytics`): staff-only and small, so it
 * costs viewers next to nothing. The token goes in the Authorization header, never in a URL.
 */
import { ErrorCode, LiveShopError, type ErrorBody, type ShowAnalytics } from '@live-shop/protocol';
import type { ShowTarget } from './checkout.js';

/** A show, and the host token (or admin key) that may read its figures. */
export interface StaffTarget extends ShowTarget {
  token: string;
}

async function get({ server, show, token }: StaffTarget, accept: string, signal?: AbortSignal): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(new URL(`/api/shows/${encodeURIComponent(show)}/analytics`, server), {
      headers: { authorization: `Bearer ${token}`, accept },
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new LiveShopError(ErrorCode.Internal, "Can't reach the server right now");
  }
  if (res.ok) return res;
  const body = (await res.json().catch(() => null)) as { error?: ErrorBody } | null;
  throw new LiveShopError(body?.error?.code ?? ErrorCode.Internal, body?.error?.message ?? `HTTP ${res.status}`);
}

/** The show's figures per minute and source, its pin moments and per-product funnel. Rejects with a `LiveShopError`. */
export async function loadAnalytics(
  target: StaffTarget,
  { signal }: { signal?: AbortSignal } = {},
): Promise<ShowAnalytics> {
  return (await (await get(target, 'application/json', signal)).json()) as ShowAnalytics;
}

/** The same minutes as CSV (one row per minute and source, revenue per currency), e.g. for a download link's Blob. */
export async function loadAnalyticsCsv(
  target: StaffTarget,
  { signal }: { signal?: AbortSignal } = {},
): Promise<string> {
  return (await get(target, 'text/csv', signal)).text();
}
