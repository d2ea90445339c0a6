import { randomBytes } from 'node:crypto';
import {
  CheckoutRoute,
  ErrorCode,
  LiveShopError,
  routePath,
  type CheckoutRequest,
  type CheckoutSession,
  type CreateProductBody,
  type OrderStatus,
  type SalesSummary,
} from '@live-shop/protocol';
import { randomId } from '../ids.js';
import type { Logger } from '../logger.js';
import { KeyedSerial } from '../show/serial.js';
import type { Broadcaster, ShowService } from '../show/service.js';
import type { HoldLimits, OrderChange, OrderChangeResult, OrderRecord, Store } from '../store/store.js';
import { HOLD_LIMITS, holderKey, holdsFullError } from './holds.js';
import type { CheckoutEvent, CheckoutProvider } from './provider.js';
import { checkReturnUrl, withReturnParams } from './return-url.js';
import { buildSalesSummary, FunnelBuffer } from './sales.js';

export interface CommerceDeps {
  store: Store;
  shows: ShowService;
  provider: CheckoutProvider;
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
}

/** How the shopper reached this server, to build absolute URLs and check where they may return to. */
export interface CheckoutContext {
  origin: string;
  allowedOrigins: readonly string[] | null;
  /** The shopper's address (`addressKey`): what the hold caps count per; null = not capped (internal callers). */
  address?: string | null;
}

/** What a webhook did: logged, and answered to the provider. */
export type WebhookOutcome =
  | 'paid'
  | 'paid_flagged'
  | 'awaiting_payment'
  | 'failed'
  | 'expired'
  | 'duplicate'
  | 'ignored'
  | 'unknown_session'
  | 'no_change';

/** After its hold, a checkout the provider never closed is released by the sweeper (Stripe's webhook should have come). */
const SWEEP_GRACE_MS = { local: 0, stripe: 60 * 60_000 } as const;
/** Webhook event ids and closed local sessions are kept this long (Stripe retries for up to 3 days). */
const KEEP_RECORDS_MS = 30 * 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * The commerce plane: checkout creation with atomic stock holds, orders driven only by verified
 * webhooks, funnel counters, and the host's live sales summary. Prices come from the catalog only.
 */
export class CommerceService {
  readonly provider: CheckoutProvider;
  readonly #store: Store;
  readonly #shows: ShowService;
  readonly #broadcaster: Broadcaster;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #serial = new KeyedSerial();
  readonly #funnel: FunnelBuffer;
  readonly #salesTimers = new Map<string, NodeJS.Timeout>();
  /** Shows whose sales changed while their interval was running. */
  readonly #salesDirty = new Set<string>();
  readonly #salesIntervalMs: number;
  readonly #timers: NodeJS.Timeout[];
  #closed = false;
  #sweeping: Promise<number> | null = null;
  #pruned = 0;
  readonly #holdLimits: HoldLimits;
  readonly #holderSecret: Buffer | string;

  constructor(deps: CommerceDeps) {
    this.provider = deps.provider;
    this.#store = deps.store;
    this.#shows = deps.shows;
    this.#broadcaster = deps.broadcaster;
    this.#logger = deps.logger;
    this.#now = deps.now ?? Date.now;
    this.#funnel = new FunnelBuffer(deps.store);
    this.#salesIntervalMs = deps.salesIntervalMs ?? 250;
    const limits = deps.holdLimits ?? {};
    this.#holdLimits = { unitsPerProduct: limits.unitsPerProduct ?? HOLD_LIMITS.unitsPerProduct, checkoutsPerShow: limits.checkoutsPerShow ?? HOLD_LIMITS.checkoutsPerShow };
    this.#holderSecret = deps.holderSecret ?? randomBytes(32);
    const every = (ms: number, task: () => Promise<unknown>, what: string) =>
      setInterval(() => void task().catch((error: unknown) => this.#logger.error(`live-shop: ${what} failed`, error)), ms).unref();
    this.#timers = [
      every(deps.flushIntervalMs ?? 1000, () => this.#flushFunnel(), 'writing funnel counters'),
      every(deps.sweepIntervalMs ?? 15_000, () => this.sweep(), 'releasing lapsed checkouts'),
    ];
  }

  // ---- shopper side

  /** Buy now: holds stock, records a pending order, and opens a checkout at the provider. */
  async startCheckout(showId: string, req: Required<Pick<CheckoutRequest, 'productId' | 'quantity'>> & CheckoutRequest, ctx: CheckoutContext): Promise<CheckoutSession> {
    const show = await this.#shows.requireShow(showId);
    const product = await this.#shows.requireProduct(showId, req.productId);
    const returnUrl = checkReturnUrl(req.returnUrl, ctx);
    this.#countClick(showId, product.id);
    const soldOut = (left: number) => new LiveShopError(ErrorCode.SoldOut, left === 0 ? 'Sold out' : `Only ${left} left`);
    // A fixed link (e.g. a Stripe Payment Link) is the merchant's own checkout: no hold, no order to track.
    if (product.checkoutUrl && product.stock !== null && product.stock < req.quantity) throw soldOut(product.stock);
    if (product.checkoutUrl) return { orderId: null, provider: 'link', url: product.checkoutUrl, embedded: null, expiresAt: null };
    const holder = ctx.address ? holderKey(this.#holderSecret, ctx.address) : null;
    const { unitsPerProduct } = this.#holdLimits;
    if (holder && product.stock !== null && req.quantity > unitsPerProduct) {
      throw new LiveShopError(ErrorCode.BadRequest, `quantity: at most ${unitsPerProduct} of ${product.title} per shopper at a time`);
    }

    const key = req.idempotencyKey ?? null;
    return this.#serial.run(`${showId}:${key ?? randomId()}`, async () => {
      if (key) {
        const existing = await this.#store.findOrderByKey(showId, key);
        const reused = existing && (await this.#reuse(existing, product.id, req.quantity));
        if (reused) return reused;
      }
      const { quantity } = req;
      const at = this.#now();
      const order: OrderRecord = {
        id: randomId(),
        showId,
        productId: product.id,
        quantity,
        unitAmount: product.price.amount,
        amount: product.price.amount * quantity,
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
        expiresAt: at + this.provider.sessionTtlMs,
        paidAt: null,
        createdAt: at,
        updatedAt: at,
      };
      const placed = await this.#store.placeOrder(order, this.#holdLimits);
      if (typeof placed === 'object') throw holdsFullError(placed, this.#holdLimits, product.title, this.#now());
      if (placed === 'sold_out') throw soldOut((await this.#store.getProduct(showId, product.id))?.stock ?? 0);
      if (placed === 'duplicate') {
        // Another node won the race for this key: answer with its checkout.
        const reused = await this.#reuse((await this.#store.findOrderByKey(showId, key!))!, product.id, quantity);
        if (!reused) throw new LiveShopError(ErrorCode.InvalidState, 'That checkout just finished: press Buy now again');
        return reused;
      }
      if (product.stock !== null) await this.#stockChanged(showId, product.id);
      const serverBase = this.#serverBase(ctx);
      try {
        const created = await this.provider.create({
          orderId: order.id,
          show: { id: show.id, title: show.title },
          product,
          quantity,
          successUrl: withReturnParams(returnUrl ?? `${serverBase}${CheckoutRoute.ReturnPage}`, 'success', showId, order.id),
          // Through this server: leaving the checkout releases the hold at once, then the shopper is sent on.
          cancelUrl: `${serverBase}${routePath(CheckoutRoute.CancelPage, { order: order.id })}`,
          shopperRef: order.shopperRef,
          viewerRef: order.viewerRef,
          // Per order: our own key check dedupes double clicks; this makes the SDK's retries of this one create safe.
          idempotencyKey: `live-shop-order-${order.id}`,
          expiresAt: order.expiresAt!,
          origin: ctx.origin,
        });
        await this.#store.attachCheckout(order.id, {
          sessionId: created.sessionId,
          checkoutUrl: created.url,
          embedded: created.embedded,
          expiresAt: created.expiresAt,
          at: this.#now(),
        });
        this.#salesChanged(showId);
        return { orderId: order.id, provider: this.provider.name, url: created.url, embedded: created.embedded, expiresAt: created.expiresAt };
      } catch (error) {
        await this.#settle(order, 'failed');
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
        await this.provider.expire(order.sessionId).catch((error: unknown) => this.#logger.error(`live-shop: expiring checkout ${order.sessionId} failed`, error));
      }
      await this.#settle(order, 'expired');
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
  async countBuyClick(showId: string, productId: string): Promise<void> {
    await this.#shows.requireProduct(showId, productId);
    this.#countClick(showId, productId);
  }

  /** `viewers` more people were shown these pinned products. */
  countImpressions(showId: string, productIds: readonly string[], viewers: number): void {
    if (viewers <= 0) return;
    for (const productId of productIds) this.#funnel.add(showId, productId, { impressions: viewers });
  }

  // ---- provider side

  /**
   * The one webhook path, for Stripe and for the local test checkout alike: verify (throws
   * WebhookSignatureError), apply, then record the event id. Applying is idempotent (every order change
   * is a compare-and-set), so a redelivery racing the first delivery changes nothing, and a failed
   * apply records nothing: the provider's retry applies it.
   */
  async receiveWebhook(raw: Buffer, signature: string | undefined): Promise<{ outcome: WebhookOutcome; event: CheckoutEvent | null }> {
    const event = this.provider.parseWebhook(raw, signature);
    if (!event) return { outcome: 'ignored', event };
    if (await this.#store.hasWebhookEvent(this.provider.name, event.id)) return { outcome: 'duplicate', event };
    const outcome = await this.#apply(event);
    const first = await this.#store.recordWebhookEvent(this.provider.name, event.id, this.#now());
    return { outcome: first ? outcome : 'duplicate', event };
  }

  async #apply(event: CheckoutEvent): Promise<WebhookOutcome> {
    let order = event.orderId ? await this.#store.getOrder(event.orderId) : null;
    // A null session id: the event beat our own write of it (the metadata's signed order id vouches for it).
    if (!order || order.provider !== this.provider.name || (order.sessionId !== null && order.sessionId !== event.sessionId)) {
      order = await this.#store.findOrderBySession(this.provider.name, event.sessionId);
    }
    if (!order) return 'unknown_session';
    switch (event.type) {
      case 'completed':
        if (event.paid) return this.#paid(order, event);
        // A delayed method (bank debit): the hold stays until it succeeds or fails, however long that takes.
        return (await this.#store.changeOrder(order.id, ['pending'], { expiresAt: null, at: this.#now() })) ? 'awaiting_payment' : 'no_change';
      case 'async_succeeded':
        return this.#paid(order, event);
      case 'async_failed':
        return (await this.#settle(order, 'failed')) ? 'failed' : 'no_change';
      case 'expired':
        return (await this.#settle(order, 'expired')) ? 'expired' : 'no_change';
    }
  }

  async #paid(order: OrderRecord, event: CheckoutEvent): Promise<WebhookOutcome> {
    const at = this.#now();
    // The catalog is the price: a provider total that differs (e.g. an edited Stripe Price) is flagged.
    const mismatch = event.amountTotal !== null && (event.amountTotal !== order.amount || (event.currency !== null && event.currency !== order.currency));
    const paid: OrderChange = { status: 'paid', paidAt: at, expiresAt: null, at, ...(mismatch && { flag: 'amount_mismatch' as const }) };
    let result: OrderChangeResult | null = await this.#store.changeOrder(order.id, ['pending'], paid);
    if (!result) {
      // Money for a checkout whose hold was already released: take stock again, or flag it — never oversell silently.
      result = await this.#store.changeOrder(order.id, ['expired', 'failed'], { ...paid, stock: 'reserve' });
      if (!result) return 'no_change';
      if (result.reserveFailed) {
        result = { ...result, order: (await this.#store.changeOrder(order.id, ['paid'], { flag: 'oversold', at }))!.order };
        this.#logger.warn(`live-shop: order ${order.id} was paid after its stock hold lapsed and none is left: flagged oversold`);
      }
    }
    if (result.stockChanged) await this.#stockChanged(order.showId, order.productId);
    if ((await this.#shows.requireShow(order.showId)).settings.socialProof) {
      this.#broadcaster.emit(order.showId, 'product:sold', { productId: order.productId, quantity: order.quantity, at });
    }
    this.#salesChanged(order.showId);
    return result.order.flag ? 'paid_flagged' : 'paid';
  }

  /** pending → failed / expired, giving the held stock back. False when the order was no longer pending. */
  async #settle(order: OrderRecord, status: Extract<OrderStatus, 'failed' | 'expired'>): Promise<boolean> {
    const result = await this.#store.changeOrder(order.id, ['pending'], { status, expiresAt: null, stock: 'release', at: this.#now() });
    if (!result) return false;
    if (result.stockChanged) await this.#stockChanged(order.showId, order.productId);
    this.#salesChanged(order.showId);
    return true;
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
      if (order.sessionId) await this.provider.expire(order.sessionId).catch((error: unknown) => this.#logger.error(`live-shop: expiring checkout ${order.sessionId} failed`, error));
      await this.#settle(order, 'expired');
    }
    if (this.#now() - this.#pruned > PRUNE_EVERY_MS) {
      this.#pruned = this.#now();
      // Providers stop redelivering after a few days; closed test sessions only matter to a shopper's open tab.
      await this.#store.pruneCheckoutRecords(this.#now() - KEEP_RECORDS_MS);
    }
    return lapsed.length;
  }

  // ---- host side

  async summary(showId: string): Promise<SalesSummary> {
    await this.#funnel.flush(showId);
    return buildSalesSummary(this.#store, showId, this.#now());
  }

  /** Writes pending counters and stops timers (server shutdown). */
  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of [...this.#timers, ...this.#salesTimers.values()]) clearTimeout(timer);
    this.#salesTimers.clear();
    await this.#funnel.flush();
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
      if (!order.sessionId) throw new LiveShopError(ErrorCode.InvalidState, 'That checkout is still opening: try again in a moment');
      return { orderId: order.id, provider: order.provider, url: order.checkoutUrl, embedded: order.embedded, expiresAt: order.expiresAt };
    }
    await this.#store.changeOrder(order.id, [order.status], { idempotencyKey: null, at: this.#now() });
    return null;
  }

  #countClick(showId: string, productId: string): void {
    this.#funnel.add(showId, productId, { buyClicks: 1 });
    this.#salesChanged(showId);
  }

  async #flushFunnel(): Promise<void> {
    await this.#funnel.flush();
  }

  async #stockChanged(showId: string, productId: string): Promise<void> {
    const product = await this.#store.getProduct(showId, productId);
    if (product) this.#broadcaster.emit(showId, 'product:stock', { productId, stock: product.stock, at: this.#now() });
  }

  /**
   * At most one `show:sales` per show per interval: the first change is sent at once (the studio
   * sees a sale within milliseconds), changes during the interval go out together at its end.
   */
  #salesChanged(showId: string): void {
    if (this.#closed) return;
    if (this.#salesTimers.has(showId)) {
      this.#salesDirty.add(showId);
      return;
    }
    this.summary(showId)
      .then((summary) => !this.#closed && this.#broadcaster.emitToHosts(showId, 'show:sales', summary))
      .catch((error: unknown) => this.#logger.error('live-shop: sales summary failed', error));
    const timer = setTimeout(() => {
      this.#salesTimers.delete(showId);
      if (this.#salesDirty.delete(showId)) this.#salesChanged(showId);
    }, this.#salesIntervalMs);
    this.#salesTimers.set(showId, timer);
  }
}
