import type { Coupon, Product } from '@live-shop/protocol';

// Flash deals and coupon codes (issue 15): what the store keeps (deal-queries.ts implements it).

/** A coupon as stored: the public `Coupon`. */
export type CouponRecord = Coupon;

/** Flash deals and coupons (`Store.deals`). */
export interface DealStore {
  /** Sets (or with null, clears) the product's deal; null when no such live product. */
  setDeal(
    showId: string,
    productId: string,
    deal: { amount: number; endsAt: number; at: number } | null,
  ): Promise<Product | null>;
  /** False when the show already has this code. */
  createCoupon(coupon: CouponRecord): Promise<boolean>;
  getCoupon(showId: string, code: string): Promise<CouponRecord | null>;
  /** Newest first. */
  listCoupons(showId: string): Promise<CouponRecord[]>;
  /** False when no such coupon. Disabling twice keeps the first time. */
  disableCoupon(showId: string, code: string, at: number): Promise<boolean>;
  /** Redemptions so far plus open (pending) checkouts using the code: what `maxRedemptions` caps. */
  couponUses(showId: string, code: string): Promise<number>;
  /** One more paid order used it. */
  redeemCoupon(showId: string, code: string): Promise<void>;
}
