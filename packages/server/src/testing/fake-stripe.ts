/** Test support (not shipped): a local fake of the Stripe Checkout Sessions API and Stripe's webhook signing. */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export interface FakeStripeRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The form body decoded from Stripe's bracket notation (`a[b][0]=v` → `{a: {b: ['v']}}`); values stay strings. */
  body: Record<string, unknown>;
  raw: string;
}

export interface FakeSession {
  id: string;
  object: 'checkout.session';
  amount_subtotal: number;
  amount_total: number;
  cancel_url: string | null;
  client_reference_id: string | null;
  client_secret: string | null;
  created: number;
  currency: string;
  expires_at: number;
  livemode: false;
  metadata: Record<string, string>;
  mode: string;
  payment_intent: string | null;
  payment_status: 'paid' | 'unpaid' | 'no_payment_required';
  return_url: string | null;
  status: 'open' | 'complete' | 'expired';
  success_url: string | null;
  ui_mode: string;
  url: string | null;
}

export interface FakeStripe {
  /** For STRIPE_API_BASE / `apiBase`. */
  url: string;
  /** The only key the fake accepts (`Authorization: Bearer …`). */
  secretKey: string;
  requests: FakeStripeRequest[];
  /** Sessions really created: an idempotent replay adds none. */
  sessions: Map<string, FakeSession>;
  /** While true every connection is dropped unanswered (Stripe unreachable). */
  down: boolean;
  /** Registers a Price that `line_items[i][price]` may name. */
  addPrice(id: string, price: { unit_amount: number; currency: string }): void;
  /** The next `times` API calls answer this status with a Stripe-shaped error body. */
  failNext(status: number, times?: number): void;
  /** A Stripe Event object around a session, ready to be signed and posted as a webhook. */
  event(type: string, session: object, overrides?: Record<string, unknown>): Record<string, unknown>;
  /** The shopper finished the page: `paid` false is a delayed method (async_payment_* follows). */
  complete(sessionId: string, options?: { paid?: boolean }): FakeSession;
  close(): Promise<void>;
}

const MIN_EXPIRY_S = 30 * 60;
const MAX_EXPIRY_S = 24 * 60 * 60;
const UI_MODES = ['hosted_page', 'embedded_page', 'elements', 'form'];
const TOP_PARAMS = [
  'mode', 'line_items', 'metadata', 'payment_intent_data', 'client_reference_id', 'expires_at', 'success_url', 'cancel_url',
  'return_url', 'ui_mode', 'redirect_on_completion', 'customer', 'customer_email', 'locale', 'expand', 'allow_promotion_codes',
  'automatic_tax', 'billing_address_collection', 'shipping_address_collection', 'phone_number_collection', 'payment_method_types',
  'submit_type', 'custom_text',
];
const LINE_ITEM_PARAMS = ['price', 'price_data', 'quantity', 'adjustable_quantity', 'tax_rates', 'dynamic_tax_rates', 'metadata'];
const PRICE_DATA_PARAMS = ['currency', 'unit_amount', 'unit_amount_decimal', 'product', 'product_data', 'tax_behavior'];
const PRODUCT_DATA_PARAMS = ['name', 'description', 'images', 'metadata', 'tax_code', 'unit_label'];
const PAYMENT_INTENT_PARAMS = ['metadata', 'description', 'capture_method', 'receipt_email', 'setup_future_usage', 'statement_descriptor', 'statement_descriptor_suffix', 'transfer_group'];

const token = (bytes: number) => randomBytes(bytes).toString('base64url').replace(/[-_]/g, '0');
const nowS = () => Math.floor(Date.now() / 1000);

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
      else node = (node[name] = typeof node[name] === 'object' && node[name] !== null ? node[name] : {}) as Record<string, unknown>;
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

/** A Stripe API error response, thrown inside a handler. */
class Reject {
  constructor(
    readonly status: number,
    readonly message: string,
    readonly param?: string,
    readonly code?: string,
    readonly type = 'invalid_request_error',
  ) {}
}

type Form = Record<string, unknown>;
const isForm = (value: unknown): value is Form => typeof value === 'object' && value !== null && !Array.isArray(value);
const fieldName = (prefix: string, key: string) => (prefix ? `${prefix}[${key}]` : key);

function allowOnly(form: Form, allowed: string[], prefix: string): void {
  for (const key of Object.keys(form)) {
    if (!allowed.includes(key)) throw new Reject(400, `Received unknown parameter: ${fieldName(prefix, key)}`, fieldName(prefix, key));
  }
}

function form(value: unknown, name: string): Form {
  if (!isForm(value)) throw new Reject(400, `Invalid object: ${name} must be a hash`, name);
  return value;
}

function str(value: unknown, name: string, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (value === undefined) throw new Reject(400, `Missing required param: ${name}.`, name);
  if (typeof value !== 'string') throw new Reject(400, `Invalid string: ${name}`, name);
  if (value === '') {
    throw new Reject(400, `You passed an empty string for '${name}'. We assume empty values are an attempt to unset a parameter; however '${name}' cannot be unset. You should remove '${name}' from your request or supply a non-empty value.`, name);
  }
  return value;
}

function int(value: unknown, name: string, min: number): number {
  const text = str(value, name, true)!;
  if (!/^-?\d+$/.test(text) || Number(text) < min) throw new Reject(400, `Invalid integer: ${text}`, name);
  return Number(text);
}

function httpUrl(value: unknown, name: string, required: boolean): string | null {
  const text = str(value, name, required);
  if (text === undefined) return null;
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    // reported below
  }
  if (!ok) throw new Reject(400, `Not a valid URL`, name);
  return text;
}

function metadataOf(value: unknown, name: string): Record<string, string> {
  if (value === undefined) return {};
  const entries = Object.entries(form(value, name));
  if (entries.length > 50) throw new Reject(400, `Invalid ${name}: at most 50 keys`, name);
  for (const [key, v] of entries) {
    if (key.length > 40 || typeof v !== 'string' || v.length > 500) throw new Reject(400, `Invalid ${name}[${key}]: keys up to 40 and values up to 500 characters`, `${name}[${key}]`);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

type Prices = Map<string, { unit_amount: number; currency: string }>;

/** Validates a create-session request like Stripe does (the subset this project sends) and builds the Session. */
function newSession(params: Form, prices: Prices): FakeSession {
  allowOnly(params, TOP_PARAMS, '');
  const mode = str(params.mode, 'mode', true)!;
  if (!['payment', 'setup', 'subscription'].includes(mode)) throw new Reject(400, `Invalid mode: must be one of payment, setup, or subscription`, 'mode');
  const uiMode = str(params.ui_mode, 'ui_mode', false) ?? 'hosted_page';
  if (!UI_MODES.includes(uiMode)) throw new Reject(400, `Invalid ui_mode: must be one of ${UI_MODES.join(', ')}`, 'ui_mode');
  const hosted = uiMode === 'hosted_page';
  for (const name of hosted ? ['return_url'] : ['success_url', 'cancel_url']) {
    if (params[name] !== undefined) throw new Reject(400, `You cannot use \`${name}\` with \`ui_mode: ${uiMode}\`.`, name);
  }
  const successUrl = hosted ? httpUrl(params.success_url, 'success_url', true) : null;
  const cancelUrl = hosted ? httpUrl(params.cancel_url, 'cancel_url', false) : null;
  const returnUrl = hosted ? null : httpUrl(params.return_url, 'return_url', params.redirect_on_completion !== 'never');

  if (!Array.isArray(params.line_items) || params.line_items.length === 0) throw new Reject(400, 'Missing required param: line_items.', 'line_items');
  let total = 0;
  let currency: string | null = null;
  params.line_items.forEach((raw, i) => {
    const name = `line_items[${i}]`;
    const item = form(raw, name);
    allowOnly(item, LINE_ITEM_PARAMS, name);
    const quantity = int(item.quantity, `${name}[quantity]`, 1);
    if ((item.price === undefined) === (item.price_data === undefined)) throw new Reject(400, `You must specify either \`price\` or \`price_data\` in ${name}.`, name);
    let unit: { unit_amount: number; currency: string };
    if (item.price !== undefined) {
      const id = str(item.price, `${name}[price]`, true)!;
      const price = prices.get(id);
      if (!price) throw new Reject(400, `No such price: '${id}'`, `${name}[price]`, 'resource_missing');
      unit = price;
    } else {
      const data = form(item.price_data, `${name}[price_data]`);
      allowOnly(data, PRICE_DATA_PARAMS, `${name}[price_data]`);
      const itemCurrency = str(data.currency, `${name}[price_data][currency]`, true)!;
      // Stripe's currency codes are lower-case ISO 4217.
      if (!/^[a-z]{3}$/.test(itemCurrency)) throw new Reject(400, `Invalid currency: ${itemCurrency}`, `${name}[price_data][currency]`);
      unit = { unit_amount: int(data.unit_amount, `${name}[price_data][unit_amount]`, 0), currency: itemCurrency };
      if (data.product === undefined) {
        const product = form(data.product_data, `${name}[price_data][product_data]`);
        allowOnly(product, PRODUCT_DATA_PARAMS, `${name}[price_data][product_data]`);
        str(product.name, `${name}[price_data][product_data][name]`, true);
        str(product.description, `${name}[price_data][product_data][description]`, false);
        const images = product.images ?? [];
        if (!Array.isArray(images) || images.length > 8) throw new Reject(400, 'Invalid array: at most 8 images', `${name}[price_data][product_data][images]`);
        images.forEach((image, j) => httpUrl(image, `${name}[price_data][product_data][images][${j}]`, true));
      }
    }
    if (currency !== null && unit.currency !== currency) throw new Reject(400, 'All line items must use the same currency.', name);
    currency = unit.currency;
    total += unit.unit_amount * quantity;
  });

  const expiresAt = params.expires_at === undefined ? nowS() + MAX_EXPIRY_S : int(params.expires_at, 'expires_at', 0);
  if (expiresAt < nowS() + MIN_EXPIRY_S) throw new Reject(400, 'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.', 'expires_at');
  if (expiresAt > nowS() + MAX_EXPIRY_S) throw new Reject(400, 'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.', 'expires_at');
  if (params.payment_intent_data !== undefined) {
    if (mode !== 'payment') throw new Reject(400, 'payment_intent_data can only be used in payment mode.', 'payment_intent_data');
    const data = form(params.payment_intent_data, 'payment_intent_data');
    allowOnly(data, PAYMENT_INTENT_PARAMS, 'payment_intent_data');
    metadataOf(data.metadata, 'payment_intent_data[metadata]');
  }
  const reference = str(params.client_reference_id, 'client_reference_id', false) ?? null;
  if (reference !== null && reference.length > 200) throw new Reject(400, 'client_reference_id must be at most 200 characters', 'client_reference_id');

  const id = `cs_test_a1${token(42)}`;
  return {
    id,
    object: 'checkout.session',
    amount_subtotal: total,
    amount_total: total,
    cancel_url: cancelUrl,
    client_reference_id: reference,
    client_secret: uiMode === 'embedded_page' || uiMode === 'elements' ? `${id}_secret_${token(18)}` : null,
    created: nowS(),
    currency: currency!,
    expires_at: expiresAt,
    livemode: false,
    metadata: metadataOf(params.metadata, 'metadata'),
    mode,
    payment_intent: null,
    payment_status: 'unpaid',
    return_url: returnUrl,
    status: 'open',
    success_url: successUrl,
    ui_mode: uiMode,
    url: hosted ? `https://checkout.stripe.com/c/pay/${id}` : null,
  };
}

/** Listens on 127.0.0.1:0 and accepts only `Authorization: Bearer <secretKey>`. */
export async function startFakeStripe(secretKey = `sk_test_fake${token(24)}`): Promise<FakeStripe> {
  const requests: FakeStripeRequest[] = [];
  const sessions = new Map<string, FakeSession>();
  const prices: Prices = new Map();
  /** Idempotency-Key → the first request and its stored response (Stripe replays it for 24 h). */
  const replies = new Map<string, { path: string; raw: string; status: number; body: unknown }>();
  let failing = { status: 0, times: 0 };

  const route = (method: string, path: string, body: Form): { status: number; body: unknown } => {
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const session = newSession(body, prices);
      sessions.set(session.id, session);
      return { status: 200, body: session };
    }
    const match = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(path);
    const session = match ? sessions.get(decodeURIComponent(match[1]!)) : undefined;
    if (match && !session) throw new Reject(404, `No such checkout.session: '${decodeURIComponent(match[1]!)}'`, 'session', 'resource_missing');
    if (session && method === 'GET' && !match![2]) return { status: 200, body: session };
    if (session && method === 'POST' && match![2]) {
      if (session.status !== 'open') throw new Reject(400, `This Checkout Session is not in an expirable state (status: ${session.status}).`, undefined, 'checkout_session_not_expirable');
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
        const headers: Record<string, string> = { 'content-type': 'application/json', 'request-id': `req_${token(10)}` };
        if (replayed) headers['idempotent-replayed'] = 'true';
        res.writeHead(status, headers);
        res.end(JSON.stringify(payload));
      };
      const fail = (r: Reject) =>
        send(r.status, { error: { type: r.type, message: r.message, ...(r.param ? { param: r.param } : {}), ...(r.code ? { code: r.code } : {}) } });

      const auth = req.headers.authorization;
      if (!auth) return fail(new Reject(401, "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."));
      // Echoes the key unmasked (Stripe masks it) so tests prove the provider redacts it.
      if (auth !== `Bearer ${secretKey}`) return fail(new Reject(401, `Invalid API Key provided: ${auth.replace(/^Bearer /, '')}`));
      if (failing.times > 0) {
        failing.times -= 1;
        return fail(new Reject(failing.status, 'Injected failure (fake Stripe)', undefined, undefined, failing.status >= 500 ? 'api_error' : 'invalid_request_error'));
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
    down: false,
    addPrice(id, price) {
      prices.set(id, { unit_amount: price.unit_amount, currency: price.currency.toLowerCase() });
    },
    failNext(status, times = 1) {
      failing = { status, times };
    },
    event(type, session, overrides = {}) {
      return {
        id: `evt_${token(18)}`,
        object: 'event',
        api_version: Stripe.API_VERSION,
        created: nowS(),
        data: { object: session },
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
        ...overrides,
      };
    },
    complete(sessionId, { paid = true } = {}) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`fake Stripe: no session ${sessionId}`);
      if (session.status !== 'open') throw new Error(`fake Stripe: session ${sessionId} is ${session.status}, not open`);
      Object.assign(session, { status: 'complete', payment_status: paid ? 'paid' : 'unpaid', payment_intent: `pi_${token(18)}`, url: null });
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
