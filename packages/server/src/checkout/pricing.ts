import { ErrorCode, LiveShopError, type Coupon, type Deal, type Product } from '@live-shop/protocol';
import { couponCodeSchema } from '@live-shop/protocol/schemas';
import type { CommerceStore, DealStore } from '../store/store.js';
import type { CheckoutProvider } from './provider.js';

/** Per-buyer limit: the buyer is the viewer's signed id (`v:…`), so a limited product needs the credential. */
export function buyerOf(
  product: Product,
  credential: string | undefined,
  resolve: ((credential: string) => string | null) | undefined,
): string | null {
  const buyer = credential ? (resolve?.(credential) ?? null) : null;
  if (product.limitPerBuyer && !buyer)
    throw new LiveShopError(
      ErrorCode.BadRequest,
      `viewer: ${product.title} is limited per buyer: send the viewer's credential (you.credential)`,
    );
  return buyer;
}

export const couponUsedUp = (code: string) =>
  new LiveShopError(ErrorCode.CouponInvalid, `Coupon ${code} has been used up`);

export const limitReached = (product: Product) =>
  new LiveShopError(ErrorCode.LimitReached, `At most ${product.limitPerBuyer} of ${product.title} per buyer`);

/** A deal's checkout lapses with the deal, unless the provider cannot open one that short (Stripe: 35 min). */
export function sessionEnd(
  provider: Pick<CheckoutProvider, 'sessionTtlMs' | 'minSessionTtlMs'>,
  price: CheckoutPrice,
  at: number,
): number {
  const usual = at + provider.sessionTtlMs;
  if (price.dealEndsAt === null) return usual;
  return Math.max(Math.min(usual, price.dealEndsAt), at + (provider.minSessionTtlMs ?? 0));
}

/** What one checkout charges: the catalog's (or its running deal's) unit price × quantity, less a coupon. */
export interface CheckoutPrice {
  unitAmount: number;
  discount: number;
  amount: number;
  couponCode: string | null;
  /** The deal charged, when one is: the checkout's session ends with it. */
  dealEndsAt: number | null;
  /** The coupon's `maxRedemptions`: `placeOrder` checks it again atomically. */
  couponMax: number | null;
}

/** Prices a checkout created at `now`; `coupon_invalid` for a code that does not apply. */
export async function priceCheckout(
  deals: Pick<DealStore, 'getCoupon' | 'couponUses'> | undefined,
  product: Product,
  quantity: number,
  coupon: string | undefined,
  now: number,
): Promise<CheckoutPrice> {
  const deal = activeDeal(product, now);
  const unitAmount = deal ? deal.price.amount : product.price.amount;
  const subtotal = unitAmount * quantity;
  let discount = 0;
  let couponMax: number | null = null;
  const code = coupon?.trim().toUpperCase() ?? null;
  if (code) {
    const found = await couponOf(deals, product.showId, code);
    const uses = found ? await deals!.couponUses(product.showId, code) : 0;
    discount = couponDiscount(found, code, subtotal, product.price.currency, now, uses);
    couponMax = found?.maxRedemptions ?? null;
  }
  return {
    unitAmount,
    discount,
    amount: subtotal - discount,
    couponCode: discount > 0 ? code : null,
    dealEndsAt: deal?.endsAt ?? null,
    couponMax: discount > 0 ? couponMax : null,
  };
}

/** The deal a checkout created at `now` is charged: before its end, and only while below the list price. */
export function activeDeal(product: Product, now: number): Deal | null {
  const { deal } = product;
  if (!deal || now >= deal.endsAt) return null;
  if (deal.price.currency !== product.price.currency || deal.price.amount >= product.price.amount) return null;
  return deal;
}

/** The show's coupon with this code, or null: a code no coupon can have (a NUL, a space…) is not looked up. */
async function couponOf(
  deals: Pick<DealStore, 'getCoupon'> | undefined,
  showId: string,
  code: string,
): Promise<Coupon | null> {
  return deals && couponCodeSchema.safeParse(code).success ? deals.getCoupon(showId, code) : null;
}

/**
 * What a coupon takes off `subtotal` (minor units of `currency`), or `coupon_invalid` naming why.
 * `uses`: redemptions plus open checkouts using it (what `maxRedemptions` caps).
 */
export function couponDiscount(
  coupon: Coupon | null,
  code: string,
  subtotal: number,
  currency: string,
  now: number,
  uses: number,
): number {
  if (!coupon) return invalidThrow(code, 'is not a code of this show');
  if (coupon.disabledAt !== null) return invalidThrow(code, 'is no longer valid');
  if (coupon.expiresAt !== null && now >= coupon.expiresAt) return invalidThrow(code, 'has expired');
  if (coupon.maxRedemptions !== null && uses >= coupon.maxRedemptions) return invalidThrow(code, 'has been used up');
  if (coupon.amountOff) {
    if (coupon.amountOff.currency !== currency)
      return invalidThrow(code, `is for prices in ${coupon.amountOff.currency}`);
    return Math.min(coupon.amountOff.amount, subtotal);
  }
  // Rounded down: a shopper is never charged a fraction of a minor unit more than the percentage says.
  return Math.min(subtotal, Math.floor((subtotal * (coupon.percentOff ?? 0)) / 100));
}

function invalidThrow(code: string, why: string): never {
  throw new LiveShopError(ErrorCode.CouponInvalid, `Coupon ${code} ${why}`);
}

/**
 * The local test checkout's code field: prices the open order again with the code (validated here, on
 * the server) and records it; the redemption counts when the order is paid. Returns the new total.
 */
export async function applyCouponToOrder(
  store: Pick<CommerceStore, 'getOrder' | 'changeOrder'>,
  deals: Pick<DealStore, 'getCoupon' | 'couponUses'> | undefined,
  orderId: string,
  entered: string,
  now: number,
): Promise<{ amount: number; discount: number; code: string }> {
  const order = await store.getOrder(orderId);
  if (!order || order.status !== 'pending')
    throw new LiveShopError(ErrorCode.InvalidState, 'This checkout is closed: press Buy now again');
  const code = entered.trim().toUpperCase();
  const subtotal = order.unitAmount * order.quantity;
  const found = await couponOf(deals, order.showId, code);
  // This order's own earlier use of the same code does not count against it.
  const uses = found ? (await deals!.couponUses(order.showId, code)) - (order.couponCode === code ? 1 : 0) : 0;
  const discount = couponDiscount(found, code, subtotal, order.currency, now, uses);
  const changed = await store.changeOrder(order.id, ['pending'], {
    amount: subtotal - discount,
    discount,
    couponCode: code,
    at: now,
  });
  if (!changed) throw new LiveShopError(ErrorCode.InvalidState, 'This checkout is closed: press Buy now again');
  return { amount: subtotal - discount, discount, code };
}
