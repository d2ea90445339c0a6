import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ShowSettings, SoldPayload } from '@live-shop/protocol';
import {
  barrier,
  checkout,
  deliverSigned,
  leave,
  publicShow,
  recordAll,
  showWithProduct,
  stats,
  submit,
  WEBHOOK_SECRET,
} from '../testing/commerce.js';
import { startFakeStripe } from '../testing/fake-stripe.js';
import { ADMIN_KEY, record, request, startHarness, type Harness } from '../testing/harness.js';
import { TEST_DATABASE_URL } from '../testing/test-database.js';

describe('commerce: funnel, social proof, return URLs', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ allowedOrigins: ['https://shop.example'], checkout: { unitsPerMinute: 100 } });
  });
  after(() => h.close());

  const clicks = (showId: string, body: unknown, headers?: Record<string, string>) =>
    h.api('POST', `/api/shows/${showId}/clicks`, { body, admin: false, headers });

  it('impressions: viewers present at the pin, plus each viewer joining while pinned', async () => {
    const { show, product } = await showWithProduct(h);
    const host = await h.connect({ show: show.id, token: show.hostToken });
    for (let i = 0; i < 3; i++) await h.connect({ show: show.id });
    assert.equal((await stats(h, show.id)).products[0]!.impressions, 0, 'nothing pinned, nothing shown');

    assert.equal((await request(host.socket, 'product:pin', { productId: product.id })).ok, true);
    assert.equal((await stats(h, show.id)).products[0]!.impressions, 3, 'the host is not an impression');
    await h.connect({ show: show.id });
    assert.equal((await stats(h, show.id)).products[0]!.impressions, 4);
    // Pinning what is already pinned shows it to nobody new.
    assert.equal((await request(host.socket, 'product:pin', { productId: product.id })).ok, true);
    await h.connect({ show: show.id, token: show.hostToken });
    const summary = await stats(h, show.id);
    assert.equal(summary.products[0]!.impressions, 4);
    assert.equal(summary.totals.impressions, 4);
  });

  it('buy clicks and conversion = paid orders / clicks', async () => {
    const { show, product } = await showWithProduct(h);
    assert.equal((await stats(h, show.id)).totals.conversion, null, 'no conversion before the first click');
    for (let i = 0; i < 3; i++) assert.equal((await clicks(show.id, { productId: product.id })).status, 204);
    const unknown = await clicks(show.id, { productId: 'no-such-product' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error.code, 'not_found');
    assert.equal((await clicks('no-such-show', { productId: product.id })).status, 404);
    for (const body of [{}, { productId: 5 }, { productId: product.id, quantity: 0 }, '{not json']) {
      const bad = await clicks(show.id, body);
      assert.equal(bad.status, 400, JSON.stringify(body));
      assert.equal(bad.json.error.code, 'bad_request');
    }
    assert.equal((await clicks(show.id, 'productId=x', { 'content-type': 'text/plain' })).status, 400);
    assert.equal((await stats(h, show.id)).totals.buyClicks, 3, 'refused clicks are not counted');

    const { session } = await checkout(h, show.id, { productId: product.id });
    assert.equal((await submit(h, `${session.url}/pay`)).status, 303);
    const summary = await stats(h, show.id);
    assert.equal(summary.totals.buyClicks, 4, 'a checkout is a click too');
    assert.equal(summary.totals.orders, 1);
    assert.equal(summary.totals.conversion, 0.25);
    assert.deepEqual(
      { ...summary.products[0]!, revenue: undefined },
      { productId: product.id, impressions: 0, buyClicks: 4, checkouts: 1, orders: 1, units: 1, revenue: undefined },
    );
  });

  it('stats are admin only, and 404 for an unknown show', async () => {
    const { show } = await showWithProduct(h);
    for (const admin of [false, 'not-the-admin-key-at-all'] as const) {
      const res = await h.api('GET', `/api/shows/${show.id}/stats`, { admin });
      assert.equal(res.status, 401);
      assert.equal(res.json.error.code, 'unauthorized');
    }
    const missing = await h.api('GET', '/api/shows/no-such-show/stats');
    assert.equal(missing.status, 404);
    assert.equal(missing.json.error.code, 'not_found');
  });

  it('social proof: off by default, host-only toggle, then product:sold and recentSales', async () => {
    const { show, product } = await showWithProduct(h, { stock: 10 });
    const host = await h.connect({ show: show.id, token: show.hostToken });
    const viewer = await h.connect({ show: show.id });
    const sold = record<SoldPayload>(viewer.socket, 'product:sold');
    const settings = record<ShowSettings>(viewer.socket, 'show:settings');
    assert.deepEqual(viewer.snapshot.show.settings, {
      socialProof: false,
      slowModeSeconds: 0,
      reactions: ['heart', 'fire', 'clap', 'laugh'],
    });
    assert.deepEqual(viewer.snapshot.show.recentSales, []);

    const first = await checkout(h, show.id, { productId: product.id });
    assert.equal((await submit(h, `${first.session.url}/pay`)).status, 303);
    await barrier(viewer.socket);
    assert.equal(sold.seen.length, 0, 'no product:sold while social proof is off');
    assert.deepEqual((await publicShow(h, show.id)).recentSales, []);

    const denied = await request(viewer.socket, 'show:update', { socialProof: true });
    assert.deepEqual(denied.ok, false);
    assert.equal(denied.error.code, 'forbidden');
    for (const bad of [{ socialProof: 'yes' }, { socialProof: true, confetti: true }, 'on']) {
      const ack = await request(host.socket, 'show:update', bad);
      assert.equal(ack.ok, false, JSON.stringify(bad));
      assert.equal(ack.error.code, 'bad_request', JSON.stringify(bad));
    }
    await barrier(viewer.socket);
    assert.equal(settings.seen.length, 0, 'refused updates broadcast nothing');
    assert.deepEqual((await publicShow(h, show.id)).settings, {
      socialProof: false,
      slowModeSeconds: 0,
      reactions: ['heart', 'fire', 'clap', 'laugh'],
    });

    const on = await request(host.socket, 'show:update', { socialProof: true });
    assert.deepEqual(on, {
      ok: true,
      settings: { socialProof: true, slowModeSeconds: 0, reactions: ['heart', 'fire', 'clap', 'laugh'] },
    });
    await settings.until((s) => s.some((x) => x.socialProof === true), 'show:settings');

    const paidAt = Date.now();
    const second = await checkout(h, show.id, { productId: product.id, quantity: 2 });
    assert.equal((await submit(h, `${second.session.url}/pay`)).status, 303);
    const [event] = await sold.until((s) => s.length === 1, 'product:sold');
    assert.deepEqual(Object.keys(event!).sort(), ['at', 'productId', 'quantity'], 'no amounts, no shopper');
    assert.equal(event!.productId, product.id);
    assert.equal(event!.quantity, 2);
    assert.ok(event!.at >= paidAt && event!.at <= Date.now());
    const recent = (await publicShow(h, show.id)).recentSales;
    assert.deepEqual(recent.at(-1), event);
    const late = await h.connect({ show: show.id });
    assert.deepEqual(late.snapshot.show.recentSales, recent);
  });

  it('returnUrl: a disallowed origin is refused before anything is held; allowed ones come back', async () => {
    const { show, product } = await showWithProduct(h, { stock: 2 });
    for (const returnUrl of [
      'https://evil.example/live',
      'http://shop.example/live',
      'javascript:alert(1)',
      'not a url',
    ]) {
      const res = await checkout(h, show.id, { productId: product.id, returnUrl });
      assert.equal(res.status, 400, returnUrl);
      assert.equal(res.json.error.code, 'bad_request', returnUrl);
    }
    const untouched = await stats(h, show.id);
    assert.deepEqual([untouched.totals.checkouts, untouched.totals.buyClicks, untouched.recent.length], [0, 0, 0]);
    assert.equal((await publicShow(h, show.id)).products[0]!.stock, 2);

    // Only the configured list counts: not an origin derived from the request (a forged Host header).
    const forged = await h.api('POST', `/api/shows/${show.id}/checkout`, {
      admin: false,
      body: { productId: product.id, returnUrl: 'http://evil.example/x' },
      headers: { host: 'evil.example' },
    });
    assert.equal(forged.status, 400, forged.text);
    assert.equal(
      (await checkout(h, show.id, { productId: product.id, returnUrl: `${h.url}/watch` })).status,
      400,
      'not listed, not allowed',
    );

    const allowed = await checkout(h, show.id, { productId: product.id, returnUrl: 'https://shop.example/live' });
    assert.equal(allowed.status, 200, allowed.text);
    const back = await leave(h, `${allowed.session.url}/cancel`);
    assert.equal(new URL(back.location!).origin, 'https://shop.example');
  });

  it('without a returnUrl the shopper lands on this server’s return page', async () => {
    const { show, product } = await showWithProduct(h);
    const { session } = await checkout(h, show.id, { productId: product.id });
    const paid = await submit(h, `${session.url}/pay`);
    assert.match(
      paid.location!,
      /^\/checkout\/return\?/,
      'a path on this server: whatever Host the request named, the shopper stays here',
    );
    const page = await h.api('GET', paid.location!, { admin: false });
    assert.equal(page.status, 200);
    assert.match(page.text, /Thanks for your order!/);
    assert.match(page.text, /Test checkout/);
  });

  it('behind a trusted proxy each shopper (X-Forwarded-For) has their own checkout budget; untrusted X-Forwarded-For is ignored', async () => {
    const proxied = await startHarness({ trustProxy: 'loopback', checkout: { unitsPerMinute: 1 } });
    const direct = await startHarness({ checkout: { unitsPerMinute: 1 } });
    try {
      for (const [server, secondShopper] of [
        [proxied, 200],
        [direct, 429],
      ] as const) {
        const { show, product } = await showWithProduct(server, { stock: 10 });
        const buy = (ip: string) =>
          server.api('POST', `/api/shows/${show.id}/checkout`, {
            admin: false,
            body: { productId: product.id },
            headers: { 'x-forwarded-for': ip },
          });
        assert.equal((await buy('203.0.113.7')).status, 200);
        assert.equal((await buy('203.0.113.7')).status, 429, 'the same shopper twice');
        assert.equal((await buy('203.0.113.8')).status, secondShopper);
      }
      // IPv6 shoppers are one budget per /64: rotating addresses inside it does not buy more.
      const { show, product } = await showWithProduct(proxied, { stock: 10 });
      const buy6 = (ip: string) =>
        proxied.api('POST', `/api/shows/${show.id}/checkout`, {
          admin: false,
          body: { productId: product.id },
          headers: { 'x-forwarded-for': ip },
        });
      assert.equal((await buy6('2001:db8:1:2::10')).status, 200);
      assert.equal((await buy6('2001:db8:1:2:ffff::99')).status, 429);
      // Units, not requests: one checkout of 2 units is over a budget of 1.
      const big = await proxied.api('POST', `/api/shows/${show.id}/checkout`, {
        admin: false,
        body: { productId: product.id, quantity: 2 },
        headers: { 'x-forwarded-for': '198.51.100.1' },
      });
      assert.equal(big.status, 429);
    } finally {
      await proxied.close();
      await direct.close();
    }
  });

  it('checkout errors: unknown show or product, bad body, fixed links and their stock', async () => {
    const { show, product } = await showWithProduct(h);
    const { show: other } = await showWithProduct(h);
    const missing = await checkout(h, 'no-such-show', { productId: product.id });
    assert.equal(missing.status, 404);
    assert.equal(missing.json.error.code, 'not_found');
    assert.equal((await checkout(h, other.id, { productId: product.id })).status, 404, 'a product of another show');
    for (const body of [
      {},
      { productId: product.id, quantity: 0 },
      { productId: product.id, quantity: 100 },
      { productId: product.id, quantity: 1.5 },
      { productId: product.id, shopperRef: 'has space' },
      { productId: product.id, idempotencyKey: 'x'.repeat(65) },
    ]) {
      const res = await checkout(h, show.id, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.json.error.code, 'bad_request');
    }
    const notJson = await h.api('POST', `/api/shows/${show.id}/checkout`, { body: '{"productId":', admin: false });
    assert.equal(notJson.status, 400);
    assert.equal((await stats(h, show.id)).totals.buyClicks, 0, 'refused requests count no click');

    const links = await h.createShow();
    const [kettle, , beans] = links.products;
    const link = await checkout(h, links.id, { productId: kettle!.id });
    assert.equal(link.status, 200);
    assert.deepEqual(link.json, {
      orderId: null,
      provider: 'link',
      url: 'https://buy.example/kettle',
      embedded: null,
      expiresAt: null,
    });
    const soldOut = await checkout(h, links.id, { productId: beans!.id });
    assert.equal(soldOut.status, 409);
    assert.deepEqual(soldOut.json.error, { code: 'sold_out', message: 'Sold out' });
  });
});

describe('secrets never reach shoppers', () => {
  /** Everything a shopper's browser can see must contain none of these. */
  function assertClean(seen: string[], secrets: Record<string, string>): void {
    assert.ok(seen.length > 0);
    for (const text of seen) {
      for (const [name, secret] of Object.entries(secrets))
        assert.ok(!text.includes(secret), `${name} leaked in: ${text.slice(0, 200)}`);
    }
  }

  it('local provider: checkout answer, show, test checkout page, redirects, viewer socket', async () => {
    const h = await startHarness();
    try {
      const webhookSecret = TEST_DATABASE_URL
        ? (await h.server.store.getMeta('secret:checkout-webhook-secret'))!
        : (await readFile(path.join(h.dataDir, 'checkout-webhook-secret'), 'utf8')).trim();
      assert.match(webhookSecret, /^whsec_/);
      const { show, product } = await showWithProduct(h, { stock: 5 });
      const viewer = await h.connect({ show: show.id });
      const events = recordAll(viewer.socket);
      const host = await h.connect({ show: show.id, token: show.hostToken });
      await request(host.socket, 'show:update', { socialProof: true });
      await request(host.socket, 'product:pin', { productId: product.id });

      const seen: string[] = [JSON.stringify(viewer.snapshot)];
      const paid = await checkout(h, show.id, { productId: product.id, shopperRef: 'cart-1' });
      const cancelled = await checkout(h, show.id, { productId: product.id });
      seen.push(paid.text, cancelled.text, (await h.api('GET', paid.session.url!, { admin: false })).text);
      const pay = await submit(h, `${paid.session.url}/pay`);
      const cancel = await submit(h, `${cancelled.session.url}/cancel`);
      seen.push(
        pay.text,
        pay.location!,
        cancel.text,
        cancel.location!,
        (await h.api('GET', paid.session.url!, { admin: false })).text,
      );
      seen.push((await h.api('GET', `/api/shows/${show.id}`, { admin: false })).text);
      await barrier(viewer.socket);
      assert.ok(
        events.some((e) => e.startsWith('product:sold')),
        'the viewer saw the sale',
      );
      assertClean([...seen, ...events], { webhookSecret, adminKey: ADMIN_KEY, hostToken: show.hostToken });
    } finally {
      await h.close();
    }
  });

  it(
    'Stripe provider: checkout answers (also when Stripe fails), show, viewer socket',
    { timeout: 20_000 },
    async () => {
      const fake = await startFakeStripe();
      const h = await startHarness({
        stripe: { secretKey: fake.secretKey, webhookSecret: WEBHOOK_SECRET, apiBase: fake.url },
      });
      try {
        const { show, product } = await showWithProduct(h, { stock: 5 });
        const viewer = await h.connect({ show: show.id });
        const events = recordAll(viewer.socket);
        const host = await h.connect({ show: show.id, token: show.hostToken });
        await request(host.socket, 'show:update', { socialProof: true });

        const res = await checkout(h, show.id, { productId: product.id });
        assert.equal(res.status, 200);
        fake.failNext(401);
        const failed = await checkout(h, show.id, { productId: product.id });
        assert.equal(failed.status, 503);
        const session = fake.complete(
          [...fake.sessions.values()].find((s) => s.metadata.orderId === res.session.orderId)!.id,
        );
        assert.equal((await deliverSigned(h, fake.event('checkout.session.completed', session))).json.outcome, 'paid');
        await barrier(viewer.socket);
        assert.ok(
          events.some((e) => e.startsWith('product:sold')),
          'the viewer saw the sale',
        );
        const seen = [
          JSON.stringify(viewer.snapshot),
          res.text,
          failed.text,
          (await h.api('GET', `/api/shows/${show.id}`, { admin: false })).text,
        ];
        assertClean([...seen, ...events], {
          stripeSecretKey: fake.secretKey,
          webhookSecret: WEBHOOK_SECRET,
          adminKey: ADMIN_KEY,
        });
      } finally {
        await h.close();
        await fake.close();
      }
    },
  );
});
