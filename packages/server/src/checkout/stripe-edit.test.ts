import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkout, publicShow, WEBHOOK_SECRET } from '../testing/commerce.js';
import { startFakeStripe, type FakeStripe } from '../testing/fake-stripe.js';
import { request, startHarness, type Harness } from '../testing/harness.js';

/** Bounds each test: a Stripe call through the SDK may retry. */
const T = { timeout: 20_000 };

describe('Stripe: editing a price keeps the product chargeable and its Stripe Price in step', () => {
  let fake: FakeStripe;
  let h: Harness;
  before(async () => {
    fake = await startFakeStripe();
    h = await startHarness({ stripe: { secretKey: fake.secretKey, webhookSecret: WEBHOOK_SECRET, apiBase: fake.url } });
    fake.addPrice('price_tee', { unit_amount: 2500, currency: 'usd' });
    fake.addPrice('price_tee_30', { unit_amount: 3000, currency: 'usd' });
  });
  after(async () => {
    await h.close();
    await fake.close();
  });

  const patch = (showId: string, productId: string, body: Record<string, unknown>) =>
    h.api('PATCH', `/api/shows/${showId}/products/${productId}`, { body });
  const priceLookups = () => fake.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/prices/')).length;

  it(
    'a new price its Stripe Price does not charge is refused (bad_request, nothing stored); with the matching Price it is taken',
    T,
    async () => {
      const show = await h.createShow({
        title: 'Tees',
        products: [{ title: 'Tee', price: { amount: 2500, currency: 'USD' }, stripePriceId: 'price_tee' }],
      });
      const tee = show.products[0]!;

      const stale = await patch(show.id, tee.id, { price: { amount: 3000, currency: 'USD' } });
      assert.deepEqual([stale.status, stale.json.error.code], [400, 'bad_request'], stale.text);
      assert.match(
        stale.json.error.message,
        /^stripePriceId: price_tee charges .*25\.00.* but the product's price is .*30\.00/,
      );
      assert.deepEqual(
        (await publicShow(h, show.id)).products[0]!.price,
        { amount: 2500, currency: 'USD' },
        'nothing stored',
      );

      const below = await patch(show.id, tee.id, { price: { amount: 49, currency: 'USD' }, stripePriceId: null });
      assert.deepEqual([below.status, below.json.error.code], [400, 'bad_request'], below.text);
      assert.match(below.json.error.message, /^price\.amount: .*minimum/);

      const ok = await patch(show.id, tee.id, {
        price: { amount: 3000, currency: 'USD' },
        stripePriceId: 'price_tee_30',
      });
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual([ok.json.price.amount, ok.json.stripePriceId], [3000, 'price_tee_30']);
      const res = await checkout(h, show.id, { productId: tee.id });
      assert.equal(res.status, 200, res.text);
      const body = fake.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!.body as any;
      assert.equal(body.line_items[0].price, 'price_tee_30', 'checkout charges the new Stripe Price');
    },
  );

  it(
    'without a Stripe Price the edited catalog price is what Stripe is asked to charge; a title edit asks Stripe nothing',
    T,
    async () => {
      const show = await h.createShow({
        title: 'Mugs',
        products: [{ title: 'Mug', price: { amount: 2500, currency: 'USD' }, stripePriceId: 'price_tee' }],
      });
      const mug = show.products[0]!;
      const { socket: host } = await h.connect({ show: show.id, token: show.hostToken });
      const ack = await request(host, 'product:update', {
        productId: mug.id,
        price: { amount: 1800, currency: 'EUR' },
        stripePriceId: null,
      });
      assert.equal(ack.ok, true, JSON.stringify(ack));
      const lookups = priceLookups();
      assert.equal((await patch(show.id, mug.id, { title: 'Big mug' })).status, 200);
      assert.equal(priceLookups(), lookups, 'no Stripe call for a title');

      const res = await checkout(h, show.id, { productId: mug.id });
      assert.equal(res.status, 200, res.text);
      const item = (fake.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!.body as any).line_items[0];
      assert.deepEqual(
        [item.price_data.unit_amount, item.price_data.currency, item.price_data.product_data.name],
        ['1800', 'eur', 'Big mug'],
      );
    },
  );
});
