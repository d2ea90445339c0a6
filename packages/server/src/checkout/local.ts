import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import type { CheckoutSessionStore, LocalCheckoutSession } from '../store/store.js';
import { parseSignedEvent } from './events.js';
import type { CheckoutCreateInput, CheckoutEvent, CheckoutProvider, CreatedCheckout, WebhookSink } from './provider.js';

export const LOCAL_CHECKOUT_PATH = '/checkout';
const DEFAULT_TTL_MS = 30 * 60_000;

/** What the test checkout page shows. */
export interface LocalCheckoutDisplay {
  showTitle: string;
  title: string;
  imageUrl: string | null;
  quantity: number;
  unitAmount: number;
  currency: string;
  // Flash deals and coupons (issue 15)
  /** The list price, when a deal's price is charged instead. */
  listAmount?: number;
  discount?: number;
  coupon?: string | null;
}

/** Prices an open order again with a coupon code (the commerce service's check); throws `coupon_invalid`. */
export type CouponHook = (orderId: string, code: string) => Promise<{ amount: number; discount: number; code: string }>;

export interface LocalCheckoutOptions {
  store: CheckoutSessionStore;
  /** Signs this provider's events (Stripe's `t=…,v1=…` scheme); persisted in the data dir. */
  webhookSecret: string;
  /** Where its events go: the commerce service's webhook entry. */
  deliver: WebhookSink;
  sessionTtlMs?: number;
  now?: () => number;
}

export type PayOutcome = { outcome: 'paid'; redirect: string } | { outcome: 'closed'; session: LocalCheckoutSession };

/**
 * The zero-account default: a test checkout page served by this server. Its sessions look like
 * Stripe's, and paying, cancelling or expiring emits Stripe-shaped events signed with Stripe's scheme
 * into the same webhook handler, so orders follow exactly the path real payments take.
 */
export class LocalCheckoutProvider implements CheckoutProvider {
  readonly name = 'local';
  readonly sessionTtlMs: number;
  readonly #deliver: WebhookSink;
  readonly #store: CheckoutSessionStore;
  readonly #secret: string;
  readonly #now: () => number;
  /** Set by the commerce service: the page's code field. */
  couponHook: CouponHook | null = null;

  constructor(options: LocalCheckoutOptions) {
    this.#store = options.store;
    this.#secret = options.webhookSecret;
    this.#deliver = options.deliver;
    this.sessionTtlMs = options.sessionTtlMs ?? DEFAULT_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  async create(input: CheckoutCreateInput): Promise<CreatedCheckout> {
    const id = `cs_local_${randomBytes(18).toString('base64url')}`;
    const url = `${LOCAL_CHECKOUT_PATH}/${id}`;
    const { product, quantity } = input;
    const unitAmount = input.unitAmount ?? product.price.amount;
    const discount = input.discount ?? 0;
    const display: LocalCheckoutDisplay = {
      showTitle: input.show.title,
      title: product.title,
      imageUrl: product.imageUrl,
      quantity,
      unitAmount,
      currency: product.price.currency,
      ...(unitAmount !== product.price.amount && { listAmount: product.price.amount }),
      ...(discount > 0 && { discount, coupon: input.couponCode ?? null }),
    };
    const data = {
      id,
      object: 'checkout.session',
      mode: 'payment',
      livemode: false,
      status: 'open',
      payment_status: 'unpaid',
      amount_total: unitAmount * quantity - discount,
      total_details: { amount_discount: discount },
      currency: product.price.currency.toLowerCase(),
      client_reference_id: input.orderId,
      metadata: {
        showId: input.show.id,
        productId: product.id,
        orderId: input.orderId,
        ...(input.shopperRef && { shopperRef: input.shopperRef }),
        ...(input.viewerRef && { viewerRef: input.viewerRef }),
      },
      expires_at: Math.floor(input.expiresAt / 1000),
      url,
      display,
    };
    await this.#store.putCheckoutSession({
      id,
      orderId: input.orderId,
      status: 'open',
      data,
      successUrl: input.successUrl,
      cancelUrl: input.cancelUrl,
      expiresAt: input.expiresAt,
    });
    return { sessionId: id, url, embedded: null, expiresAt: input.expiresAt };
  }

  session(id: string): Promise<LocalCheckoutSession | null> {
    return this.#store.getCheckoutSession(id);
  }

  /** **Pay** on the test page: completes the session and emits `checkout.session.completed` (paid). */
  async pay(id: string): Promise<PayOutcome | null> {
    const session = await this.#store.getCheckoutSession(id);
    if (!session) return null;
    if (session.status === 'open' && session.expiresAt <= this.#now()) await this.expire(id);
    const paid = { ...session.data, status: 'complete', payment_status: 'paid' };
    if (!(await this.#store.setCheckoutSessionStatus(id, 'open', 'complete', paid))) {
      return { outcome: 'closed', session: (await this.#store.getCheckoutSession(id))! };
    }
    try {
      await this.#emit('checkout.session.completed', paid);
    } catch (error) {
      // The shop did not take the payment: reopen so Pay can be pressed again.
      await this.#store.setCheckoutSessionStatus(id, 'complete', 'open', session.data);
      throw error;
    }
    return { outcome: 'paid', redirect: session.successUrl };
  }

  /**
   * The page's coupon code field (issue 15): validated and priced by the server, then the session's
   * total changes. `closed` when the session is no longer open; throws `coupon_invalid`.
   */
  async applyCoupon(id: string, code: string): Promise<'applied' | 'closed' | null> {
    const session = await this.#store.getCheckoutSession(id);
    if (!session) return null;
    if (session.status === 'open' && session.expiresAt <= this.#now()) await this.expire(id);
    if (session.status !== 'open' || session.expiresAt <= this.#now() || !this.couponHook) return 'closed';
    const priced = await this.couponHook(session.orderId, code);
    const display = {
      ...(session.data.display as LocalCheckoutDisplay),
      discount: priced.discount,
      coupon: priced.code,
    };
    const data = {
      ...session.data,
      amount_total: priced.amount,
      total_details: { amount_discount: priced.discount },
      display,
    };
    return (await this.#store.setCheckoutSessionStatus(id, 'open', 'open', data)) ? 'applied' : 'closed';
  }

  /** **Cancel** on the test page: the hold ends now instead of at expiry. Returns where to go back to. */
  async cancel(id: string): Promise<string | null> {
    const session = await this.#store.getCheckoutSession(id);
    if (!session) return null;
    if (session.status === 'complete') return session.successUrl;
    await this.expire(id);
    return session.cancelUrl;
  }

  async expire(sessionId: string): Promise<void> {
    const session = await this.#store.getCheckoutSession(sessionId);
    if (!session) return;
    const expired = { ...session.data, status: 'expired' };
    if (await this.#store.setCheckoutSessionStatus(sessionId, 'open', 'expired', expired)) {
      await this.#emit('checkout.session.expired', expired);
    }
  }

  /** Expires open sessions whose time is up (Stripe does this on its side for real sessions). */
  async sweep(limit = 100): Promise<number> {
    const lapsed = await this.#store.lapsedCheckoutSessions(this.#now(), limit);
    for (const session of lapsed) await this.expire(session.id);
    return lapsed.length;
  }

  parseWebhook(raw: Buffer, signature: string | undefined): CheckoutEvent | null {
    return parseSignedEvent(raw, signature, this.#secret);
  }

  async #emit(type: string, session: Record<string, unknown>): Promise<void> {
    const payload = JSON.stringify({
      id: `evt_local_${randomBytes(12).toString('base64url')}`,
      object: 'event',
      type,
      created: Math.floor(this.#now() / 1000),
      livemode: false,
      data: { object: session },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: this.#secret });
    await this.#deliver(Buffer.from(payload), signature);
  }
}
