/** Test support (not shipped): commerce helpers over the harness — checkouts, stats, stock, webhooks, socket barriers. */
import type {
  CheckoutSession,
  CreatedShow,
  CreateProductBody,
  Product,
  PublicShow,
  SalesSummary,
} from '@live-shop/protocol';
import type { Socket } from 'socket.io-client';
import type { OrderRecord } from '../store/store.js';
import { signPayload } from './fake-stripe.js';
import { request, withTimeout, type ClientSocket, type Harness } from './harness.js';

/** An order as the store keeps it, for tests and benches that place one directly (`store.placeOrder`). */
export function orderRecord(
  fields: Pick<OrderRecord, 'id' | 'showId' | 'productId' | 'amount' | 'currency' | 'status'> & Partial<OrderRecord>,
): OrderRecord {
  const at = fields.createdAt ?? Date.now();
  return {
    quantity: 1,
    unitAmount: fields.amount,
    flag: null,
    provider: 'local',
    sessionId: null,
    checkoutUrl: null,
    embedded: null,
    shopperRef: null,
    viewerRef: null,
    returnUrl: null,
    idempotencyKey: null,
    holder: null,
    reserved: false,
    expiresAt: null,
    paidAt: null,
    createdAt: at,
    updatedAt: at,
    source: 'live',
    ...fields,
  };
}

export const WEBHOOK_SECRET = 'whsec_test_commerce_0123456789abcdef';

/** A show with one product of limited stock (the shape most commerce tests need). */
export async function showWithProduct(
  h: Harness,
  product: Partial<CreateProductBody> = {},
): Promise<{ show: CreatedShow; product: Product }> {
  const show = await h.createShow({
    title: 'Commerce show',
    products: [
      { title: 'Linen scarf', description: 'Soft', price: { amount: 2500, currency: 'EUR' }, stock: 3, ...product },
    ],
  });
  return { show, product: show.products[0]! };
}

export type CheckoutAnswer = { status: number; json: any; text: string } & { session: CheckoutSession };

/** `POST /api/shows/:id/checkout` as a storefront sends it: no admin key. */
export async function checkout(
  h: Harness,
  showId: string,
  body: Record<string, unknown>,
  timeoutMs?: number,
): Promise<CheckoutAnswer> {
  if (timeoutMs === undefined) {
    const res = await h.api('POST', `/api/shows/${showId}/checkout`, { body, admin: false });
    return { ...res, session: res.json as CheckoutSession };
  }
  // A slow provider (SDK retries) needs a longer bound than the harness's default.
  const res = await withTimeout(
    fetch(`${h.url}/api/shows/${showId}/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    'checkout',
    timeoutMs,
  );
  const text = await res.text();
  const json = JSON.parse(text);
  return { status: res.status, json, text, session: json as CheckoutSession };
}

/** Admin stats (flushes funnel counters first). */
export async function stats(h: Harness, showId: string): Promise<SalesSummary> {
  const res = await h.api('GET', `/api/shows/${showId}/stats`);
  if (res.status !== 200) throw new Error(`stats failed: ${res.status} ${res.text}`);
  return res.json as SalesSummary;
}

/** Stats without the clock, to compare two readings. */
export const timeless = ({ at: _at, ...rest }: SalesSummary) => rest;

export async function publicShow(h: Harness, showId: string): Promise<PublicShow> {
  const res = await h.api('GET', `/api/shows/${showId}`, { admin: false });
  if (res.status !== 200) throw new Error(`show failed: ${res.status} ${res.text}`);
  return res.json as PublicShow;
}

/** Units left as the public show reports them. */
export async function stockOf(h: Harness, showId: string, productId: string): Promise<number | null> {
  return (await publicShow(h, showId)).products.find((p) => p.id === productId)!.stock;
}

/** The order as the admin sees it (it is among the recent ones in these tests). */
export async function orderOf(h: Harness, showId: string, orderId: string) {
  const order = (await stats(h, showId)).recent.find((o) => o.id === orderId);
  if (!order) throw new Error(`order ${orderId} not in stats`);
  return order;
}

/** A POST like a browser form submit, without following the redirect. */
export async function submit(
  h: Harness,
  route: string,
): Promise<{ status: number; location: string | null; text: string }> {
  const res = await withTimeout(fetch(h.url + route, { method: 'POST', redirect: 'manual' }), `POST ${route}`);
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

/**
 * Leaves a checkout the way a browser does: POSTs (e.g. the local page's Cancel) and follows this
 * server's own redirects (`/checkout/cancel/:order`) to where the shopper ends up.
 */
export async function leave(
  h: Harness,
  route: string,
): Promise<{ status: number; location: string | null; hops: string[] }> {
  let res = await submit(h, route);
  const hops: string[] = [];
  for (let i = 0; i < 3 && res.status === 303 && res.location?.startsWith('/checkout/cancel/'); i++) {
    hops.push(res.location);
    const next = await withTimeout(fetch(h.url + res.location, { redirect: 'manual' }), `GET ${res.location}`);
    res = { status: next.status, location: next.headers.get('location'), text: await next.text() };
  }
  return { status: res.status, location: res.location, hops };
}

/** Posts a webhook body to `/webhooks/stripe`; `signature: null` sends no header. */
export async function deliver(h: Harness, body: string, signature: string | null) {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (signature !== null) headers['stripe-signature'] = signature;
  return h.api('POST', '/webhooks/stripe', { body, admin: false, headers });
}

/** Signs an event with the webhook secret and delivers it. */
export function deliverSigned(h: Harness, event: object, secret = WEBHOOK_SECRET) {
  const payload = JSON.stringify(event);
  return deliver(h, payload, signPayload(payload, secret));
}

/**
 * Resolves after a round trip on `socket`: anything the server emitted to it before has arrived,
 * so "nothing was received" is a real observation and not a race.
 */
export async function barrier(socket: ClientSocket): Promise<void> {
  const ack = await request(socket, 'test:barrier', {});
  if (ack?.error?.code !== 'unknown_event') throw new Error(`barrier: unexpected ack ${JSON.stringify(ack)}`);
}

/** Every event a socket receives, in order, as its JSON (for leak checks). */
export function recordAll(socket: ClientSocket): string[] {
  const seen: string[] = [];
  (socket as unknown as Socket).onAny((event: string, ...args: unknown[]) =>
    seen.push(`${event} ${JSON.stringify(args)}`),
  );
  return seen;
}
