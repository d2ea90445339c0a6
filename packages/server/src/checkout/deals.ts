import {
  DEAL_LIMITS,
  ErrorCode,
  LiveShopError,
  type Coupon,
  type CreateCouponBody,
  type CreateProductBody,
  type PinsPayload,
  type Product,
  type ProductDealPayload,
} from '@live-shop/protocol';
import { KeyedSerial } from '../show/serial.js';
import type { Broadcaster, ShowService } from '../show/service.js';
import type { Store } from '../store/store.js';

export interface DealServiceDeps {
  store: Pick<Store, 'deals' | 'listProducts'>;
  shows: Pick<ShowService, 'requireShow' | 'requireProduct' | 'pin'>;
  broadcaster: Broadcaster;
  /** The checkout provider's check: a deal price must be one it can charge (Stripe's minimums). */
  checkProduct: (product: CreateProductBody) => Promise<void>;
  /** Counts impressions when `pin` pins the product (as `product:pin` does). */
  onPinned?: (showId: string, productId: string) => void;
  now?: () => number;
}

const bad = (message: string) => new LiveShopError(ErrorCode.BadRequest, message);

/**
 * Flash deals (staff, over the socket) and coupon codes (admin API). Stored first, then broadcast as
 * `show:products`: the deal is part of the public product, so every viewer's card shows it.
 */
export class DealService {
  readonly #deps: DealServiceDeps;
  readonly #now: () => number;
  readonly #serial = new KeyedSerial();

  constructor(deps: DealServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** Puts a deal on a product (replacing a running one); `pin` also pins it. */
  setDeal(showId: string, body: ProductDealPayload): Promise<{ product: Product; pins?: PinsPayload }> {
    const { store, shows } = this.#deps;
    return this.#serial.run(showId, async () => {
      const current = await shows.requireProduct(showId, body.productId);
      const at = this.#now();
      if (body.amount >= current.price.amount)
        throw bad(`amount: a deal price must be below the list price (${current.price.amount})`);
      if (body.endsAt < at + DEAL_LIMITS.minMs) throw bad(`endsAt: at least ${DEAL_LIMITS.minMs / 1000} s from now`);
      if (body.endsAt > at + DEAL_LIMITS.maxMs) throw bad('endsAt: at most 24 h from now');
      // Refused like a product price the provider could never charge (Stripe: below its minimum charge).
      await this.#deps.checkProduct({
        title: current.title,
        price: { amount: body.amount, currency: current.price.currency },
      });
      const product = await store.deals.setDeal(showId, current.id, { amount: body.amount, endsAt: body.endsAt, at });
      if (!product) throw new LiveShopError(ErrorCode.NotFound, 'Product not found');
      await this.#productsChanged(showId);
      if (!body.pin) return { product };
      const pins = await shows.pin(showId, product.id, () => this.#deps.onPinned?.(showId, product.id));
      return { product, pins };
    });
  }

  /** Ends the product's deal now: checkouts created from now on charge the list price. */
  endDeal(showId: string, productId: string): Promise<Product> {
    const { store, shows } = this.#deps;
    return this.#serial.run(showId, async () => {
      const current = await shows.requireProduct(showId, productId);
      if (!current.deal || current.deal.endsAt <= this.#now())
        throw new LiveShopError(ErrorCode.InvalidState, `${current.title} has no running deal`);
      const product = await store.deals.setDeal(showId, productId, null);
      if (!product) throw new LiveShopError(ErrorCode.NotFound, 'Product not found');
      await this.#productsChanged(showId);
      return product;
    });
  }

  async createCoupon(showId: string, body: CreateCouponBody): Promise<Coupon> {
    await this.#deps.shows.requireShow(showId);
    const now = this.#now();
    if (body.expiresAt !== undefined && body.expiresAt <= now) throw bad('expiresAt: must be in the future');
    const coupon: Coupon = {
      code: body.code,
      showId,
      percentOff: body.percentOff ?? null,
      amountOff: body.amountOff ?? null,
      expiresAt: body.expiresAt ?? null,
      maxRedemptions: body.maxRedemptions ?? null,
      redemptions: 0,
      disabledAt: null,
      createdAt: now,
    };
    if (!(await this.#deps.store.deals.createCoupon(coupon)))
      throw new LiveShopError(ErrorCode.InvalidState, `The show already has a coupon ${body.code}`);
    return coupon;
  }

  async listCoupons(showId: string): Promise<Coupon[]> {
    await this.#deps.shows.requireShow(showId);
    return this.#deps.store.deals.listCoupons(showId);
  }

  /** Disabled, not deleted: orders that used it keep naming it. */
  async disableCoupon(showId: string, code: string): Promise<void> {
    await this.#deps.shows.requireShow(showId);
    if (!(await this.#deps.store.deals.disableCoupon(showId, code.toUpperCase(), this.#now())))
      throw new LiveShopError(ErrorCode.NotFound, 'Coupon not found');
  }

  async #productsChanged(showId: string): Promise<void> {
    this.#deps.broadcaster.emit(showId, 'show:products', { products: await this.#deps.store.listProducts(showId) });
  }
}
