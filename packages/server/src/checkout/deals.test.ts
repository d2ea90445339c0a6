import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CreatedShow, PinsPayload, Product } from '@live-shop/protocol';
import { checkout, orderOf, orderRecord, stats, stockOf, submit } from '../testing/commerce.js';
import { record, request, startHarness, withTimeout, type ClientSocket, type Harness } from '../testing/harness.js';

const MIN = 60_000;

/** The local page's coupon form, as a browser posts it. */
async function applyCode(h: Harness, sessionUrl: string, code: string) {
  const res = await withTimeout(
    fetch(`${h.url}${sessionUrl}/coupon`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code }).toString(),
      redirect: 'manual',
    }),
    'apply coupon',
  );
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

describe('flash deals, per-buyer limits and coupons (local checkout)', () => {
  let h: Harness;
  let clock = Date.now();
  let show: CreatedShow;
  let scarf: Product;
  let host: ClientSocket;
  let viewer: ClientSocket;
  let credential: string;

  before(async () => {
    h = await startHarness({
      now: () => clock,
      checkout: { unitsPerMinute: 1000, holdUnitsPerProduct: 100, openCheckoutsPerShow: 100 },
    });
    show = await h.createShow({
      title: 'Deals',
      products: [{ title: 'Linen scarf', price: { amount: 2500, currency: 'EUR' }, stock: 50 }],
    });
    scarf = show.products[0]!;
    host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    const joined = await h.connect({ show: show.id });
    viewer = joined.socket;
    credential = joined.snapshot.you!.credential;
  });
  after(() => h.close());

  it('only staff set or end a deal: viewers and guests get forbidden, moderators may', async () => {
    const deal = { productId: scarf.id, amount: 1500, endsAt: clock + 10 * MIN };
    assert.equal((await request(viewer, 'product:deal', deal)).error.code, 'forbidden');
    assert.equal((await request(viewer, 'product:deal-end', { productId: scarf.id })).error.code, 'forbidden');
    const guestToken = (await h.api('POST', `/api/shows/${show.id}/tokens`, { body: { role: 'guest' } })).json.token;
    const guest = (await h.connect({ show: show.id, token: guestToken })).socket;
    assert.equal((await request(guest, 'product:deal', deal)).error.code, 'forbidden');
    const modToken = (await h.api('POST', `/api/shows/${show.id}/tokens`, { body: { role: 'moderator' } })).json.token;
    const moderator = (await h.connect({ show: show.id, token: modToken })).socket;
    const pinning = await request(moderator, 'product:deal', { ...deal, pin: true });
    assert.equal(pinning.error?.code, 'forbidden', 'pinning stays the host’s');
    assert.equal((await publicProduct(h, show.id, scarf.id)).deal, undefined, 'a refused deal changes nothing');
    const set = await request(moderator, 'product:deal', deal);
    assert.equal(set.ok, true, JSON.stringify(set));
    assert.equal((await request(moderator, 'product:deal-end', { productId: scarf.id })).ok, true);
    assert.equal((await publicProduct(h, show.id, scarf.id)).deal, undefined, 'ended: no deal left');
  });

  it('bad deals are typed errors and change nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ productId: scarf.id, amount: 2500, endsAt: clock + MIN }, 'bad_request'], // not below the list price
      [{ productId: scarf.id, amount: 1000, endsAt: clock + 25 * 60 * MIN }, 'bad_request'], // beyond 24 h
      [{ productId: scarf.id, amount: 1000, endsAt: clock - 1 }, 'bad_request'], // in the past
      [{ productId: scarf.id, amount: 10.5, endsAt: clock + MIN }, 'bad_request'], // not integer minor units
      [{ productId: scarf.id, amount: 1000, endsAt: clock + MIN, price: 1 }, 'bad_request'], // unknown key
      [{ productId: 'nope', amount: 1000, endsAt: clock + MIN }, 'not_found'],
    ];
    for (const [payload, code] of cases) {
      const ack = await request(host, 'product:deal', payload);
      assert.equal(ack.error?.code, code, JSON.stringify(payload));
    }
    assert.equal((await request(host, 'product:deal-end', { productId: scarf.id })).error.code, 'invalid_state');
    assert.equal((await publicProduct(h, show.id, scarf.id)).deal, undefined);
  });

  it('a deal is public product state, pinned on request; checkouts before its end pay the deal price', async () => {
    const products = record<{ products: Product[] }>(viewer, 'show:products');
    const pins = record<PinsPayload>(viewer, 'product:pins');
    const endsAt = clock + 10 * MIN;
    const ack = await request(host, 'product:deal', { productId: scarf.id, amount: 1800, endsAt, pin: true });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    assert.deepEqual(ack.product.deal, { price: { amount: 1800, currency: 'EUR' }, endsAt, at: clock });
    const seen = await products.until((all) => all.some((p) => p.products[0]?.deal?.endsAt === endsAt), 'deal');
    assert.equal(seen.at(-1)!.products[0]!.price.amount, 2500, 'the list price stays');
    await pins.until((all) => all.some((p) => p.productIds.includes(scarf.id)), 'pinned');

    const res = await checkout(h, show.id, { productId: scarf.id, quantity: 2 });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.session.expiresAt, endsAt, 'the local session expires with the deal (sooner than 30 min)');
    const page = await h.api('GET', res.session.url!, { admin: false });
    assert.match(page.text, /<s aria-label="List price">€25\.00<\/s>€18\.00/);
    assert.match(page.text, /<dd class="total">€36\.00<\/dd>/);
    assert.equal((await submit(h, `${res.session.url}/pay`)).status, 303);
    const order = await orderOf(h, show.id, res.session.orderId!);
    assert.deepEqual([order.status, order.amount], ['paid', { amount: 3600, currency: 'EUR' }]);
  });

  it('a deal checkout cannot be paid after the deal ended; checkouts created after it pay the list price', async () => {
    const res = await checkout(h, show.id, { productId: scarf.id });
    assert.equal(res.status, 200, res.text);
    const deal = (await publicProduct(h, show.id, scarf.id)).deal!;
    clock = deal.endsAt + 1;
    const page = await h.api('GET', res.session.url!, { admin: false });
    assert.equal(page.status, 410, 'the test page says it expired');
    const pay = await submit(h, `${res.session.url}/pay`);
    assert.equal(pay.status, 410);
    assert.equal((await orderOf(h, show.id, res.session.orderId!)).status, 'expired');

    const later = await checkout(h, show.id, { productId: scarf.id });
    assert.equal(later.status, 200, later.text);
    assert.equal(later.session.expiresAt, clock + 30 * MIN, 'the usual hold');
    assert.equal((await orderOf(h, show.id, later.session.orderId!)).amount.amount, 2500);
  });

  it('ending a deal early puts the list price back at once', async () => {
    const endsAt = clock + 60 * MIN;
    assert.equal((await request(host, 'product:deal', { productId: scarf.id, amount: 2000, endsAt })).ok, true);
    const before = await checkout(h, show.id, { productId: scarf.id });
    assert.equal((await orderOf(h, show.id, before.session.orderId!)).amount.amount, 2000);
    const ended = await request(host, 'product:deal-end', { productId: scarf.id });
    assert.equal(ended.product.deal, undefined);
    const after = await checkout(h, show.id, { productId: scarf.id });
    assert.equal((await orderOf(h, show.id, after.session.orderId!)).amount.amount, 2500);
  });

  it('per-buyer limits count pending and paid units of the signed viewer id; over it nothing is held', async () => {
    const product = await addProduct(h, show.id, { title: 'Drop tee', stock: 10, limitPerBuyer: 2 });
    const noViewer = await checkout(h, show.id, { productId: product.id });
    assert.equal(noViewer.status, 400, 'a limited product needs the buyer');
    assert.equal(noViewer.json.error.code, 'bad_request');
    const forged = await checkout(h, show.id, { productId: product.id, viewer: `${credential}x` });
    assert.equal(forged.status, 400, 'a credential this server did not sign is nobody');

    const first = await checkout(h, show.id, { productId: product.id, viewer: credential });
    assert.equal(first.status, 200, first.text);
    assert.equal((await submit(h, `${first.session.url}/pay`)).status, 303);
    const second = await checkout(h, show.id, { productId: product.id, viewer: credential });
    assert.equal(second.status, 200, 'paid 1 + pending 1 = 2');
    const third = await checkout(h, show.id, { productId: product.id, viewer: credential });
    assert.equal(third.status, 409);
    assert.equal(third.json.error.code, 'limit_reached');
    assert.equal(await stockOf(h, show.id, product.id), 8, 'the refused checkout held nothing');

    const other = (await h.connect({ show: show.id })).snapshot.you!.credential;
    assert.equal((await checkout(h, show.id, { productId: product.id, viewer: other, quantity: 2 })).status, 200);
    assert.equal((await checkout(h, show.id, { productId: product.id, viewer: other, quantity: 3 })).status, 409);
    // A cancelled checkout gives its place back.
    assert.equal((await submit(h, `${second.session.url}/cancel`)).status, 303);
    assert.equal((await checkout(h, show.id, { productId: product.id, viewer: credential })).status, 200);
  });

  it('concurrent checkouts on the last units with a limit: one per buyer, never below zero', async () => {
    const product = await addProduct(h, show.id, { title: 'Last pair', stock: 2, limitPerBuyer: 1 });
    const buyers = await Promise.all(
      Array.from({ length: 3 }, async () => (await h.connect({ show: show.id })).snapshot.you!.credential),
    );
    // Each buyer presses three times at once; three buyers race for two units.
    const answers = await Promise.all(
      buyers.flatMap((viewerCred) =>
        Array.from({ length: 3 }, () => checkout(h, show.id, { productId: product.id, viewer: viewerCred })),
      ),
    );
    const ok = answers.filter((a) => a.status === 200);
    assert.equal(ok.length, 2, answers.map((a) => a.status).join());
    for (const a of answers.filter((x) => x.status !== 200))
      assert.ok(['limit_reached', 'sold_out'].includes(a.json.error.code), a.text);
    const winners = new Set(
      answers.map((a, i) => (a.status === 200 ? buyers[Math.floor(i / 3)] : null)).filter(Boolean),
    );
    assert.equal(winners.size, 2, 'two different buyers got one unit each');
    assert.equal(await stockOf(h, show.id, product.id), 0);
  });

  it('coupons: admin only, validated, applied at checkout or on the test page, counted once when paid', async () => {
    const base = `/api/shows/${show.id}/coupons`;
    assert.equal((await h.api('POST', base, { body: { code: 'SAVE10', percentOff: 10 }, admin: false })).status, 401);
    assert.equal((await h.api('GET', base, { admin: false })).status, 401);
    assert.equal((await h.api('DELETE', `${base}/SAVE10`, { admin: 'wrong-key' })).status, 401);
    for (const body of [
      { code: 'X', percentOff: 10 },
      { code: 'BOTH', percentOff: 10, amountOff: { amount: 100, currency: 'EUR' } },
      { code: 'NONE' },
      { code: 'PCT', percentOff: 101 },
      { code: 'OLD', percentOff: 5, expiresAt: clock - 1 },
    ]) {
      const res = await h.api('POST', base, { body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.json.error.code, 'bad_request');
    }
    const created = await h.api('POST', base, { body: { code: 'save10', percentOff: 10 } });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.code, 'SAVE10');
    assert.equal((await h.api('POST', base, { body: { code: 'SAVE10', percentOff: 20 } })).status, 409);
    const once = { code: 'ONCE', amountOff: { amount: 500, currency: 'EUR' }, maxRedemptions: 1 };
    assert.equal((await h.api('POST', base, { body: once })).status, 201);

    const unknown = await checkout(h, show.id, { productId: scarf.id, coupon: 'NOPE1' });
    assert.deepEqual([unknown.status, unknown.json.error.code], [400, 'coupon_invalid']);

    const res = await checkout(h, show.id, { productId: scarf.id, quantity: 2, coupon: 'save10' });
    assert.equal(res.status, 200, res.text);
    let order = await orderOf(h, show.id, res.session.orderId!);
    assert.deepEqual([order.amount.amount, order.discount, order.coupon], [4500, 500, 'SAVE10']);
    assert.equal((await submit(h, `${res.session.url}/pay`)).status, 303);

    // The test page's code field: a bad code is said on the page, a good one changes the total.
    const plain = await checkout(h, show.id, { productId: scarf.id });
    const refused = await applyCode(h, plain.session.url!, 'WRONG');
    assert.equal(refused.status, 400);
    assert.match(refused.text, /role="alert">Coupon WRONG is not a code of this show/);
    // A code no coupon can have (a NUL: PostgreSQL could not even compare it) is refused the same way, on every store.
    const odd = await applyCode(h, plain.session.url!, 'SAVE\u000010');
    assert.equal(odd.status, 400, odd.text);
    assert.match(odd.text, /role="alert">Coupon SAVE.10 is not a code of this show/);
    const applied = await applyCode(h, plain.session.url!, 'once');
    assert.equal(applied.status, 303, applied.text);
    const page = await h.api('GET', plain.session.url!, { admin: false });
    assert.match(page.text, /<dd class="total">€20\.00<\/dd>/);
    const usedUp = await checkout(h, show.id, { productId: scarf.id, coupon: 'ONCE' });
    assert.equal(usedUp.json.error.code, 'coupon_invalid', 'its one redemption is held by the open checkout');
    assert.equal((await submit(h, `${plain.session.url}/pay`)).status, 303);
    order = await orderOf(h, show.id, plain.session.orderId!);
    assert.deepEqual([order.status, order.amount.amount, order.discount], ['paid', 2000, 500]);

    const listed = (await h.api('GET', base)).json.coupons as { code: string; redemptions: number }[];
    assert.deepEqual(Object.fromEntries(listed.map((c) => [c.code, c.redemptions])), { SAVE10: 1, ONCE: 1 });
    assert.equal(listed.length, 2);

    // A coupon's last redemption, pressed four times at once: one checkout gets it.
    const last = { code: 'LAST1', percentOff: 50, maxRedemptions: 1 };
    assert.equal((await h.api('POST', base, { body: last })).status, 201);
    const racing = await Promise.all(
      Array.from({ length: 4 }, () => checkout(h, show.id, { productId: scarf.id, coupon: 'LAST1' })),
    );
    assert.deepEqual(racing.map((r) => r.status).sort(), [200, 400, 400, 400]);
    for (const r of racing.filter((x) => x.status === 400)) assert.equal(r.json.error.code, 'coupon_invalid');

    // The store decides it in placeOrder's transaction, whatever the checks before it saw.
    const store = h.server.store;
    const pending = (id: string) =>
      orderRecord({
        id,
        showId: show.id,
        productId: scarf.id,
        amount: 1250,
        currency: 'EUR',
        status: 'pending',
        couponCode: 'LAST1',
        discount: 1250,
      });
    assert.equal(await store.placeOrder(pending('direct-1'), undefined, { couponMax: 1 }), 'coupon_used_up');
    assert.equal(await store.placeOrder(pending('direct-2'), undefined, { couponMax: 2 }), 'placed');

    // Another currency, and a code past its expiry: refused, saying why.
    const usd = { code: 'USD5', amountOff: { amount: 500, currency: 'USD' } };
    assert.equal((await h.api('POST', base, { body: usd })).status, 201);
    const wrongCurrency = await checkout(h, show.id, { productId: scarf.id, coupon: 'USD5' });
    assert.equal(wrongCurrency.json.error.code, 'coupon_invalid');
    assert.match(wrongCurrency.json.error.message, /USD/);
    const soon = { code: 'SOON', percentOff: 5, expiresAt: clock + 60_000 };
    assert.equal((await h.api('POST', base, { body: soon })).status, 201);
    assert.equal((await checkout(h, show.id, { productId: scarf.id, coupon: 'SOON' })).status, 200);
    clock += 60_000;
    const expired = await checkout(h, show.id, { productId: scarf.id, coupon: 'SOON' });
    assert.deepEqual(
      [expired.json.error.code, expired.json.error.message],
      ['coupon_invalid', 'Coupon SOON has expired'],
    );

    assert.equal((await h.api('DELETE', `${base}/save10`)).status, 204);
    assert.equal((await h.api('DELETE', `${base}/GONE`)).status, 404);
    const disabled = await checkout(h, show.id, { productId: scarf.id, coupon: 'SAVE10' });
    assert.equal(disabled.json.error.code, 'coupon_invalid');
    assert.equal((await stats(h, show.id)).totals.orders >= 3, true);
  });
});

async function publicProduct(h: Harness, showId: string, productId: string): Promise<Product> {
  const res = await h.api('GET', `/api/shows/${showId}`, { admin: false });
  return (res.json.products as Product[]).find((p) => p.id === productId)!;
}

async function addProduct(h: Harness, showId: string, body: Record<string, unknown>): Promise<Product> {
  const res = await h.api('POST', `/api/shows/${showId}/products`, {
    body: { price: { amount: 1000, currency: 'EUR' }, ...body },
  });
  assert.equal(res.status, 201, res.text);
  return res.json as Product;
}
