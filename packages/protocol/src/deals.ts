/** Flash deals, per-buyer limits and coupon codes (issue 15): types, routes and limits. */
import type { Price } from './commerce.js';

export type { Deal } from './commerce.js';

/** `product:deal` (host, moderator): put a deal on a product, optionally pinning it. */
export interface ProductDealPayload {
  productId: string;
  /** Deal price in the product's currency's minor units; below the list price. */
  amount: number;
  /** Absolute server epoch ms, after now and at most `DEAL_LIMITS.maxMs` ahead. */
  endsAt: number;
  pin?: boolean;
}

export const DEAL_LIMITS = {
  /** A deal ends at most 24 h after it is set. */
  maxMs: 24 * 60 * 60_000,
  /** ...and at least this far ahead (a deal that ends as it starts helps nobody). */
  minMs: 10_000,
  /** Most units of one product a buyer may hold in open checkouts plus paid orders. */
  limitPerBuyerMax: 1000,
} as const;

/** A show's coupon code (admin API): `percentOff` or `amountOff` + `currency`. */
export interface Coupon {
  code: string;
  showId: string;
  percentOff: number | null;
  amountOff: Price | null;
  expiresAt: number | null;
  maxRedemptions: number | null;
  /** Paid orders that used it. */
  redemptions: number;
  disabledAt: number | null;
  createdAt: number;
}

/** `POST /api/shows/:id/coupons`. */
export interface CreateCouponBody {
  code: string;
  percentOff?: number;
  amountOff?: Price;
  expiresAt?: number;
  maxRedemptions?: number;
}

export const CouponRoute = {
  List: '/api/shows/:id/coupons',
  Disable: '/api/shows/:id/coupons/:code',
} as const;
