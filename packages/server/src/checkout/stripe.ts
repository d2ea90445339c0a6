import { ErrorCode, LiveShopError, STRIPE_API_VERSION, type CreateProductBody } from '@live-shop/protocol';
import Stripe from 'stripe';
import type { StripeConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { parseSignedEvent } from './events.js';
import type { CheckoutCreateInput, CheckoutEvent, CheckoutProvider, CreatedCheckout } from './provider.js';
import { WebhookSignatureError } from './provider.js';
import {
  describeStripeAmount,
  fromStripeAmount,
  STRIPE_MAX_AMOUNT,
  stripeAmountProblem,
  toStripeAmount,
} from './stripe-currencies.js';

/** Stripe accepts `expires_at` from 30 min to 24 h after the session is created. */
export const STRIPE_MIN_TTL_MS = 30 * 60_000;
export const STRIPE_MAX_TTL_MS = 24 * 60 * 60_000;
/** Stripe measures the window by its own clock when the request arrives: this absorbs clock skew, latency and SDK retries. */
export const STRIPE_TTL_MARGIN_MS = 5 * 60_000;
export const STRIPE_TIMEOUT_MS = 10_000;
export const STRIPE_MAX_NETWORK_RETRIES = 2;

export type StripeCheckoutConfig = StripeConfig & {
  /** How long an unpaid checkout holds its stock; clamped into Stripe's window with its margin (default 35 min). */
  sessionTtlMs?: number;
};

type LineItem = Stripe.Checkout.SessionCreateParams.LineItem;

/** `http://127.0.0.1:12111` → the SDK's host/port/protocol (it has no base-URL option). */
function apiHost(apiBase: string | undefined): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  // The SDK hands the host to node:http, which wants IPv6 literals without brackets.
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port || (protocol === 'http' ? 80 : 443),
    protocol,
  };
}

/** Relative catalog images resolve against this server; Stripe only fetches absolute http(s) URLs. */
function absoluteImage(imageUrl: string | null, origin: string): string | null {
  if (!imageUrl) return null;
  try {
    const url = new URL(imageUrl, origin);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Every amount comes from the catalog product: a Stripe Price when it has one, else its own price in
 * Stripe's units. A flash deal's price is never a Stripe Price: it goes as `price_data`.
 */
function lineItem({ product, quantity, origin }: CheckoutCreateInput, unitAmount: number, deal: boolean): LineItem {
  if (unitAmount * quantity > STRIPE_MAX_AMOUNT) {
    throw new LiveShopError(
      ErrorCode.BadRequest,
      `quantity: at most ${Math.floor(STRIPE_MAX_AMOUNT / unitAmount)} in one Stripe checkout`,
    );
  }
  if (product.stripePriceId && !deal) return { quantity, price: product.stripePriceId };
  const image = absoluteImage(product.imageUrl, origin);
  return {
    quantity,
    price_data: {
      currency: product.price.currency.toLowerCase(),
      unit_amount: unitAmount,
      product_data: {
        name: product.title,
        // Stripe reads an empty string as "unset" and rejects it on create.
        ...(product.description.trim() ? { description: product.description } : {}),
        ...(image ? { images: [image] } : {}),
      },
    },
  };
}

const badProduct = (message: string) => new LiveShopError(ErrorCode.BadRequest, message);

/** One line for the server log: what Stripe said, with its request id for the dashboard. */
function describe(error: unknown): string {
  if (error instanceof Stripe.errors.StripeError) {
    const parts = [
      error.type,
      error.statusCode,
      error.code,
      error.param && `param=${error.param}`,
      error.message,
      error.requestId,
    ];
    return parts.filter((part) => part !== undefined && part !== null && part !== '').join(' ');
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Readable, secret-free message: it reaches the shopper's browser as the checkout error. */
function unavailable(action: string, error: unknown): LiveShopError {
  const E = Stripe.errors;
  let message: string;
  if (error instanceof E.StripeAuthenticationError || error instanceof E.StripePermissionError) {
    message = `Stripe rejected the API key while trying to ${action}: check STRIPE_SECRET_KEY`;
  } else if (error instanceof E.StripeConnectionError) {
    message = `Stripe API unreachable while trying to ${action}; try again`;
  } else if (error instanceof E.StripeRateLimitError) {
    message = `Stripe is rate limiting requests while trying to ${action}; try again shortly`;
  } else if (error instanceof E.StripeIdempotencyError) {
    message = `Stripe refused to ${action}: the idempotency key was already used with other parameters`;
  } else if (error instanceof E.StripeInvalidRequestError) {
    message = `Stripe refused to ${action}${error.param ? ` (${error.param})` : ''}; see the server log`;
  } else if (error instanceof E.StripeError && error.statusCode) {
    message = `Stripe API error ${error.statusCode} while trying to ${action}; try again`;
  } else {
    message = `Stripe API call failed while trying to ${action}`;
  }
  return new LiveShopError(ErrorCode.CheckoutUnavailable, message);
}

/** Stripe Checkout Sessions (hosted page or embedded in the viewer) and Stripe's signed webhooks. */
export class StripeCheckoutProvider implements CheckoutProvider {
  readonly name = 'stripe';
  readonly sessionTtlMs: number;
  readonly minSessionTtlMs: number;
  readonly #stripe: Stripe;
  readonly #config: StripeCheckoutConfig;
  readonly #logger: Logger;

  constructor(config: StripeCheckoutConfig, logger: Logger) {
    if (config.ui === 'embedded' && !config.publishableKey) {
      throw new Error(
        'STRIPE_PUBLISHABLE_KEY is required for embedded Stripe Checkout: set it to your pk_test_… or pk_live_… key',
      );
    }
    // The publishable key is sent to every shopper's browser: anything but a pk_ key would leak a secret.
    if (config.publishableKey !== undefined && !/^pk_(test|live)_\w+$/.test(config.publishableKey)) {
      throw new Error('STRIPE_PUBLISHABLE_KEY must look like pk_test_… or pk_live_… (it is sent to browsers)');
    }
    this.#config = config;
    this.#logger = logger;
    const requested = config.sessionTtlMs ?? STRIPE_MIN_TTL_MS;
    this.minSessionTtlMs = STRIPE_MIN_TTL_MS + STRIPE_TTL_MARGIN_MS;
    this.sessionTtlMs = Math.min(
      Math.max(requested, STRIPE_MIN_TTL_MS + STRIPE_TTL_MARGIN_MS),
      STRIPE_MAX_TTL_MS - STRIPE_TTL_MARGIN_MS,
    );
    this.#stripe = new Stripe(config.secretKey, {
      // Pinned, not the account's default: embedded Checkout needs the Stripe.js of the same release (STRIPE_JS_URL).
      apiVersion: STRIPE_API_VERSION,
      maxNetworkRetries: STRIPE_MAX_NETWORK_RETRIES,
      timeout: STRIPE_TIMEOUT_MS,
      appInfo: { name: 'live-shop', url: 'https://github.com/live-shop/live-shop' },
      ...apiHost(config.apiBase),
    });
    if (!config.webhookSecret)
      logger.warn('STRIPE_WEBHOOK_SECRET is not set: Stripe webhooks are refused and orders never turn paid');
  }

  get #embedded(): boolean {
    return this.#config.ui === 'embedded';
  }

  async create(input: CheckoutCreateInput): Promise<CreatedCheckout> {
    const { amount, currency } = input.product.price;
    // A product created before these checks (or under the local checkout) that Stripe cannot charge.
    const problem = stripeAmountProblem(amount, currency);
    if (problem) {
      this.#logger.warn(`Stripe: product ${input.product.id} cannot be charged: ${problem}`);
      throw new LiveShopError(ErrorCode.CheckoutUnavailable, `This product cannot be paid with Stripe (${problem})`);
    }
    const unit = input.unitAmount ?? amount;
    const deal = unit !== amount;
    if (deal && stripeAmountProblem(unit, currency))
      throw new LiveShopError(
        ErrorCode.CheckoutUnavailable,
        `This deal cannot be paid with Stripe (${stripeAmountProblem(unit, currency)})`,
      );
    const item = lineItem(input, toStripeAmount(unit, currency), deal);
    const metadata: Record<string, string> = {
      showId: input.show.id,
      productId: input.product.id,
      orderId: input.orderId,
    };
    if (input.shopperRef) metadata.shopperRef = input.shopperRef;
    if (input.viewerRef) metadata.viewerRef = input.viewerRef;
    const params: Stripe.Checkout.SessionCreateParams = {
      mode: 'payment',
      line_items: [item],
      metadata,
      // Also on the PaymentIntent, so the payment itself (dashboard, refunds, disputes) names the order.
      payment_intent_data: { metadata: { ...metadata } },
      client_reference_id: input.orderId,
      expires_at: Math.floor(input.expiresAt / 1000),
      ...(await this.#discounts(input)),
      ...(this.#embedded
        ? { ui_mode: 'embedded_page', return_url: input.successUrl, redirect_on_completion: 'if_required' }
        : { success_url: input.successUrl, cancel_url: input.cancelUrl }),
    };
    let session: Stripe.Checkout.Session;
    try {
      session = await this.#stripe.checkout.sessions.create(params, { idempotencyKey: input.idempotencyKey });
    } catch (error) {
      throw this.#fail('create a checkout', error);
    }
    let embedded: CreatedCheckout['embedded'] = null;
    if (this.#embedded) {
      if (!session.client_secret)
        throw this.#fail('create a checkout', new Error(`session ${session.id} came back without a client_secret`));
      embedded = { clientSecret: session.client_secret, publishableKey: this.#config.publishableKey! };
    } else if (!session.url) {
      throw this.#fail('create a checkout', new Error(`session ${session.id} came back without a url`));
    }
    return {
      sessionId: session.id,
      url: embedded ? null : session.url,
      embedded,
      expiresAt: session.expires_at * 1000,
    };
  }

  /**
   * Coupons (issue 15). Stripe takes either `discounts` or `allow_promotion_codes`, never both: a
   * live-shop coupon the server already validated becomes a one-off Stripe coupon of exactly the
   * discount it priced (so Stripe's total matches the order's); otherwise the page offers the
   * merchant's own Stripe promotion codes, and the webhook records what they took off.
   */
  async #discounts(input: CheckoutCreateInput): Promise<Partial<Stripe.Checkout.SessionCreateParams>> {
    if (!input.discount) return { allow_promotion_codes: true };
    const { currency } = input.product.price;
    try {
      const coupon = await this.#stripe.coupons.create(
        {
          amount_off: toStripeAmount(input.discount, currency),
          currency: currency.toLowerCase(),
          duration: 'once',
          max_redemptions: 1,
          name: (input.couponCode ?? 'live-shop coupon').slice(0, 40),
          metadata: { showId: input.show.id, orderId: input.orderId, code: input.couponCode ?? '' },
        },
        { idempotencyKey: `${input.idempotencyKey}-coupon` },
      );
      return { discounts: [{ coupon: coupon.id }] };
    } catch (error) {
      throw this.#fail('create a coupon', error);
    }
  }

  async expire(sessionId: string): Promise<void> {
    try {
      await this.#stripe.checkout.sessions.expire(sessionId);
    } catch (error) {
      // Stripe refuses to expire a session that already expired or completed: the outcome we wanted, or one the webhook reports.
      if (error instanceof Stripe.errors.StripeInvalidRequestError && (await this.#status(sessionId)) === 'done')
        return;
      throw this.#fail('expire a checkout', error);
    }
  }

  parseWebhook(raw: Buffer, signature: string | undefined): CheckoutEvent | null {
    const secret = this.#config.webhookSecret;
    if (!secret)
      throw new WebhookSignatureError(
        'STRIPE_WEBHOOK_SECRET is not set: Stripe webhooks cannot be verified, so none is applied',
      );
    const event = parseSignedEvent(raw, signature, secret);
    // Stripe's units back to the catalog's, so `amount_mismatch` compares like with like.
    if (event?.amountTotal != null && event.currency && /^[A-Z]{3}$/.test(event.currency)) {
      event.amountTotal = fromStripeAmount(event.amountTotal, event.currency);
      if (event.amountDiscount != null) event.amountDiscount = fromStripeAmount(event.amountDiscount, event.currency);
    }
    return event;
  }

  /** Refuses (bad_request) a product Stripe would refuse at checkout; looks its Stripe Price up. */
  async checkProduct({ price, stripePriceId }: CreateProductBody): Promise<void> {
    const problem = stripeAmountProblem(price.amount, price.currency);
    if (problem) throw badProduct(problem);
    if (!stripePriceId) return;
    let found: Stripe.Price;
    try {
      found = await this.#stripe.prices.retrieve(stripePriceId);
    } catch (error) {
      if (
        error instanceof Stripe.errors.StripeInvalidRequestError &&
        (error.statusCode === 404 || error.code === 'resource_missing')
      ) {
        throw badProduct(`stripePriceId: no Stripe Price ${stripePriceId} in this account`);
      }
      throw this.#fail('look up a Stripe Price', error);
    }
    if (found.type === 'recurring')
      throw badProduct(
        `stripePriceId: ${stripePriceId} is a recurring price; Checkout in payment mode takes one-time prices`,
      );
    if (!found.active) throw badProduct(`stripePriceId: ${stripePriceId} is not active in Stripe`);
    const expected = toStripeAmount(price.amount, price.currency);
    if (
      found.unit_amount === null ||
      found.currency.toUpperCase() !== price.currency.toUpperCase() ||
      found.unit_amount !== expected
    ) {
      const charges =
        found.unit_amount === null
          ? 'has no fixed amount'
          : `charges ${describeStripeAmount(found.unit_amount, found.currency)}`;
      throw badProduct(
        `stripePriceId: ${stripePriceId} ${charges} but the product's price is ${describeStripeAmount(expected, price.currency)}`,
      );
    }
  }

  /** `done` = expired or complete; null when Stripe cannot say (unknown session, API down). */
  async #status(sessionId: string): Promise<'open' | 'done' | null> {
    try {
      const { status } = await this.#stripe.checkout.sessions.retrieve(sessionId);
      return status === 'open' ? 'open' : status === 'expired' || status === 'complete' ? 'done' : null;
    } catch {
      return null;
    }
  }

  #fail(action: string, error: unknown): LiveShopError {
    this.#logger.error(`Stripe: could not ${action}: ${this.#redact(describe(error))}`);
    return unavailable(action, error);
  }

  #redact(text: string): string {
    const key = this.#config.secretKey;
    const out = key ? text.split(key).join('<STRIPE_SECRET_KEY>') : text;
    // Any other secret or restricted key Stripe might echo (it masks them, but a proxy may not).
    return out.replace(/\b(sk|rk)_(test|live)_[A-Za-z0-9]+/g, '$1_$2_<redacted>');
  }
}
