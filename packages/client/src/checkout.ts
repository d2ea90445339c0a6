/**
 * The commerce plane over HTTP, shared by `LiveShopClient.checkout` and `<live-shop-product-card>`:
 * one place that speaks `CheckoutRoute` and turns every failure into a `LiveShopError`. No connection needed.
 */
import {
  CheckoutRoute,
  ErrorCode,
  LiveShopError,
  routePath,
  type AttributionSource,
  type CheckoutRequest,
  type CheckoutSession,
  type ErrorBody,
} from '@live-shop/protocol';
import { defaultStorage, readCredential } from './credential.js';

/** A show on a live-shop server (`server`: an absolute URL, e.g. `https://live.example.com`). */
export interface ShowTarget {
  server: string;
  show: string;
}

/** Shown to shoppers when the request never reached the server. */
const UNREACHABLE = "Can't reach the shop right now";

const post = (
  { server, show }: ShowTarget,
  route: typeof CheckoutRoute.Start | typeof CheckoutRoute.Clicks,
  init: RequestInit,
) =>
  fetch(new URL(routePath(route, { id: show }), server), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...init,
  });

/**
 * Starts a checkout for a product of the show (`POST /api/shows/:id/checkout`); the price comes from
 * the server's catalog. Resolves with the session, its `url` resolved against the server (or
 * `embedded` for Stripe's embedded Checkout). Rejects with a `LiveShopError`: the server's own
 * (`sold_out` — message "Sold out", or "Only N left" when more were asked for —, `not_found`,
 * `bad_request`, `rate_limited`, `checkout_unavailable`…), or `internal` when it cannot be reached.
 */
export async function startCheckout(target: ShowTarget, request: CheckoutRequest): Promise<CheckoutSession> {
  let res: Response;
  // Per-buyer limits (issue 15): the viewer's signed id is who buys, so it goes along when stored.
  const viewer = request.viewer ?? readCredential(defaultStorage(), target.server);
  try {
    res = await post(target, CheckoutRoute.Start, { body: JSON.stringify({ ...request, ...(viewer && { viewer }) }) });
  } catch {
    throw new LiveShopError(ErrorCode.Internal, UNREACHABLE);
  }
  const body = (await res.json().catch(() => null)) as (Partial<CheckoutSession> & { error?: ErrorBody }) | null;
  if (!res.ok || !body || body.error) {
    const error = body?.error ?? {
      code: ErrorCode.Internal,
      message: `Checkout is not available (HTTP ${res.status})`,
    };
    throw new LiveShopError(error.code as ErrorCode, error.message);
  }
  if (!body.url && !body.embedded) throw new LiveShopError(ErrorCode.CheckoutUnavailable, 'Checkout is not available');
  return { ...(body as CheckoutSession), url: body.url ? new URL(body.url, target.server).href : null };
}

/**
 * Counts a Buy now press the server's checkout never sees (your own cart took it, or a fixed
 * `checkoutUrl`), for the show's funnel (`POST /api/shows/:id/clicks`). Fire and forget: sent with
 * `keepalive` (the page may navigate to the cart at once); never rejects, failures are ignored.
 */
export async function countBuyClick(
  target: ShowTarget,
  click: { productId: string; quantity: number; source?: AttributionSource },
): Promise<void> {
  await post(target, CheckoutRoute.Clicks, { body: JSON.stringify(click), keepalive: true }).catch(() => {});
}

/**
 * An embedded checkout was closed unpaid: releases its stock hold now rather than when it expires
 * (`POST /api/shows/:id/orders/:order/cancel`). Fire and forget, with `keepalive` (the shopper may be
 * leaving the page); never rejects: if it is lost, the hold lapses by itself.
 */
export async function releaseCheckout({ server, show }: ShowTarget, orderId: string): Promise<void> {
  const url = new URL(routePath(CheckoutRoute.CancelOrder, { id: show, order: orderId }), server);
  await fetch(url, { method: 'POST', keepalive: true }).catch(() => {});
}
