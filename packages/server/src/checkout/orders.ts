import type { OrderStatus } from '@live-shop/protocol';
import type { Logger } from '../logger.js';
import type { Broadcaster, ShowService } from '../show/service.js';
import type {
  CommerceStore,
  DealStore,
  OrderChange,
  OrderChangeResult,
  OrderRecord,
  ShowStore,
} from '../store/store.js';
import type { CheckoutEvent } from './provider.js';
import type { SalesFeed } from './sales-feed.js';

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

export interface OrderUpdatesDeps {
  store: Pick<CommerceStore, 'getOrder' | 'findOrderBySession' | 'changeOrder'> & Pick<ShowStore, 'getProduct'>;
  shows: Pick<ShowService, 'requireShow'>;
  broadcaster: Pick<Broadcaster, 'emit'>;
  sales: SalesFeed;
  logger: Logger;
  now: () => number;
  /** The checkout provider's name: the orders it opened are the ones its events may change. */
  provider: string;
  /** Coupon redemptions are counted here, once, when an order that used one turns paid (issue 15). */
  deals?: Pick<DealStore, 'redeemCoupon'>;
}

/**
 * How orders change after their checkout opened, and what everyone is told: a provider event
 * (verified already) applied, or a checkout settled as failed or expired. Every change is a
 * compare-and-set in the store, so applying one twice, or on two nodes at once, changes nothing.
 */
export class OrderUpdates {
  readonly #store: OrderUpdatesDeps['store'];
  readonly #shows: OrderUpdatesDeps['shows'];
  readonly #broadcaster: OrderUpdatesDeps['broadcaster'];
  readonly #sales: SalesFeed;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #provider: string;
  readonly #deals: OrderUpdatesDeps['deals'];

  constructor(deps: OrderUpdatesDeps) {
    this.#store = deps.store;
    this.#shows = deps.shows;
    this.#broadcaster = deps.broadcaster;
    this.#sales = deps.sales;
    this.#logger = deps.logger;
    this.#now = deps.now;
    this.#provider = deps.provider;
    this.#deals = deps.deals;
  }

  async apply(event: CheckoutEvent): Promise<WebhookOutcome> {
    let order = event.orderId ? await this.#store.getOrder(event.orderId) : null;
    // A null session id: the event beat our own write of it (the metadata's signed order id vouches for it).
    if (
      !order ||
      order.provider !== this.#provider ||
      (order.sessionId !== null && order.sessionId !== event.sessionId)
    ) {
      order = await this.#store.findOrderBySession(this.#provider, event.sessionId);
    }
    if (!order) return 'unknown_session';
    switch (event.type) {
      case 'completed':
        if (event.paid) return this.#paid(order, event);
        // A delayed method (bank debit): the hold stays until it succeeds or fails, however long that takes.
        return (await this.#store.changeOrder(order.id, ['pending'], { expiresAt: null, at: this.#now() }))
          ? 'awaiting_payment'
          : 'no_change';
      case 'async_succeeded':
        return this.#paid(order, event);
      case 'async_failed':
        return (await this.settle(order, 'failed')) ? 'failed' : 'no_change';
      case 'expired':
        return (await this.settle(order, 'expired')) ? 'expired' : 'no_change';
    }
  }

  /** pending → failed / expired, giving the held stock back. False when the order was no longer pending. */
  async settle(order: OrderRecord, status: Extract<OrderStatus, 'failed' | 'expired'>): Promise<boolean> {
    const result = await this.#store.changeOrder(order.id, ['pending'], {
      status,
      expiresAt: null,
      stock: 'release',
      at: this.#now(),
    });
    if (!result) return false;
    if (result.stockChanged) await this.stockChanged(order.showId, order.productId);
    this.#sales.changed(order.showId);
    return true;
  }

  async stockChanged(showId: string, productId: string): Promise<void> {
    const product = await this.#store.getProduct(showId, productId);
    if (product) this.#broadcaster.emit(showId, 'product:stock', { productId, stock: product.stock, at: this.#now() });
  }

  async #paid(order: OrderRecord, event: CheckoutEvent): Promise<WebhookOutcome> {
    const at = this.#now();
    // The catalog is the price: a provider total that differs (e.g. an edited Stripe Price) is flagged.
    const promotion = promotionCode(order, event);
    const mismatch =
      !promotion &&
      event.amountTotal !== null &&
      (event.amountTotal !== order.amount || (event.currency !== null && event.currency !== order.currency));
    const paid: OrderChange = {
      status: 'paid',
      paidAt: at,
      expiresAt: null,
      at,
      ...(mismatch && { flag: 'amount_mismatch' as const }),
      ...promotion,
    };
    let result: OrderChangeResult | null = await this.#store.changeOrder(order.id, ['pending'], paid);
    if (!result) {
      // Money for a checkout whose hold was already released: take stock again, or flag it — never oversell silently.
      result = await this.#store.changeOrder(order.id, ['expired', 'failed'], { ...paid, stock: 'reserve' });
      if (!result) return 'no_change';
      if (result.reserveFailed) {
        result = {
          ...result,
          order: (await this.#store.changeOrder(order.id, ['paid'], { flag: 'oversold', at }))!.order,
        };
        this.#logger.warn(
          `live-shop: order ${order.id} was paid after its stock hold lapsed and none is left: flagged oversold`,
        );
      }
    }
    // Once: only the delivery whose compare-and-set turned the order paid gets here.
    if (order.couponCode && (order.discount ?? 0) > 0) await this.#deals?.redeemCoupon(order.showId, order.couponCode);
    if (result.stockChanged) await this.stockChanged(order.showId, order.productId);
    if ((await this.#shows.requireShow(order.showId)).settings.socialProof) {
      this.#broadcaster.emit(order.showId, 'product:sold', {
        productId: order.productId,
        quantity: order.quantity,
        at,
      });
    }
    this.#sales.changed(order.showId);
    return result.order.flag ? 'paid_flagged' : 'paid';
  }
}

/**
 * A Stripe promotion code the shopper entered on Stripe's page (issue 15): the total is lower by
 * exactly Stripe's `amount_discount` beyond our own coupon's. Recorded as the order's discount, not flagged.
 */
function promotionCode(order: OrderRecord, event: CheckoutEvent): Pick<OrderChange, 'amount' | 'discount'> | null {
  const { amountTotal, amountDiscount } = event;
  if (amountTotal === null || !amountDiscount || amountTotal === order.amount) return null;
  if (event.currency !== null && event.currency !== order.currency) return null;
  const before = order.amount + (order.discount ?? 0);
  return amountTotal + amountDiscount === before ? { amount: amountTotal, discount: amountDiscount } : null;
}
