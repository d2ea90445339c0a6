import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Request } from 'express';
import { SOCKET_PATH } from '@live-shop/protocol';
import { io as ioClient } from 'socket.io-client';
import type { LiveShopServerConfig } from '../config.js';
import { WEBHOOK_SECRET } from '../testing/commerce.js';
import { muxWebhookEvent, signMuxWebhook, startFakeMux } from '../testing/fake-mux.js';
import { signPayload, startFakeStripe } from '../testing/fake-stripe.js';
import { ADMIN_KEY, startHarness, withTimeout, type Harness } from '../testing/harness.js';
import { AddressBudget, RATE_LIMITS, RateLimitedError } from './rate-limit.js';

const from = (ip: string) => ({ ip }) as Request;
const MUX_SECRET = 'mux-webhook-secret-0123456789';

describe('AddressBudget', () => {
  it('spends per address over a sliding minute and says when the next unit frees up', () => {
    let now = 1_000_000;
    const budget = new AddressBudget(3, 'things', () => now);
    budget.take(from('203.0.113.1'), 2);
    now += 20_000;
    budget.take(from('203.0.113.1'));
    const refused = assert.throws(
      () => budget.take(from('203.0.113.1')),
      (e: unknown) => e instanceof RateLimitedError && e.code === 'rate_limited' && e.retryAfterSeconds === 40,
    );
    void refused;
    budget.take(from('203.0.113.2'), 3); // another address has its own budget
    now += 40_000; // the first two units left the window
    budget.take(from('203.0.113.1'), 2);
  });

  it('counts an IPv6 /64 as one address, and IPv4-mapped IPv6 as IPv4', () => {
    const budget = new AddressBudget(1, 'things');
    budget.take(from('2001:db8:1:2::1'));
    assert.throws(() => budget.take(from('2001:db8:1:2:ffff::99')), RateLimitedError);
    budget.take(from('2001:db8:1:3::1'));
    budget.take(from('::ffff:198.51.100.7'));
    assert.throws(() => budget.take(from('198.51.100.7')), RateLimitedError);
  });

  it('check refuses a spent address without spending; charge spends even beyond the budget', () => {
    const budget = new AddressBudget(2, 'failures');
    budget.check(from('203.0.113.9'));
    budget.charge(from('203.0.113.9'), 3);
    assert.throws(() => budget.check(from('203.0.113.9')), RateLimitedError);
    const off = new AddressBudget(Infinity, 'anything');
    for (let i = 0; i < 1000; i++) off.take(from('203.0.113.9'));
  });
});

describe('rate limits on a running server (429 rate_limited with Retry-After; per address, proxy-aware)', () => {
  const open: Harness[] = [];
  const start = async (config: Partial<LiveShopServerConfig>) => {
    const h = await startHarness(config);
    open.push(h);
    return { h, show: await h.createShow() };
  };
  after(() => Promise.all(open.map((h) => h.close())));

  const assertLimited = (res: { status: number; headers: Headers; json: any }, what: string) => {
    assert.equal(res.status, 429, what);
    assert.equal(res.json.error.code, 'rate_limited', what);
    assert.equal(typeof res.json.error.message, 'string');
    assert.match(res.headers.get('retry-after') ?? '', /^([1-9]|[1-5]\d|60)$/, `${what}: Retry-After in seconds`);
  };

  it('public reads: GET /api/shows/:id per shopper behind a trusted proxy', async () => {
    const { h, show } = await start({ trustProxy: 'loopback', rateLimits: { publicReadsPerMinute: 5 } });
    const read = (ip: string) =>
      h.api('GET', `/api/shows/${show.id}`, { admin: false, headers: { 'x-forwarded-for': ip } });
    for (let i = 0; i < 5; i++) assert.equal((await read('203.0.113.5')).status, 200);
    assertLimited(await read('203.0.113.5'), 'the sixth read');
    assert.equal((await read('203.0.113.6')).status, 200, 'another shopper is not affected');
    assert.equal(
      (await h.api('GET', '/health', { admin: false, headers: { 'x-forwarded-for': '203.0.113.5' } })).status,
      200,
      'other routes are not counted',
    );
  });

  it('admin: 20 wrong keys a minute, then 429 even with the right key; a missing key is no guess', async () => {
    const { h, show } = await start({ trustProxy: 'loopback' });
    const stats = (key: string | false, ip = '198.51.100.1') =>
      h.api('GET', `/api/shows/${show.id}/stats`, { admin: key, headers: { 'x-forwarded-for': ip } });
    for (let i = 0; i < 5; i++) assert.equal((await stats(false)).status, 401);
    for (let i = 0; i < RATE_LIMITS.adminFailuresPerMinute; i++)
      assert.equal((await stats(`wrong-key-${i}-0123456789`)).status, 401, `guess ${i + 1}`);
    assertLimited(await stats('wrong-key-again-0123456789'), 'guess 21');
    assertLimited(await stats(ADMIN_KEY), 'the right key, after 20 wrong ones');
    assertLimited(
      await h.api('POST', '/api/shows', { body: { title: 'x' }, headers: { 'x-forwarded-for': '198.51.100.1' } }),
      'on every admin route',
    );
    assert.equal((await stats(ADMIN_KEY, '198.51.100.2')).status, 200, "the operator's own address is not locked out");
  });

  it('webhooks: bad signatures count per route, and beyond the budget the body is not even read', async () => {
    const mux = await startFakeMux();
    const stripe = await startFakeStripe();
    try {
      const { h } = await start({
        trustProxy: 'loopback',
        rateLimits: { badWebhooksPerMinute: 3 },
        mux: { tokenId: mux.tokenId, tokenSecret: mux.tokenSecret, webhookSecret: MUX_SECRET, baseUrl: mux.url },
        stripe: { secretKey: stripe.secretKey, webhookSecret: WEBHOOK_SECRET, apiBase: stripe.url },
      });
      const post = (route: string, body: string, headers: Record<string, string>, ip: string) =>
        h.api('POST', route, { admin: false, body, headers: { ...headers, 'x-forwarded-for': ip } });
      const stripeBody = JSON.stringify(
        stripe.event('payment_intent.created', { id: 'pi_1', object: 'payment_intent' }),
      );
      const muxBody = JSON.stringify(muxWebhookEvent('video.live_stream.idle', { id: 'not-ours', status: 'idle' }));
      const forgeStripe = (ip: string) => post('/webhooks/stripe', stripeBody, { 'stripe-signature': 't=1,v1=00' }, ip);
      const forgeMux = (ip: string) => post('/webhooks/mux', muxBody, { 'mux-signature': 't=1,v1=00' }, ip);
      const realStripe = (ip: string) =>
        post('/webhooks/stripe', stripeBody, { 'stripe-signature': signPayload(stripeBody, WEBHOOK_SECRET) }, ip);
      const realMux = (ip: string) =>
        post('/webhooks/mux', muxBody, { 'mux-signature': signMuxWebhook(muxBody, MUX_SECRET) }, ip);

      // A flood of forged Mux webhooks (behind one proxy, Stripe and Mux may share an address)…
      for (let i = 0; i < 3; i++) assert.equal((await forgeMux('192.0.2.1')).status, 400);
      assertLimited(await forgeMux('192.0.2.1'), 'the fourth Mux forgery');
      // …leaves Stripe's deliveries alone, and Stripe's forgeries count on their own budget.
      assert.equal((await realStripe('192.0.2.1')).status, 200, 'a genuine Stripe delivery after the Mux flood');
      for (let i = 0; i < 3; i++) assert.equal((await forgeStripe('192.0.2.1')).status, 400);
      assertLimited(await forgeStripe('192.0.2.1'), 'the fourth Stripe forgery');

      // The other way round, from another address.
      for (let i = 0; i < 4; i++) await forgeStripe('192.0.2.2');
      assertLimited(await forgeStripe('192.0.2.2'), 'Stripe budget spent');
      assert.equal((await realMux('192.0.2.2')).status, 200, 'a genuine Mux delivery after the Stripe flood');
      assert.equal((await forgeStripe('192.0.2.3')).status, 400, 'another sender is still verified');
    } finally {
      await stripe.close();
      await mux.close();
    }
  });

  it('socket connections per address: refused at the handshake, typed for polling clients, nothing breaks', async () => {
    const { h, show } = await start({ trustProxy: 'loopback', rateLimits: { socketConnectionsPerMinute: 3 } });
    const connect = (ip: string) => {
      const socket = ioClient(h.url, {
        path: SOCKET_PATH,
        auth: { show: show.id },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        extraHeaders: { 'x-forwarded-for': ip },
      });
      return withTimeout(
        new Promise<boolean>((resolve) => {
          socket.once('show:state', () => resolve(true));
          socket.once('connect_error', () => resolve(false));
        }),
        'connect',
      ).finally(() => socket.disconnect());
    };
    for (let i = 0; i < 3; i++) assert.equal(await connect('203.0.113.50'), true, `connection ${i + 1}`);
    assert.equal(await connect('203.0.113.50'), false, 'the fourth in a minute');
    // What a polling client reads: engine.io's 403 carries the reason.
    const handshake = await fetch(`${h.url}${SOCKET_PATH}/?EIO=4&transport=polling`, {
      headers: { 'x-forwarded-for': '203.0.113.50' },
    });
    assert.equal(handshake.status, 403);
    assert.match(
      (await handshake.json()).message,
      /^rate_limited: Too many connections from this address: try again in \d+ s$/,
    );
    assert.equal(await connect('203.0.113.51'), true, 'another viewer is not affected');
    assert.equal((await h.api('GET', '/health', { admin: false })).status, 200);
  });

  it('rateLimits: false turns every limit off (benchmarks and load tests from one address)', async () => {
    const { h, show } = await start({ rateLimits: false });
    for (let i = 0; i < RATE_LIMITS.adminFailuresPerMinute + 5; i++)
      await h.api('GET', `/api/shows/${show.id}/stats`, { admin: `wrong-key-${i}-0123456789` });
    assert.equal((await h.api('GET', `/api/shows/${show.id}/stats`)).status, 200);
  });
});
