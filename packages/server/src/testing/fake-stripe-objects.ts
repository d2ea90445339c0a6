/** Test support (not shipped): the Stripe objects the fake keeps and how it validates requests, like Stripe does (the subset this project sends). */
import { randomBytes } from 'node:crypto';

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
  // Coupons and promotion codes (issue 15)
  allow_promotion_codes: boolean | null;
  discounts: { coupon: string | null; promotion_code: string | null }[];
  total_details: { amount_discount: number; amount_shipping: number; amount_tax: number };
}

/** What a session's `discounts` / `allow_promotion_codes` come to. */
export interface SessionDiscounts {
  allowPromotionCodes: boolean | null;
  discounts: { coupon: string | null; promotion_code: string | null }[];
  discount: number;
}

const MIN_EXPIRY_S = 30 * 60;
const MAX_EXPIRY_S = 24 * 60 * 60;
const UI_MODES = ['hosted_page', 'embedded_page', 'elements', 'form'];
const TOP_PARAMS = [
  'mode',
  'line_items',
  'metadata',
  'payment_intent_data',
  'client_reference_id',
  'expires_at',
  'success_url',
  'cancel_url',
  'return_url',
  'ui_mode',
  'redirect_on_completion',
  'customer',
  'customer_email',
  'locale',
  'expand',
  'allow_promotion_codes',
  'automatic_tax',
  'billing_address_collection',
  'shipping_address_collection',
  'phone_number_collection',
  'payment_method_types',
  'submit_type',
  'custom_text',
  'discounts',
];
const LINE_ITEM_PARAMS = [
  'price',
  'price_data',
  'quantity',
  'adjustable_quantity',
  'tax_rates',
  'dynamic_tax_rates',
  'metadata',
];
const PRICE_DATA_PARAMS = ['currency', 'unit_amount', 'unit_amount_decimal', 'product', 'product_data', 'tax_behavior'];
const PRODUCT_DATA_PARAMS = ['name', 'description', 'images', 'metadata', 'tax_code', 'unit_label'];
const PAYMENT_INTENT_PARAMS = [
  'metadata',
  'description',
  'capture_method',
  'receipt_email',
  'setup_future_usage',
  'statement_descriptor',
  'statement_descriptor_suffix',
  'transfer_group',
];

export const token = (bytes: number) => randomBytes(bytes).toString('base64url').replace(/[-_]/g, '0');

/** A Stripe API error response, thrown inside a handler. */
export class Reject {
  constructor(
    readonly status: number,
    readonly message: string,
    readonly param?: string,
    readonly code?: string,
    readonly type = 'invalid_request_error',
  ) {}
}

export type Form = Record<string, unknown>;
const isForm = (value: unknown): value is Form => typeof value === 'object' && value !== null && !Array.isArray(value);
const fieldName = (prefix: string, key: string) => (prefix ? `${prefix}[${key}]` : key);

export function allowOnly(form: Form, allowed: string[], prefix: string): void {
  for (const key of Object.keys(form)) {
    if (!allowed.includes(key))
      throw new Reject(400, `Received unknown parameter: ${fieldName(prefix, key)}`, fieldName(prefix, key));
  }
}

export function form(value: unknown, name: string): Form {
  if (!isForm(value)) throw new Reject(400, `Invalid object: ${name} must be a hash`, name);
  return value;
}

export function str(value: unknown, name: string, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (value === undefined) throw new Reject(400, `Missing required param: ${name}.`, name);
  if (typeof value !== 'string') throw new Reject(400, `Invalid string: ${name}`, name);
  if (value === '') {
    throw new Reject(
      400,
      `You passed an empty string for '${name}'. We assume empty values are an attempt to unset a parameter; however '${name}' cannot be unset. You should remove '${name}' from your request or supply a non-empty value.`,
      name,
    );
  }
  return value;
}

export function int(value: unknown, name: string, min: number): number {
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

export function metadataOf(value: unknown, name: string): Record<string, string> {
  if (value === undefined) return {};
  const entries = Object.entries(form(value, name));
  if (entries.length > 50) throw new Reject(400, `Invalid ${name}: at most 50 keys`, name);
  for (const [key, v] of entries) {
    if (key.length > 40 || typeof v !== 'string' || v.length > 500)
      throw new Reject(
        400,
        `Invalid ${name}[${key}]: keys up to 40 and values up to 500 characters`,
        `${name}[${key}]`,
      );
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/** A Price as `addPrice` registers it: one-time and active unless said otherwise. */
export interface FakePriceInput {
  unit_amount: number;
  currency: string;
  recurring?: { interval: 'day' | 'week' | 'month' | 'year'; interval_count?: number };
  active?: boolean;
}
export type Prices = Map<string, FakePriceInput>;

/** The Price object `GET /v1/prices/:id` answers (the fields of the API version this SDK pins). */
export function priceObject(id: string, price: FakePriceInput, created: number): Record<string, unknown> {
  const { recurring } = price;
  return {
    id,
    object: 'price',
    active: price.active ?? true,
    billing_scheme: 'per_unit',
    created,
    currency: price.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: `prod_${id.replace(/^price_/, '')}`,
    recurring: recurring
      ? {
          interval: recurring.interval,
          interval_count: recurring.interval_count ?? 1,
          meter: null,
          trial_period_days: null,
          usage_type: 'licensed',
        }
      : null,
    tax_behavior: 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: price.unit_amount,
    unit_amount_decimal: String(price.unit_amount),
  };
}

/**
 * A few of Stripe's amount rules (docs.stripe.com/currencies), written out independently of the
 * server's own table so a test can catch it getting one wrong: ISK and UGX in whole units (×100),
 * three-decimal currencies ending in 0, eight digits at most, a minimum charge in some currencies.
 */
const WHOLE_UNITS = ['isk', 'ugx'];
const THREE_DECIMALS = ['bhd', 'jod', 'kwd', 'omr', 'tnd'];
const MINIMUM: Record<string, number> = { usd: 50, eur: 50, gbp: 30, jpy: 50, huf: 17500 };

function checkAmount(unit: FakePriceInput, total: number, param: string): void {
  if (WHOLE_UNITS.includes(unit.currency) && unit.unit_amount % 100 !== 0) {
    throw new Reject(
      400,
      `Invalid amount. Currency ${unit.currency.toUpperCase()} has become effectively zero-decimal and charged amounts must be evenly divisible by 100.`,
      param,
      'invalid_charge_amount_no_decimal_compatible',
    );
  }
  if (THREE_DECIMALS.includes(unit.currency) && unit.unit_amount % 10 !== 0) {
    throw new Reject(400, `Invalid amount: ${unit.currency.toUpperCase()} amounts must end in 0.`, param);
  }
  if (unit.unit_amount > 99_999_999 || total > 99_999_999)
    throw new Reject(400, 'Amount must be no more than 99999999', param, 'amount_too_large');
}

/** Validates a create-session request like Stripe does (the subset this project sends) and builds the Session. */
export function newSession(
  params: Form,
  prices: Prices,
  nowS: () => number,
  /** `discounts` and `allow_promotion_codes` (fake-stripe-coupons.ts `sessionDiscounts`); none by default. */
  discountsOf: (params: Form, total: number, currency: string) => SessionDiscounts = () => ({
    allowPromotionCodes: null,
    discounts: [],
    discount: 0,
  }),
): FakeSession {
  allowOnly(params, TOP_PARAMS, '');
  const mode = str(params.mode, 'mode', true)!;
  if (!['payment', 'setup', 'subscription'].includes(mode))
    throw new Reject(400, `Invalid mode: must be one of payment, setup, or subscription`, 'mode');
  const uiMode = str(params.ui_mode, 'ui_mode', false) ?? 'hosted_page';
  if (!UI_MODES.includes(uiMode))
    throw new Reject(400, `Invalid ui_mode: must be one of ${UI_MODES.join(', ')}`, 'ui_mode');
  const hosted = uiMode === 'hosted_page';
  for (const name of hosted ? ['return_url'] : ['success_url', 'cancel_url']) {
    if (params[name] !== undefined)
      throw new Reject(400, `You cannot use \`${name}\` with \`ui_mode: ${uiMode}\`.`, name);
  }
  const successUrl = hosted ? httpUrl(params.success_url, 'success_url', true) : null;
  const cancelUrl = hosted ? httpUrl(params.cancel_url, 'cancel_url', false) : null;
  const returnUrl = hosted ? null : httpUrl(params.return_url, 'return_url', params.redirect_on_completion !== 'never');

  if (!Array.isArray(params.line_items) || params.line_items.length === 0)
    throw new Reject(400, 'Missing required param: line_items.', 'line_items');
  let total = 0;
  let currency: string | null = null;
  params.line_items.forEach((raw, i) => {
    const name = `line_items[${i}]`;
    const item = form(raw, name);
    allowOnly(item, LINE_ITEM_PARAMS, name);
    const quantity = int(item.quantity, `${name}[quantity]`, 1);
    if ((item.price === undefined) === (item.price_data === undefined))
      throw new Reject(400, `You must specify either \`price\` or \`price_data\` in ${name}.`, name);
    let unit: FakePriceInput;
    if (item.price !== undefined) {
      const id = str(item.price, `${name}[price]`, true)!;
      const price = prices.get(id);
      if (!price) throw new Reject(400, `No such price: '${id}'`, `${name}[price]`, 'resource_missing');
      if (price.active === false)
        throw new Reject(
          400,
          `The price specified is inactive. This field only accepts active prices.`,
          `${name}[price]`,
        );
      if (price.recurring && mode === 'payment') {
        throw new Reject(400, 'You must be in subscription mode to specify a recurring price.', `${name}[price]`);
      }
      unit = price;
    } else {
      const data = form(item.price_data, `${name}[price_data]`);
      allowOnly(data, PRICE_DATA_PARAMS, `${name}[price_data]`);
      const itemCurrency = str(data.currency, `${name}[price_data][currency]`, true)!;
      // Stripe's currency codes are lower-case ISO 4217.
      if (!/^[a-z]{3}$/.test(itemCurrency))
        throw new Reject(400, `Invalid currency: ${itemCurrency}`, `${name}[price_data][currency]`);
      unit = { unit_amount: int(data.unit_amount, `${name}[price_data][unit_amount]`, 0), currency: itemCurrency };
      if (data.product === undefined) {
        const product = form(data.product_data, `${name}[price_data][product_data]`);
        allowOnly(product, PRODUCT_DATA_PARAMS, `${name}[price_data][product_data]`);
        str(product.name, `${name}[price_data][product_data][name]`, true);
        str(product.description, `${name}[price_data][product_data][description]`, false);
        const images = product.images ?? [];
        if (!Array.isArray(images) || images.length > 8)
          throw new Reject(400, 'Invalid array: at most 8 images', `${name}[price_data][product_data][images]`);
        images.forEach((image, j) => httpUrl(image, `${name}[price_data][product_data][images][${j}]`, true));
      }
    }
    if (currency !== null && unit.currency !== currency)
      throw new Reject(400, 'All line items must use the same currency.', name);
    currency = unit.currency;
    total += unit.unit_amount * quantity;
    checkAmount(unit, total, name);
  });
  if (mode === 'payment' && total < (MINIMUM[currency!] ?? 1)) {
    throw new Reject(
      400,
      `The Checkout Session's total amount due must add up to at least the minimum charge amount in ${currency}.`,
      'line_items',
      'amount_too_small',
    );
  }

  const expiresAt = params.expires_at === undefined ? nowS() + MAX_EXPIRY_S : int(params.expires_at, 'expires_at', 0);
  if (expiresAt < nowS() + MIN_EXPIRY_S)
    throw new Reject(
      400,
      'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
      'expires_at',
    );
  if (expiresAt > nowS() + MAX_EXPIRY_S)
    throw new Reject(
      400,
      'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
      'expires_at',
    );
  if (params.payment_intent_data !== undefined) {
    if (mode !== 'payment')
      throw new Reject(400, 'payment_intent_data can only be used in payment mode.', 'payment_intent_data');
    const data = form(params.payment_intent_data, 'payment_intent_data');
    allowOnly(data, PAYMENT_INTENT_PARAMS, 'payment_intent_data');
    metadataOf(data.metadata, 'payment_intent_data[metadata]');
  }
  const reference = str(params.client_reference_id, 'client_reference_id', false) ?? null;
  if (reference !== null && reference.length > 200)
    throw new Reject(400, 'client_reference_id must be at most 200 characters', 'client_reference_id');

  const { allowPromotionCodes, discounts, discount } = discountsOf(params, total, currency!);
  const id = `cs_test_a1${token(42)}`;
  return {
    id,
    object: 'checkout.session',
    amount_subtotal: total,
    amount_total: total - discount,
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
    allow_promotion_codes: allowPromotionCodes,
    discounts,
    total_details: { amount_discount: discount, amount_shipping: 0, amount_tax: 0 },
  };
}
