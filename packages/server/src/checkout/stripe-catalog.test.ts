import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CreatedShow } from '@live-shop/protocol';
import { checkout, deliverSigned, orderOf, WEBHOOK_SECRET } from '../testing/commerce.js';
import { startFakeStripe, type FakeStripe } from '../testing/fake-stripe.js';
import { startHarness, type Harness } from '../testing/harness.js';

/** Bounds each test: a Stripe call through the SDK may retry. */
const T = { timeout: 20_000 };

describe('Stripe: catalog amounts in the currencies Stripe reads differently', () => {
  let fake: FakeStripe;
  let h: Harness;
  let show: CreatedShow;
  before(async () => {
    fake = await startFakeStripe();
    h = await startHarness({
      stripe: { secretKey: fake.secretKey, webhookSecret: WEBHOOK_SECRET, apiBase: fake.url },
      checkout: { unitsPerMinute: 100 },
    });
    show = await h.createShow({
      title: 'Reykjavik and Budapest',
      products: [
        { title: 'Lopapeysa', price: { amount: 1500, currency: 'ISK' }, stock: 5 },
        { title: 'Paprika', price: { amount: 1500, currency: 'HUF' }, stock: 5 },
      ],
    });
  });
  after(async () => {
    await h.close();
    await fake.close();
  });

  async function paidCheckout(productIndex: number, amountTotal?: number) {
    const res = await checkout(h, show.id, { productId: show.products[productIndex]!.id, quantity: 2 });
    assert.equal(res.status, 200, res.text);
    const body = fake.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!.body as any;
    const session = [...fake.sessions.values()].find((s) => s.metadata.orderId === res.session.orderId)!;
    const completed = fake.complete(session.id);
    const delivered = await deliverSigned(
      h,
      fake.event('checkout.session.completed', {
        ...completed,
        ...(amountTotal !== undefined && { amount_total: amountTotal }),
      }),
    );
    assert.equal(delivered.status, 200, delivered.text);
    return { body, session, order: await orderOf(h, show.id, res.session.orderId!) };
  }

  it(
    '1,500 kr and 1,500 Ft reach Stripe as 150000 (two decimals), and the paid total matches the catalog',
    T,
    async () => {
      for (const [index, currency] of [
        [0, 'isk'],
        [1, 'huf'],
      ] as const) {
        const { body, session, order } = await paidCheckout(index);
        assert.deepEqual(body.line_items[0].price_data.unit_amount, '150000', currency);
        assert.equal(body.line_items[0].price_data.currency, currency);
        assert.equal(session.amount_total, 300000, `${currency}: Stripe charges 2 × 1,500`);
        assert.equal(order.status, 'paid');
        assert.equal(order.flag, null, `${currency}: Stripe's 300000 is the catalog's 3000`);
        assert.deepEqual(order.amount, { amount: 3000, currency: currency.toUpperCase() });
      }
    },
  );

  it(
    'a Stripe total 100× below the catalog (what 1500 meant to Stripe before) is flagged amount_mismatch',
    T,
    async () => {
      const { order } = await paidCheckout(1, 3000);
      assert.equal(order.status, 'paid');
      assert.equal(order.flag, 'amount_mismatch');
    },
  );
});

describe('Stripe: products are checked against what Stripe accepts when they are created', () => {
  let fake: FakeStripe;
  let h: Harness;
  let local: Harness;
  before(async () => {
    fake = await startFakeStripe();
    h = await startHarness({ stripe: { secretKey: fake.secretKey, webhookSecret: WEBHOOK_SECRET, apiBase: fake.url } });
    local = await startHarness();
    fake.addPrice('price_tee', { unit_amount: 2500, currency: 'usd' });
    fake.addPrice('price_club', { unit_amount: 2500, currency: 'usd', recurring: { interval: 'month' } });
    fake.addPrice('price_old', { unit_amount: 2500, currency: 'usd', active: false });
    fake.addPrice('price_kr', { unit_amount: 150000, currency: 'isk' });
  });
  after(async () => {
    await h.close();
    await local.close();
    await fake.close();
  });

  const add = (server: Harness, showId: string, product: Record<string, unknown>) =>
    server.api('POST', `/api/shows/${showId}/products`, { body: { title: 'Item', ...product } });

  const refused: Array<[string, Record<string, unknown>, RegExp]> = [
    [
      'a free product (payment mode needs an amount)',
      { price: { amount: 0, currency: 'USD' } },
      /price\.amount: .*above 0/,
    ],
    [
      'USD 0.49, below Stripe’s minimum charge',
      { price: { amount: 49, currency: 'USD' } },
      /price\.amount: .*minimum.*0\.50/,
    ],
    ['USD 1,000,000.00: nine digits', { price: { amount: 100_000_000, currency: 'USD' } }, /price\.amount: .*8 digits/],
    [
      'KWD 5.125: Stripe needs a last digit of 0',
      { price: { amount: 5125, currency: 'KWD' } },
      /price\.amount: .*multiple of 10/,
    ],
    [
      'CUP: a currency Stripe does not take',
      { price: { amount: 1000, currency: 'CUP' } },
      /price\.currency: .*does not support CUP/,
    ],
    [
      'an unknown Stripe Price',
      { price: { amount: 2500, currency: 'USD' }, stripePriceId: 'price_nope' },
      /stripePriceId: .*price_nope/,
    ],
    [
      'a recurring Stripe Price',
      { price: { amount: 2500, currency: 'USD' }, stripePriceId: 'price_club' },
      /stripePriceId: .*recurring/,
    ],
    [
      'an archived Stripe Price',
      { price: { amount: 2500, currency: 'USD' }, stripePriceId: 'price_old' },
      /stripePriceId: .*not active/,
    ],
    [
      'a Stripe Price of another amount',
      { price: { amount: 2400, currency: 'USD' }, stripePriceId: 'price_tee' },
      /stripePriceId: .*25\.00.*24\.00/,
    ],
    [
      'a Stripe Price in another currency',
      { price: { amount: 2500, currency: 'EUR' }, stripePriceId: 'price_tee' },
      /stripePriceId: .*USD/,
    ],
  ];

  it('refuses, with 400 bad_request and nothing stored, what Stripe would refuse at checkout', T, async () => {
    const show = await h.createShow({ title: 'Checked', products: [] });
    for (const [what, product, pattern] of refused) {
      const res = await add(h, show.id, product);
      assert.equal(res.status, 400, `${what}: ${res.text}`);
      assert.equal(res.json.error.code, 'bad_request', what);
      assert.match(res.json.error.message, pattern, what);
    }
    assert.deepEqual((await h.api('GET', `/api/shows/${show.id}`, { admin: false })).json.products, []);
    // The same check when a show is created with its products: nothing is created.
    const before = (await h.api('GET', '/api/shows')).json.shows.length;
    const bad = await h.api('POST', '/api/shows', {
      body: {
        title: 'Bad',
        products: [
          { title: 'Ok', price: { amount: 500, currency: 'USD' } },
          { title: 'Free', price: { amount: 0, currency: 'USD' } },
        ],
      },
    });
    assert.equal(bad.status, 400, bad.text);
    assert.match(bad.json.error.message, /^products\.1\.price\.amount: /);
    assert.equal((await h.api('GET', '/api/shows')).json.shows.length, before);
  });

  it('accepts what Stripe accepts, a matching one-time Stripe Price included', T, async () => {
    const show = await h.createShow({ title: 'Fine', products: [] });
    for (const product of [
      { price: { amount: 50, currency: 'USD' } },
      { price: { amount: 99_999_999, currency: 'USD' } },
      { price: { amount: 5120, currency: 'KWD' } },
      { price: { amount: 2500, currency: 'USD' }, stripePriceId: 'price_tee' },
      { price: { amount: 1500, currency: 'ISK' }, stripePriceId: 'price_kr' },
    ]) {
      const res = await add(h, show.id, product);
      assert.equal(res.status, 201, `${JSON.stringify(product)}: ${res.text}`);
    }
    assert.ok(
      fake.requests.some((r) => r.method === 'GET' && r.path === '/v1/prices/price_tee'),
      'the price was looked up at Stripe',
    );
  });

  it(
    'a product Stripe cannot charge (made before these checks) fails at checkout with the reason, holding nothing',
    T,
    async () => {
      const show = await h.createShow({ title: 'Legacy', products: [] });
      // Straight into the catalog, as products created before the check or under the local checkout are.
      const cheap = await h.server.service.addProduct(show.id, {
        title: 'Sticker',
        price: { amount: 49, currency: 'USD' },
        stock: 3,
      });
      const res = await checkout(h, show.id, { productId: cheap.id });
      assert.deepEqual([res.status, res.json.error.code], [503, 'checkout_unavailable'], res.text);
      assert.match(
        res.json.error.message,
        /cannot be paid with Stripe \(price\.amount: below Stripe's minimum charge of 0\.50 USD\)/,
      );
      assert.equal(
        (await h.api('GET', `/api/shows/${show.id}`, { admin: false })).json.products[0].stock,
        3,
        'the hold was released',
      );

      const dear = await add(h, show.id, { title: 'Yacht', price: { amount: 60_000_000, currency: 'USD' } });
      assert.equal(dear.status, 201, dear.text);
      const two = await checkout(h, show.id, { productId: dear.json.id, quantity: 2 });
      assert.deepEqual([two.status, two.json.error.code], [400, 'bad_request'], two.text);
      assert.match(two.json.error.message, /^quantity: at most 1 in one Stripe checkout/);
    },
  );

  it('the local test checkout accepts what it accepted before', T, async () => {
    const show = await local.createShow({ title: 'Local', products: [] });
    for (const product of [
      { price: { amount: 0, currency: 'USD' } },
      { price: { amount: 49, currency: 'USD' } },
      { price: { amount: 1000, currency: 'CUP' } },
    ]) {
      assert.equal((await add(local, show.id, product)).status, 201, JSON.stringify(product));
    }
  });
});
