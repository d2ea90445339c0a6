/** Test support (not shipped): a local fake of the Stripe Checkout Sessions and Prices API and Stripe's webhook signing. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import {
  newSession,
  priceObject,
  Reject,
  token,
  type FakePriceInput,
  type FakeSession,
  type Form,
  type Prices,
} from './fake-stripe-objects.js';

import { newCoupon, sessionDiscounts, type FakeCoupon } from './fake-stripe-coupons.js';

export type { FakeSession } from './fake-stripe-objects.js';

export interface FakeStripeRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The form body decoded from Stripe's bracket notation (`a[b][0]=v` → `{a: {b: ['v']}}`); values stay strings. */
  body: Record<string, unknown>;
  raw: string;
}

export interface FakeStripe {
  /** For STRIPE_API_BASE / `apiBase`. */
  url: string;
  /** The only key the fake accepts (`Authorization: Bearer …`). */
  secretKey: string;
  requests: FakeStripeRequest[];
  /** Sessions really created: an idempotent replay adds none. */
  sessions: Map<string, FakeSession>;
  /** Coupons created through `POST /v1/coupons` (issue 15). */
  coupons: Map<string, FakeCoupon>;
  /** While true every connection is dropped unanswered (Stripe unreachable). */
  down: boolean;
  /** How far Stripe's clock runs ahead of ours (negative: behind); it decides what `expires_at` it accepts. */
  clockOffsetMs: number;
  /** Registers a Price that `line_items[i][price]` and `GET /v1/prices/:id` may name. */
  addPrice(id: string, price: FakePriceInput): void;
  /** The next `times` API calls answer this status with a Stripe-shaped error body. */
  failNext(status: number, times?: number): void;
  /** A Stripe Event object around a session, ready to be signed and posted as a webhook. */
  event(type: string, session: object, overrides?: Record<string, unknown>): Record<string, unknown>;
  /** The shopper finished the page: `paid` false is a delayed method (async_payment_* follows). */
  /**
   * The shopper finished the page: `paid` false is a delayed method (async_payment_* follows);
   * `promotionCode` takes that much off (only where the session allows promotion codes, as on Stripe's page).
   */
  complete(sessionId: string, options?: { paid?: boolean; promotionCode?: number }): FakeSession;
  close(): Promise<void>;
}

/** Stripe's webhook signature header (`t=…,v1=…`) for a payload, via the SDK's own test helper. */
export function signPayload(payload: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

/** Decodes Stripe's form encoding (`line_items[0][price_data][currency]=usd`) into nested objects and arrays. */
export function parseStripeForm(raw: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    const path = match ? [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)] : [key];
    // Plain objects stand in for Stripe's hashes: a key like __proto__ must not reach the prototype.
    if (path.some((part) => part === '__proto__' || part === 'constructor' || part === 'prototype')) continue;
    let node = root;
    path.forEach((part, i) => {
      const name = part === '' ? String(Object.keys(node).length) : part; // `a[]=x` appends
      if (i === path.length - 1) node[name] = value;
      else
        node = (node[name] = typeof node[name] === 'object' && node[name] !== null ? node[name] : {}) as Record<
          string,
          unknown
        >;
    });
  }
  const arrays = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value).map(([k, v]) => [k, arrays(v)] as const);
    const indexed = entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k));
    return indexed ? entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v) : Object.fromEntries(entries);
  };
  return arrays(root) as Record<string, unknown>;
}

/** Listens on 127.0.0.1:0 and accepts only `Authorization: Bearer <secretKey>`. */
export async function startFakeStripe(secretKey = `sk_test_fake${token(24)}`): Promise<FakeStripe> {
  const requests: FakeStripeRequest[] = [];
  const sessions = new Map<string, FakeSession>();
  const prices: Prices = new Map();
  const coupons = new Map<string, FakeCoupon>();
  const created = Math.floor(Date.now() / 1000);
  /** Idempotency-Key → the first request and its stored response (Stripe replays it for 24 h). */
  const replies = new Map<string, { path: string; raw: string; status: number; body: unknown }>();
  let failing = { status: 0, times: 0 };

  const nowS = () => Math.floor((Date.now() + fake.clockOffsetMs) / 1000);
  const route = (method: string, path: string, body: Form): { status: number; body: unknown } => {
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const session = newSession(body, prices, nowS, (params, total, currency) =>
        sessionDiscounts(params, coupons, total, currency),
      );
      sessions.set(session.id, session);
      return { status: 200, body: session };
    }
    if (method === 'POST' && path === '/v1/coupons') {
      const coupon = newCoupon(body);
      if (coupons.has(coupon.id)) throw new Reject(400, 'Coupon already exists.', 'id', 'resource_already_exists');
      coupons.set(coupon.id, coupon);
      return { status: 200, body: coupon };
    }
    const priceId = /^\/v1\/prices\/([^/]+)$/.exec(path)?.[1];
    if (method === 'GET' && priceId !== undefined) {
      const id = decodeURIComponent(priceId);
      const price = prices.get(id);
      if (!price) throw new Reject(404, `No such price: '${id}'`, 'price', 'resource_missing');
      return { status: 200, body: priceObject(id, price, created) };
    }
    const match = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(path);
    const session = match ? sessions.get(decodeURIComponent(match[1]!)) : undefined;
    if (match && !session)
      throw new Reject(
        404,
        `No such checkout.session: '${decodeURIComponent(match[1]!)}'`,
        'session',
        'resource_missing',
      );
    if (session && method === 'GET' && !match![2]) return { status: 200, body: session };
    if (session && method === 'POST' && match![2]) {
      if (session.status !== 'open')
        throw new Reject(
          400,
          `This Checkout Session is not in an expirable state (status: ${session.status}).`,
          undefined,
          'checkout_session_not_expirable',
        );
      Object.assign(session, { status: 'expired', url: null });
      return { status: 200, body: session };
    }
    throw new Reject(404, `Unrecognized request URL (${method}: ${path}).`);
  };

  const server: Server = createServer((req, res) => {
    if (fake.down) return void req.socket.destroy();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const method = req.method ?? '';
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      const body = parseStripeForm(raw);
      requests.push({ method, path, headers: req.headers, body, raw });
      const send = (status: number, payload: unknown, replayed = false) => {
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          'request-id': `req_${token(10)}`,
        };
        if (replayed) headers['idempotent-replayed'] = 'true';
        res.writeHead(status, headers);
        res.end(JSON.stringify(payload));
      };
      const fail = (r: Reject) =>
        send(r.status, {
          error: {
            type: r.type,
            message: r.message,
            ...(r.param ? { param: r.param } : {}),
            ...(r.code ? { code: r.code } : {}),
          },
        });

      const auth = req.headers.authorization;
      if (!auth)
        return fail(
          new Reject(
            401,
            "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
          ),
        );
      // Echoes the key unmasked (Stripe masks it) so tests prove the provider redacts it.
      if (auth !== `Bearer ${secretKey}`)
        return fail(new Reject(401, `Invalid API Key provided: ${auth.replace(/^Bearer /, '')}`));
      if (failing.times > 0) {
        failing.times -= 1;
        return fail(
          new Reject(
            failing.status,
            'Injected failure (fake Stripe)',
            undefined,
            undefined,
            failing.status >= 500 ? 'api_error' : 'invalid_request_error',
          ),
        );
      }

      const key = method === 'POST' ? req.headers['idempotency-key'] : undefined;
      const previous = typeof key === 'string' ? replies.get(key) : undefined;
      if (previous) {
        if (previous.path !== path || previous.raw !== raw) {
          const message = `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`;
          return fail(new Reject(400, message, undefined, undefined, 'idempotency_error'));
        }
        return send(previous.status, previous.body, true);
      }
      try {
        const reply = route(method, path, body);
        // Stripe saves a result only once the endpoint ran: validation errors are not replayed.
        if (typeof key === 'string') replies.set(key, { path, raw, ...reply, body: structuredClone(reply.body) });
        send(reply.status, reply.body);
      } catch (error) {
        if (!(error instanceof Reject)) throw error;
        fail(error);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeStripe = {
    url: `http://127.0.0.1:${port}`,
    secretKey,
    requests,
    sessions,
    coupons,
    down: false,
    clockOffsetMs: 0,
    addPrice(id, price) {
      prices.set(id, { ...price, currency: price.currency.toLowerCase() });
    },
    failNext(status, times = 1) {
      failing = { status, times };
    },
    event(type, session, overrides = {}) {
      return {
        id: `evt_${token(18)}`,
        object: 'event',
        api_version: Stripe.API_VERSION,
        created: Math.floor(Date.now() / 1000),
        data: { object: session },
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
        ...overrides,
      };
    },
    complete(sessionId, { paid = true, promotionCode } = {}) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`fake Stripe: no session ${sessionId}`);
      if (session.status !== 'open')
        throw new Error(`fake Stripe: session ${sessionId} is ${session.status}, not open`);
      // Stripe's page refuses to pay a session past its expires_at (by Stripe's clock).
      if (nowS() >= session.expires_at) {
        Object.assign(session, { status: 'expired', url: null });
        throw new Error(`fake Stripe: session ${sessionId} expired at ${session.expires_at}`);
      }
      if (promotionCode !== undefined) {
        if (!session.allow_promotion_codes)
          throw new Error(`fake Stripe: session ${sessionId} takes no promotion codes`);
        const off = Math.min(promotionCode, session.amount_total);
        session.amount_total -= off;
        session.total_details.amount_discount += off;
        session.discounts = [{ coupon: null, promotion_code: `promo_${token(14)}` }];
      }
      Object.assign(session, {
        status: 'complete',
        payment_status: paid ? 'paid' : 'unpaid',
        payment_intent: `pi_${token(18)}`,
        url: null,
      });
      return structuredClone(session);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
