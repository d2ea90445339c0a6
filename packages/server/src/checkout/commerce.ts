import { randomBytes } from 'node:crypto';
import {
  CheckoutRoute,
  ErrorCode,
  LiveShopError,
  routePath,
  type AttributionSource,
  type CheckoutRequest,
  type CheckoutSession,
  type CreateProductBody,
  type SalesSummary,
} from '@live-shop/protocol';
import { attributionOf } from '../analytics/attribution.js';
import type { MinuteCounters } from '../analytics/minutes.js';
import { randomId } from '../ids.js';
import type { Logger } from '../logger.js';
import { KeyedSerial } from '../show/serial.js';
import type { Broadcaster, ShowService } from '../show/service.js';
import type {
  CommerceStore,
  DealStore,
  HoldLimits,
  OrderRecord,
  ShowStore,
  WebhookEventStore,
} from '../store/store.js';
import type { CheckoutContext } from './context.js';
import { HOLD_LIMITS, holderKey, holdsFullError } from './holds.js';
import { OrderUpdates, type WebhookOutcome } from './orders.js';
import { applyCouponToOrder, buyerOf, couponUsedUp, limitReached, priceCheckout, sessionEnd } from './pricing.js';
import type { CheckoutEvent, CheckoutProvider, WebhookSink } from './provider.js';
import { checkReturnUrl, withReturnParams } from './return-url.js';
import { every, SalesFeed } from './sales-feed.js';

export interface CommerceDeps {
  store: CommerceStore & WebhookEventStore & Pick<ShowStore, 'getProduct' | 'listProducts' | 'listProductsEver'>;
  shows: Pick<ShowService, 'requireShow' | 'requireProduct'>;
  /**
   * Builds the checkout provider. `deliver` is this service's webhook entry: the local test checkout
   * sends its events through it, so they take the same path as Stripe's (verified, deduplicated, applied).
   */
  provider: (deliver: WebhookSink) => CheckoutProvider;
  broadcaster: Broadcaster;
  logger: Logger;
  now?: () => number;
  /** Host sales updates are coalesced to at most one per show per interval (default 250 ms). */
  salesIntervalMs?: number;
  /** Funnel counters are written and lapsed checkouts released on this beat (default 1 s / 15 s). */
  flushIntervalMs?: number;
  sweepIntervalMs?: number;
  /** What one shopper address may hold in open checkouts (default `HOLD_LIMITS`). */
  holdLimits?: Partial<HoldLimits>;
  /** Keys the addresses kept on open orders; every node must use the same (default: random, one node only). */
  holderSecret?: Buffer | string;
  /** This node's per-minute analytics counters (clicks and impressions go there too). */
  minutes?: Pick<MinuteCounters, 'click' | 'impressions' | 'flush'>;
  // Flash deals, per-buyer limits and coupons (issue 15)
  /** Coupon codes and their redemptions. */
  deals?: DealStore;
  /** The signed viewer id (`v:…`) of a viewer credential; null when it is not one of this server's. */
  buyerOf?: (credential: string) => string | null;
}

/** After its hold, a checkout the provider never closed is released by the sweeper (Stripe's webhook should have come). */
const SWEEP_GRACE_MS = { local: 0, stripe: 60 * 60_000 } as const;
/** Webhook event ids and closed local sessions are kept this long (Stripe retries for up to 3 days). */
const KEEP_RECORDS_MS = 30 * 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;
/** Outcomes in which this delivery changed the order. */
const CHANGED: ReadonlySet<WebhookOutcome> = new Set(['paid', 'paid_flagged', 'awaiting_payment', 'failed', 'expired']);

/**
 * The commerce plane: checkout creation with atomic stock holds, orders driven only by verified
 * webhooks, funnel counters, and the host's live sales summary. Prices come from the catalog only.
 */
export class CommerceService {
  readonly provider: CheckoutProvider;
  readonly #store: CommerceDeps['store'];
  readonly #shows: CommerceDeps['shows'];
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #serial = new KeyedSerial();
  readonly #sales: SalesFeed;
  readonly #orders: OrderUpdates;
  readonly #sweepTimer: NodeJS.Timeout;
  #sweeping: Promise<number> | null = null;
  #pruned = 0;
  readonly #holdLimits: HoldLimits;
  readonly #holderSecret: Buffer | string;
  readonly #minutes: CommerceDeps['minutes'];
  readonly #deals: DealStore | undefined;
  readonly #buyerOf: CommerceDeps['buyerOf'];

  constructor(deps: CommerceDeps) {
    this.provider = deps.provider(async (raw, signature) => void (await this.receiveWebhook(raw, signature)));
    this.#store = deps.store;
    this.#shows = deps.shows;
    this.#logger = deps.logger;
    this.#now = deps.now ?? Date.now;
    const { store, broadcaster, logger } = deps;
    const now = this.#now;
    this.#sales = new SalesFeed({
      store,
      broadcaster,
      logger,
      now,
      intervalMs: deps.salesIntervalMs,
      flushIntervalMs: deps.flushIntervalMs,
    });
    this.#orders = new OrderUpdates({
      store,
      shows: deps.shows,
      broadcaster,
      sales: this.#sales,
      logger,
      now,
      provider: this.provider.name,
      deals: deps.deals,
    });
    const limits = deps.holdLimits ?? {};
    this.#holdLimits = {
      unitsPerProduct: limits.unitsPerProduct ?? HOLD_LIMITS.unitsPerProduct,
      checkoutsPerShow: limits.checkoutsPerShow ?? HOLD_LIMITS.checkoutsPerShow,
    };
    this.#holderSecret = deps.holderSecret ?? randomBytes(32);
    this.#minutes = deps.minutes;
    this.#deals = deps.deals;
    this.#buyerOf = deps.buyerOf;
    // The local test checkout's code field prices through here (issue 15).
    if ('couponHook' in this.provider)
      this.provider.couponHook = (order: string, code: string) =>
        applyCouponToOrder(this.#store, this.#deals, order, code, this.#now());
    this.#sweepTimer = every(deps.sweepIntervalMs ?? 15_000, () => this.sweep(), 'releasing lapsed checkouts', logger);
  }

  // ---- shopper side

  /** Buy now: holds stock, records a pending order, and opens a checkout at the provider. */
  async startCheckout(
    showId: string,
    req: Required<Pick<CheckoutRequest, 'productId' | 'quantity'>> & CheckoutRequest,
    ctx: CheckoutContext,
  ): Promise<CheckoutSession> {
    const show = await this.#shows.requireShow(showId);
    const product = await this.#shows.requireProduct(showId, req.productId);
    const returnUrl = checkReturnUrl(req.returnUrl, ctx);
    const source = attributionOf(req.source, show.status);
    this.#countClick(showId, product.id, source);
    const soldOut = (left: number) =>
      new LiveShopError(ErrorCode.SoldOut, left === 0 ? 'Sold out' : `Only ${left} left`);
    // A fixed link (e.g. a Stripe Payment Link) is the merchant's own checkout: no hold, no order to track.
    if (product.checkoutUrl && product.stock !== null && product.stock < req.quantity) throw soldOut(product.stock);
    if (product.checkoutUrl)
      return { orderId: null, provider: 'link', url: product.checkoutUrl, embedded: null, expiresAt: null };
    const holder = ctx.address ? holderKey(this.#holderSecret, ctx.address) : null;
    const { unitsPerProduct } = this.#holdLimits;
    if (holder && product.stock !== null && req.quantity > unitsPerProduct) {
      throw new LiveShopError(
        ErrorCode.BadRequest,
        `quantity: at most ${unitsPerProduct} of ${product.title} per shopper at a time`,
      );
    }
    const buyer = buyerOf(product, req.viewer, this.#buyerOf);

    const key = req.idempotencyKey ?? null;
    return this.#serial.run(`${showId}:${key ?? randomId()}`, async () => {
      if (key) {
        const existing = await this.#store.findOrderByKey(showId, key);
        const reused = existing && (await this.#reuse(existing, product.id, req.quantity));
        if (reused) return reused;
      }
      const { quantity } = req;
      const at = this.#now();
      const price = await priceCheckout(this.#deals, product, quantity, req.coupon, at);
      const order: OrderRecord = {
        id: randomId(),
        showId,
        productId: product.id,
        quantity,
        unitAmount: price.unitAmount,
        amount: price.amount,
        discount: price.discount,
        couponCode: price.couponCode,
        buyer,
        currency: product.price.currency,
        status: 'pending',
        flag: null,
        provider: this.provider.name,
        sessionId: null,
        checkoutUrl: null,
        embedded: null,
        shopperRef: req.shopperRef ?? null,
        viewerRef: req.viewerRef ?? null,
        returnUrl,
        idempotencyKey: key,
        holder,
        reserved: false,
        // Set before the provider is called: a crash in between still lets the sweeper release the hold.
        expiresAt: sessionEnd(this.provider, price, at),
        paidAt: null,
        createdAt: at,
        updatedAt: at,
        source,
      };
      const caps = { limitPerBuyer: product.limitPerBuyer, couponMax: price.couponMax };
      const placed = await this.#store.placeOrder(order, this.#holdLimits, caps);
      if (placed === 'limit_reached') throw limitReached(product);
      if (placed === 'coupon_used_up') throw couponUsedUp(order.couponCode!);
      if (typeof placed === 'object') throw holdsFullError(placed, this.#holdLimits, product.title, this.#now());
      if (placed === 'sold_out') throw soldOut((await this.#store.getProduct(showId, product.id))?.stock ?? 0);
      if (placed === 'duplicate') {
        // Another node won the race for this key: answer with its checkout.
        const reused = await this.#reuse((await this.#store.findOrderByKey(showId, key!))!, product.id, quantity);
        if (!reused)
          throw new LiveShopError(ErrorCode.InvalidState, 'That checkout just finished: press Buy now again');
        return reused;
      }
      if (product.stock !== null) await this.#orders.stockChanged(showId, product.id);
      const serverBase = this.#serverBase(ctx);
      try {
        const created = await this.provider.create({
          orderId: order.id,
          show: { id: show.id, title: show.title },
          product,
          quantity,
          successUrl: withReturnParams(
            returnUrl ?? `${serverBase}${CheckoutRoute.ReturnPage}`,
            'success',
            showId,
            order.id,
          ),
          // Through this server: leaving the checkout releases the hold at once, then the shopper is sent on.
          cancelUrl: `${serverBase}${routePath(CheckoutRoute.CancelPage, { order: order.id })}`,
          shopperRef: order.shopperRef,
          viewerRef: order.viewerRef,
          // Per order: our own key check dedupes double clicks; this makes the SDK's retries of this one create safe.
          idempotencyKey: `live-shop-order-${order.id}`,
          expiresAt: order.expiresAt!,
          origin: ctx.origin,
          unitAmount: price.unitAmount,
          discount: price.discount,
          couponCode: order.couponCode,
        });
        await this.#store.attachCheckout(order.id, {
          sessionId: created.sessionId,
          checkoutUrl: created.url,
          embedded: created.embedded,
          expiresAt: created.expiresAt,
          at: this.#now(),
        });
        this.#sales.changed(showId);
        return {
          orderId: order.id,
          provider: this.provider.name,
          url: created.url,
          embedded: created.embedded,
          expiresAt: created.expiresAt,
        };
      } catch (error) {
        await this.#orders.settle(order, 'failed');
        throw error;
      }
    });
  }

  /**
   * The shopper left the checkout (Cancel on the page, Stripe's back link, closing the embedded
   * dialog): the provider's session is expired and the hold released now, not when it times out.
   * Returns where to send the shopper back to (null: no such order).
   */
  async cancel(orderId: string, showId?: string): Promise<string | null> {
    const order = await this.#store.getOrder(orderId);
    if (!order || (showId !== undefined && order.showId !== showId)) return null;
    if (order.status === 'pending') {
      if (order.sessionId) {
        await this.provider
          .expire(order.sessionId)
          .catch((error: unknown) =>
            this.#logger.error(`live-shop: expiring checkout ${order.sessionId} failed`, error),
          );
      }
      await this.#orders.settle(order, 'expired');
    }
    // A completed payment is not undone by a late back link: say what really happened.
    const status = order.status === 'paid' ? 'success' : 'cancel';
    return withReturnParams(order.returnUrl ?? CheckoutRoute.ReturnPage, status, order.showId, order.id);
  }

  /** Absolute for Stripe (its redirects leave this server); relative for the local checkout, so a forged Host header leads nowhere. */
  #serverBase(ctx: CheckoutContext): string {
    return this.provider.name === 'local' ? '' : ctx.origin;
  }

  /** A product about to be created: refused (bad_request) when the provider could never charge it. */
  async checkProduct(product: CreateProductBody): Promise<void> {
    await this.provider.checkProduct?.(product);
  }

  /** A Buy now press that did not reach `startCheckout` (the merchant's cart took over, or a fixed link). */
  async countBuyClick(showId: string, productId: string, said?: AttributionSource): Promise<void> {
    const show = await this.#shows.requireShow(showId);
    await this.#shows.requireProduct(showId, productId);
    this.#countClick(showId, productId, attributionOf(said, show.status));
  }

  /** `viewers` more people watching from `source` were shown these pinned products. */
  countImpressions(
    showId: string,
    productIds: readonly string[],
    viewers: number,
    source: AttributionSource = 'live',
  ): void {
    this.#sales.countImpressions(showId, productIds, viewers, source);
    this.#minutes?.impressions(showId, source, viewers * productIds.length);
  }

  /** Writes this node's pending counters of the show (funnel and minutes): a report read next is current. */
  async flushCounters(showId: string): Promise<void> {
    await Promise.all([this.#sales.flush(showId), this.#minutes?.flush(showId)]);
  }

  #countClick(showId: string, productId: string, source: AttributionSource): void {
    this.#sales.countClick(showId, productId, source);
    this.#minutes?.click(showId, source);
  }

  // ---- provider side

  /**
   * The one webhook path, for Stripe and for the local test checkout alike: verify (throws
   * WebhookSignatureError), apply, then record the event id. Applying is idempotent (every order change
   * is a compare-and-set), so a redelivery racing the first delivery changes nothing, and a failed
   * apply records nothing: the provider's retry applies it.
   */
  async receiveWebhook(
    raw: Buffer,
    signature: string | undefined,
  ): Promise<{ outcome: WebhookOutcome; event: CheckoutEvent | null }> {
    const event = this.provider.parseWebhook(raw, signature);
    if (!event) return { outcome: 'ignored', event };
    if (await this.#store.hasWebhookEvent(this.provider.name, event.id)) return { outcome: 'duplicate', event };
    const outcome = await this.#orders.apply(event);
    const first = await this.#store.recordWebhookEvent(this.provider.name, event.id, this.#now());
    // Deliveries racing each other: the one whose apply changed the order says so, whichever recorded the id first.
    return { outcome: first || CHANGED.has(outcome) ? outcome : 'duplicate', event };
  }

  /** Releases checkouts whose hold lapsed without the provider closing them. */
  sweep(limit = 100): Promise<number> {
    // One at a time: with the provider slow (retries, timeouts) a sweep can outlast its interval.
    return (this.#sweeping ??= this.#sweep(limit).finally(() => (this.#sweeping = null)));
  }

  async #sweep(limit: number): Promise<number> {
    const local = this.provider as CheckoutProvider & { sweep?: () => Promise<number> };
    if (local.sweep) await local.sweep();
    const lapsed = await this.#store.lapsedOrders(this.#now() - SWEEP_GRACE_MS[this.provider.name], limit);
    for (const order of lapsed) {
      if (order.sessionId)
        await this.provider
          .expire(order.sessionId)
          .catch((error: unknown) =>
            this.#logger.error(`live-shop: expiring checkout ${order.sessionId} failed`, error),
          );
      await this.#orders.settle(order, 'expired');
    }
    if (this.#now() - this.#pruned > PRUNE_EVERY_MS) {
      this.#pruned = this.#now();
      // Providers stop redelivering after a few days; closed test sessions only matter to a shopper's open tab.
      await this.#store.pruneCheckoutRecords(this.#now() - KEEP_RECORDS_MS);
    }
    return lapsed.length;
  }

  // ---- host side

  summary(showId: string): Promise<SalesSummary> {
    return this.#sales.summary(showId);
  }

  /** Writes pending counters and stops timers (server shutdown). */
  async close(): Promise<void> {
    clearInterval(this.#sweepTimer);
    await this.#sales.close();
  }

  // ---- internals

  /**
   * The order an idempotency key already names: its checkout while pending; null once it finished
   * (paid, cancelled, expired, failed), after freeing the key so this press starts a new checkout.
   */
  async #reuse(order: OrderRecord, productId: string, quantity: number): Promise<CheckoutSession | null> {
    // Like Stripe's keys: a key names one request; answering another product's checkout would charge for the wrong item.
    if (order.productId !== productId || order.quantity !== quantity) {
      throw new LiveShopError(ErrorCode.BadRequest, 'idempotencyKey: already used for another product or quantity');
    }
    if (order.status === 'pending') {
      if (!order.sessionId)
        throw new LiveShopError(ErrorCode.InvalidState, 'That checkout is still opening: try again in a moment');
      return {
        orderId: order.id,
        provider: order.provider,
        url: order.checkoutUrl,
        embedded: order.embedded,
        expiresAt: order.expiresAt,
      };
    }
    await this.#store.changeOrder(order.id, [order.status], { idempotencyKey: null, at: this.#now() });
    return null;
  }
}
