/** Test support (not shipped): the fake Stripe's Coupons, and a session's `discounts` / `allow_promotion_codes`, validated as Stripe does. */
import {
  allowOnly,
  form,
  int,
  metadataOf,
  Reject,
  str,
  token,
  type Form,
  type SessionDiscounts,
} from './fake-stripe-objects.js';

export interface FakeCoupon {
  id: string;
  object: 'coupon';
  amount_off: number | null;
  currency: string | null;
  percent_off: number | null;
  duration: string;
  max_redemptions: number | null;
  name: string | null;
  metadata: Record<string, string>;
  times_redeemed: number;
  valid: boolean;
}
export type FakeCoupons = Map<string, FakeCoupon>;

const COUPON_PARAMS = [
  'id',
  'amount_off',
  'currency',
  'percent_off',
  'duration',
  'max_redemptions',
  'name',
  'metadata',
];

/** `POST /v1/coupons`: exactly one of `amount_off` (with `currency`) and `percent_off`; `duration` once|repeating|forever. */
export function newCoupon(params: Form): FakeCoupon {
  allowOnly(params, COUPON_PARAMS, '');
  const amountOff = params.amount_off === undefined ? null : int(params.amount_off, 'amount_off', 1);
  const percentOff = params.percent_off === undefined ? null : Number(params.percent_off);
  if ((amountOff === null) === (percentOff === null))
    throw new Reject(400, 'You must pass either `amount_off` or `percent_off`.', 'amount_off');
  if (percentOff !== null && !(percentOff > 0 && percentOff <= 100))
    throw new Reject(400, 'Invalid percent_off: must be greater than 0 and at most 100', 'percent_off');
  const currency = str(params.currency, 'currency', amountOff !== null) ?? null;
  if (currency !== null && !/^[a-z]{3}$/.test(currency))
    throw new Reject(400, `Invalid currency: ${currency}`, 'currency');
  const duration = str(params.duration, 'duration', false) ?? 'once';
  if (!['once', 'repeating', 'forever'].includes(duration))
    throw new Reject(400, 'Invalid duration: must be one of once, repeating, or forever', 'duration');
  const name = str(params.name, 'name', false) ?? null;
  if (name !== null && name.length > 40) throw new Reject(400, 'Invalid name: must be at most 40 characters', 'name');
  return {
    id: str(params.id, 'id', false) ?? token(8),
    object: 'coupon',
    amount_off: amountOff,
    currency,
    percent_off: percentOff,
    duration,
    max_redemptions: params.max_redemptions === undefined ? null : int(params.max_redemptions, 'max_redemptions', 1),
    name,
    metadata: metadataOf(params.metadata, 'metadata'),
    times_redeemed: 0,
    valid: true,
  };
}

/** A session's discount: `discounts` and `allow_promotion_codes` together are refused, as Stripe does. */
export function sessionDiscounts(
  params: Form,
  coupons: FakeCoupons,
  total: number,
  currency: string,
): SessionDiscounts {
  const allow = params.allow_promotion_codes;
  if (allow !== undefined && allow !== 'true' && allow !== 'false')
    throw new Reject(400, 'Invalid boolean: allow_promotion_codes', 'allow_promotion_codes');
  const allowPromotionCodes = allow === undefined ? null : allow === 'true';
  if (params.discounts === undefined) return { allowPromotionCodes, discounts: [], discount: 0 };
  if (allowPromotionCodes)
    throw new Reject(
      400,
      'You may only specify one of these parameters: allow_promotion_codes, discounts.',
      'allow_promotion_codes',
    );
  if (!Array.isArray(params.discounts) || params.discounts.length !== 1)
    throw new Reject(400, 'Invalid array: discounts takes one entry', 'discounts');
  const entry = form(params.discounts[0], 'discounts[0]');
  allowOnly(entry, ['coupon', 'promotion_code'], 'discounts[0]');
  const id = str(entry.coupon, 'discounts[0][coupon]', true)!;
  const coupon = coupons.get(id);
  if (!coupon) throw new Reject(400, `No such coupon: '${id}'`, 'discounts[0][coupon]', 'resource_missing');
  if (!coupon.valid || (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions))
    throw new Reject(400, `This coupon is no longer valid: '${id}'`, 'discounts[0][coupon]', 'coupon_expired');
  if (coupon.currency !== null && coupon.currency !== currency)
    throw new Reject(400, `The coupon's currency does not match the session's`, 'discounts[0][coupon]');
  const discount =
    coupon.amount_off !== null
      ? Math.min(coupon.amount_off, total)
      : Math.round((total * (coupon.percent_off ?? 0)) / 100);
  coupon.times_redeemed += 1;
  return { allowPromotionCodes, discounts: [{ coupon: id, promotion_code: null }], discount };
}
