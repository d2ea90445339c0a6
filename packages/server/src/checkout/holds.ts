import { createHmac } from 'node:crypto';
import { RateLimitedError } from '../http/rate-limit.js';
import type { HoldLimits, HoldsFull } from '../store/store.js';

/**
 * What one shopper address (IPv6: its /64, behind a trusted proxy: the forwarded one) may hold at
 * once. Holds last as long as a checkout stays open (35 min with Stripe), so the per-minute budget
 * alone let one address hold ~600 units per half hour: these count what is open now, in the store,
 * so every node sees the same count. Finishing, cancelling or expiring a checkout frees its place.
 */
export const HOLD_LIMITS: HoldLimits = {
  /** Units of one limited-stock product in open checkouts. */
  unitsPerProduct: 5,
  /** Open checkouts in one show, whatever they hold. */
  checkoutsPerShow: 5,
};

/** The address as stored on orders: keyed, so the database keeps no IP, and the same on every node (shared secret). */
export function holderKey(secret: Buffer | string, address: string): string {
  return createHmac('sha256', secret).update(`checkout-holder:${address}`).digest('base64url').slice(0, 22);
}

/** The 429 for a shopper whose open checkouts are at the cap; Retry-After is when the first of them lapses. */
export function holdsFullError(
  full: HoldsFull,
  limits: HoldLimits,
  productTitle: string,
  now: number,
): RateLimitedError {
  const seconds = Math.max(1, Math.ceil(((full.retryAt ?? now) - now) / 1000));
  const wait = seconds >= 120 ? `${Math.ceil(seconds / 60)} min` : `${seconds} s`;
  const what =
    full.full === 'units'
      ? `${productTitle}: at most ${limits.unitsPerProduct} units per shopper can be held in open checkouts`
      : `${limits.checkoutsPerShow} checkouts open in this show from this address, the most allowed`;
  return new RateLimitedError(`${what}. Finish or cancel one, or try again in ${wait}`, seconds);
}
