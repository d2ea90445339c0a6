import { currencyDigits } from '@live-shop/protocol';

// Stripe's currency rules, from https://docs.stripe.com/currencies ("Supported presentment
// currencies", "Zero-decimal currencies", "Three-decimal currencies", "Special cases", "Minimum and
// maximum charge amounts"). The catalog counts `amount` in minor units as `Intl` defines them; Stripe
// reads `unit_amount` by its own table, and the two disagree where it matters most (ISK, HUF, UGX).

/** Presentment currencies Stripe charges in (card payments). */
export const STRIPE_CURRENCIES: ReadonlySet<string> = new Set([
  'USD',
  'AED',
  'AFN',
  'ALL',
  'AMD',
  'ANG',
  'AOA',
  'ARS',
  'AUD',
  'AWG',
  'AZN',
  'BAM',
  'BBD',
  'BDT',
  'BGN',
  'BHD',
  'BIF',
  'BMD',
  'BND',
  'BOB',
  'BRL',
  'BSD',
  'BWP',
  'BYN',
  'BZD',
  'CAD',
  'CDF',
  'CHF',
  'CLP',
  'CNY',
  'COP',
  'CRC',
  'CVE',
  'CZK',
  'DJF',
  'DKK',
  'DOP',
  'DZD',
  'EGP',
  'ETB',
  'EUR',
  'FJD',
  'FKP',
  'GBP',
  'GEL',
  'GIP',
  'GMD',
  'GNF',
  'GTQ',
  'GYD',
  'HKD',
  'HNL',
  'HTG',
  'HUF',
  'IDR',
  'ILS',
  'INR',
  'ISK',
  'JMD',
  'JOD',
  'JPY',
  'KES',
  'KGS',
  'KHR',
  'KMF',
  'KRW',
  'KWD',
  'KYD',
  'KZT',
  'LAK',
  'LBP',
  'LKR',
  'LRD',
  'LSL',
  'MAD',
  'MDL',
  'MGA',
  'MKD',
  'MMK',
  'MNT',
  'MOP',
  'MUR',
  'MVR',
  'MWK',
  'MXN',
  'MYR',
  'MZN',
  'NAD',
  'NGN',
  'NIO',
  'NOK',
  'NPR',
  'NZD',
  'OMR',
  'PAB',
  'PEN',
  'PGK',
  'PHP',
  'PKR',
  'PLN',
  'PYG',
  'QAR',
  'RON',
  'RSD',
  'RUB',
  'RWF',
  'SAR',
  'SBD',
  'SCR',
  'SEK',
  'SGD',
  'SHP',
  'SLE',
  'SOS',
  'SRD',
  'STD',
  'SZL',
  'THB',
  'TJS',
  'TND',
  'TOP',
  'TRY',
  'TTD',
  'TWD',
  'TZS',
  'UAH',
  'UGX',
  'USD',
  'UYU',
  'UZS',
  'VND',
  'VUV',
  'WST',
  'XAF',
  'XCD',
  'XCG',
  'XOF',
  'XPF',
  'YER',
  'ZAR',
  'ZMW',
]);

/** `unit_amount` is the whole amount: 500 is ¥500. (Stripe lists UGX here too, but see its special case.) */
const ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
/** Three decimals, and the last must be 0 for Stripe's partners (KWD 5.125 → refused; 5120 is KD 5.120). */
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);
/**
 * Special cases: ISK and UGX became zero-decimal but Stripe keeps two decimals for compatibility, so
 * kr 5 is 500 and must divide by 100. HUF and TWD are zero-decimal only for payouts: charged with two.
 */
const WHOLE_UNITS_IN_HUNDREDTHS = new Set(['ISK', 'UGX']);

/** Stripe's minimum charge, in Stripe's units (its table; other currencies: about USD 0.50, which needs an exchange rate, so Stripe checks it). */
const MINIMUM_CHARGE: Readonly<Record<string, number>> = {
  USD: 50,
  AED: 200,
  AUD: 50,
  BGN: 100,
  BRL: 50,
  CAD: 50,
  CHF: 50,
  CZK: 1500,
  DKK: 250,
  EUR: 50,
  GBP: 30,
  HKD: 400,
  HUF: 17500,
  INR: 50,
  JPY: 50,
  MXN: 1000,
  MYR: 200,
  NOK: 300,
  NZD: 50,
  PLN: 200,
  RON: 200,
  SEK: 300,
  SGD: 50,
  THB: 1000,
};

/** "The amount value supports up to eight digits." */
export const STRIPE_MAX_AMOUNT = 99_999_999;

/** Digits Stripe reads in `unit_amount` for this currency. */
function stripeDigits(currency: string): number {
  return ZERO_DECIMAL.has(currency) ? 0 : THREE_DECIMAL.has(currency) ? 3 : 2;
}

/** Powers of ten from the catalog's minor units to Stripe's (ISK: 0 → 2 digits, +2). */
const shift = (currency: string) => stripeDigits(currency) - currencyDigits(currency);

/** Catalog minor units → Stripe's `unit_amount` (1,500 kr → 150000). Exact: not an integer when Stripe cannot express it. */
export function toStripeAmount(amount: number, currency: string): number {
  return scale(amount, shift(currency.toUpperCase()));
}

/** Stripe's amount (e.g. a webhook's `amount_total`) → catalog minor units; not an integer when the catalog cannot express it. */
export function fromStripeAmount(amount: number, currency: string): number {
  return scale(amount, -shift(currency.toUpperCase()));
}

// Division by a power of ten, not multiplication by its inverse: 150000 / 100 is exactly 1500.
const scale = (amount: number, powers: number) => (powers >= 0 ? amount * 10 ** powers : amount / 10 ** -powers);

/** Stripe's units for a message: "0.50 USD", "50 JPY". */
export function describeStripeAmount(stripeAmount: number, currency: string): string {
  const code = currency.toUpperCase();
  const digits = stripeDigits(code);
  return `${(stripeAmount / 10 ** digits).toFixed(digits)} ${code}`;
}

/**
 * Why Stripe Checkout (payment mode) would refuse this catalog unit price, as `field: reason`, or null.
 * The catalog's own limits (integer, ≥ 0, a currency `Intl` knows) are checked before.
 */
export function stripeAmountProblem(amount: number, currency: string): string | null {
  const code = currency.toUpperCase();
  if (!STRIPE_CURRENCIES.has(code)) return `price.currency: Stripe does not support ${code}`;
  const unit = toStripeAmount(amount, code);
  const minimum = MINIMUM_CHARGE[code] ?? 1;
  if (amount === 0)
    return 'price.amount: Stripe Checkout needs an amount above 0 (use the local checkout or a checkoutUrl for free items)';
  if (!Number.isInteger(unit)) return `price.amount: Stripe cannot charge this amount in ${code}`;
  if (unit < minimum) return `price.amount: below Stripe's minimum charge of ${describeStripeAmount(minimum, code)}`;
  if (unit > STRIPE_MAX_AMOUNT)
    return `price.amount: above Stripe's maximum of 8 digits (${describeStripeAmount(STRIPE_MAX_AMOUNT, code)})`;
  if (WHOLE_UNITS_IN_HUNDREDTHS.has(code) && unit % 100 !== 0)
    return `price.amount: Stripe charges ${code} in whole units only`;
  if (THREE_DECIMAL.has(code) && unit % 10 !== 0)
    return `price.amount: Stripe needs ${code} amounts that are a multiple of 10 (the last of three decimals 0)`;
  return null;
}
