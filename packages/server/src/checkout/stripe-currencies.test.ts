import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currencyDigits } from '@live-shop/protocol';
import { fromStripeAmount, STRIPE_CURRENCIES, stripeAmountProblem, toStripeAmount } from './stripe-currencies.js';

describe('catalog minor units (Intl) ↔ Stripe unit_amount', () => {
  it('converts the currencies Stripe reads differently from Intl, and leaves the others alone', () => {
    const cases: Array<[string, number, number, string]> = [
      ['USD', 1999, 1999, '$19.99'],
      ['EUR', 2500, 2500, '€25.00'],
      ['JPY', 500, 500, '¥500 (zero-decimal in both)'],
      ['KRW', 12000, 12000, '₩12,000'],
      ['ISK', 1500, 150000, '1,500 kr: Stripe keeps two decimals for ISK'],
      ['HUF', 1500, 150000, '1,500 Ft: Stripe charges HUF with two decimals'],
      ['UGX', 5, 500, 'USh 5: like ISK'],
      ['TWD', 1050, 1050, 'NT$10.50: two decimals in both'],
      ['IDR', 10000, 1000000, 'Rp 10,000: Intl says 0 digits, Stripe 2'],
      ['KWD', 5120, 5120, 'KD 5.120: three decimals in both'],
    ];
    for (const [currency, catalog, stripe, what] of cases) {
      assert.equal(toStripeAmount(catalog, currency), stripe, `${what}: to Stripe`);
      assert.equal(fromStripeAmount(stripe, currency), catalog, `${what}: back`);
    }
    assert.equal(toStripeAmount(1500, 'huf'), 150000, 'any case');
  });

  it('an amount Stripe reports that the catalog cannot express is not an integer (never equal to a catalog amount)', () => {
    assert.equal(fromStripeAmount(150050, 'HUF'), 1500.5);
    assert.ok(!Number.isInteger(fromStripeAmount(1501, 'ISK')));
  });

  it('every Stripe currency Intl knows converts both ways without loss', () => {
    const known = new Set(Intl.supportedValuesOf('currency'));
    let checked = 0;
    for (const currency of STRIPE_CURRENCIES) {
      if (!known.has(currency)) continue;
      checked += 1;
      for (const amount of [0, 1, 10, 990, 123_456]) {
        // Catalog amounts that Stripe can represent come back unchanged.
        const stripe = toStripeAmount(amount, currency);
        if (Number.isInteger(stripe)) assert.equal(fromStripeAmount(stripe, currency), amount, `${currency} ${amount}`);
      }
      assert.ok(currencyDigits(currency) <= 3, `${currency}: Intl digits`);
    }
    assert.ok(checked > 120, `only ${checked} currencies checked`);
  });
});

describe('what Stripe refuses as a Checkout unit price (payment mode)', () => {
  const accepted: Array<[number, string]> = [
    [50, 'USD'],
    [30, 'GBP'],
    [50, 'JPY'],
    [17500, 'HUF'],
    [99_999_999, 'USD'],
    [5120, 'KWD'],
    [1000, 'ISK'],
    [100, 'XOF'],
  ];
  for (const [amount, currency] of accepted) {
    it(`accepts ${amount} ${currency}`, () => assert.equal(stripeAmountProblem(amount, currency), null));
  }

  const refused: Array<[number, string, RegExp]> = [
    [0, 'USD', /above 0/],
    [49, 'USD', /minimum.*0\.50/],
    [29, 'GBP', /minimum.*0\.30/],
    [49, 'JPY', /minimum/],
    [174, 'HUF', /minimum/],
    [100_000_000, 'USD', /8 digits/],
    [1_000_000, 'ISK', /8 digits/],
    [5125, 'KWD', /multiple of 10/],
    [100, 'CUP', /does not support CUP/],
  ];
  for (const [amount, currency, pattern] of refused) {
    it(`refuses ${amount} ${currency}`, () =>
      assert.match(stripeAmountProblem(amount, currency) ?? 'accepted', pattern));
  }
});
