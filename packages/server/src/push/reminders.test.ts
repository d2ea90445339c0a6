import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CreatedShow, PushReminderPayload } from '@live-shop/protocol';
import { FakePushService, type FakeSubscription } from '../testing/fake-push.js';
import { request, startHarness, withTimeout, type ClientSocket, type Harness } from '../testing/harness.js';
import { silentLogger } from '../logger.js';
import { openPostgresStore } from '../store/postgres.js';
import { openSqliteStore } from '../store/sqlite.js';
import { CLAIM_LEASE_MS, PushReminders } from './reminders.js';
import { liveNowBody } from './messages.js';

const WEB_PUSH = { allowLoopbackEndpoints: true, retryDelayMs: 1, subject: 'mailto:ops@shop.example' };
// One address subscribes many browsers here; the limit itself is tested below.
const LIMITS = { pushRemindersPerMinute: 10_000 };
const route = (id: string) => `/api/shows/${id}/reminders/push`;

async function subscribe(h: Harness, showId: string, subscription: FakeSubscription, extra: object = {}) {
  return h.api('POST', route(showId), { admin: false, body: { subscription, ...extra } });
}

async function goLive(h: Harness, show: CreatedShow): Promise<ClientSocket> {
  const { socket: host } = await h.connect({ show: show.id, token: show.hostToken });
  assert.equal((await request(host, 'show:start', {})).ok, true);
  // The provider's signal that media flows: the state machine's own way to `live`.
  await h.server.service.signal(show.id, 'mediaUp');
  return host;
}

describe('Web Push reminders', () => {
  let fake: FakePushService;
  let h: Harness;
  const warnings: string[] = [];
  before(async () => {
    fake = await new FakePushService().start();
    h = await startHarness({
      webPush: WEB_PUSH,
      rateLimits: LIMITS,
      allowedOrigins: ['https://shop.example'],
      logger: { info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
    });
  });
  after(async () => {
    await h.close();
    await fake.close();
  });

  it('the public show carries the VAPID public key and never the private one', async () => {
    const show = await h.createShow();
    const res = await h.api('GET', `/api/shows/${show.id}`, { admin: false });
    const key = res.json.webPushKey as string;
    assert.equal(key, h.server.push?.publicKey);
    assert.equal(Buffer.from(key, 'base64url').length, 65);
    const { snapshot } = await h.connect({ show: show.id });
    assert.equal(snapshot.show.webPushKey, key);
    const stored = h.server.config.databaseUrl
      ? JSON.parse(await h.server.store.getMeta('secret:vapid-keys.json').then((v) => v ?? '{}'))
      : JSON.parse(await readFile(path.join(h.dataDir, 'vapid-keys.json'), 'utf8'));
    assert.equal(stored.publicKey, key);
    assert.equal(Buffer.from(stored.privateKey, 'base64url').length, 32);
    for (const text of [res.text, JSON.stringify(snapshot)]) assert.ok(!text.includes(stored.privateKey));
  });

  it('sends one decryptable reminder per subscription when the show goes live, prunes a gone one, retries a failing one, and never again', async () => {
    const show = await h.createShow({ title: 'Spring drop' });
    const [a, b, gone, flaky] = [fake.subscribe(), fake.subscribe(), fake.subscribe(), fake.subscribe()];
    for (const sub of [a, b, gone, flaky]) assert.equal((await subscribe(h, show.id, sub)).status, 201);
    // The same browser twice (Notify me tapped again, a new page): still one reminder.
    const again = await subscribe(h, show.id, a, { url: 'https://shop.example/live?show=1', lang: 'de-AT' });
    assert.equal(again.status, 201);
    assert.equal(again.json.created, false);
    assert.equal((await h.server.store.push.list(show.id)).length, 4);
    fake.expire(gone.endpoint);
    fake.failNext(flaky.endpoint, 2);

    const host = await goLive(h, show);
    await h.server.push!.idle();

    const key = h.server.push!.publicKey;
    const expected = (url: string, lang?: string): PushReminderPayload => ({
      title: 'Spring drop',
      body: liveNowBody(lang),
      url,
      showId: show.id,
    });
    assert.deepEqual(fake.payloadsFor(a.endpoint), [expected('https://shop.example/live?show=1', 'de')]);
    assert.deepEqual(fake.payloadsFor(b.endpoint), [expected(`${h.url}/`)]);
    assert.deepEqual(fake.payloadsFor(flaky.endpoint), [expected(`${h.url}/`)]);
    assert.deepEqual(fake.payloadsFor(gone.endpoint), []);
    assert.notEqual(liveNowBody('de'), liveNowBody(undefined));
    for (const r of fake.received) {
      assert.equal(r.vapidKey, key);
      assert.equal(r.subject, 'mailto:ops@shop.example');
      assert.equal(r.urgency, 'high');
      assert.equal(r.ttl, '3600');
    }
    assert.deepEqual(fake.refused, []);
    const rows = await h.server.store.push.list(show.id);
    assert.deepEqual(rows.map((r) => r.endpoint).sort(), [a, b, flaky].map((s) => s.endpoint).sort());
    assert.ok(rows.every((r) => r.state === 'sent'));
    assert.equal(rows.find((r) => r.endpoint === flaky.endpoint)?.attempts, 2);

    // The presenter drops and comes back: live again, nothing more is sent.
    const received = fake.received.length;
    await h.server.service.signal(show.id, 'mediaDown');
    await h.server.service.signal(show.id, 'mediaUp');
    await h.server.push!.idle();
    assert.equal((await h.server.service.publicShow(show.id)).status, 'live');
    assert.equal(fake.received.length, received);
    host.disconnect();
  });

  it('going live never waits for the push service: the show is live while a reminder is still on its way', async () => {
    const show = await h.createShow();
    const slow = fake.subscribe();
    await subscribe(h, show.id, slow);
    const { arrived, release } = fake.hold(slow.endpoint);
    const host = await goLive(h, show);
    await withTimeout(arrived, 'the reminder request');
    assert.equal((await h.server.service.publicShow(show.id)).status, 'live');
    assert.deepEqual(fake.payloadsFor(slow.endpoint), []);
    release();
    await h.server.push!.idle();
    assert.equal(fake.payloadsFor(slow.endpoint).length, 1);
    host.disconnect();
  });

  it("forgets a show's subscriptions once it ended", async () => {
    const show = await h.createShow();
    await subscribe(h, show.id, fake.subscribe());
    const host = await goLive(h, show);
    await h.server.push!.idle();
    assert.equal((await h.server.store.push.list(show.id)).length, 1);
    assert.equal((await request(host, 'show:end', {})).ok, true);
    await h.server.push!.idle();
    assert.deepEqual(await h.server.store.push.list(show.id), []);
    host.disconnect();
  });

  it('gives up after the bounded attempts, keeping the row as failed', async () => {
    const show = await h.createShow();
    const down = fake.subscribe();
    assert.equal((await subscribe(h, show.id, down)).status, 201);
    fake.failNext(down.endpoint, 100);
    const host = await goLive(h, show);
    await h.server.push!.idle();
    assert.deepEqual(fake.payloadsFor(down.endpoint), []);
    const [row] = await h.server.store.push.list(show.id);
    assert.equal(row?.state, 'failed');
    assert.equal(row?.attempts, 3);
    host.disconnect();
  });

  it('refuses bad input, unknown shows and shows that are no longer scheduled, with typed errors', async () => {
    const show = await h.createShow();
    const sub = fake.subscribe();
    const bad = async (body: unknown) => (await h.api('POST', route(show.id), { admin: false, body })).json.error.code;
    assert.equal(await bad({}), 'bad_request');
    assert.equal(await bad({ subscription: { ...sub, keys: { ...sub.keys, p256dh: 'short' } } }), 'bad_request');
    assert.equal(await bad({ subscription: { ...sub, keys: { ...sub.keys, auth: 'x'.repeat(40) } } }), 'bad_request');
    assert.equal(await bad({ subscription: { ...sub, endpoint: 'http://push.example.com/x' } }), 'bad_request');
    assert.equal(await bad({ subscription: { ...sub, endpoint: 'not a url' } }), 'bad_request');
    assert.equal(await bad({ subscription: { ...sub, endpoint: 'https://10.0.0.7/x' } }), 'bad_request');
    assert.equal(
      await bad({ subscription: { ...sub, endpoint: `https://push.example.com/${'x'.repeat(3000)}` } }),
      'bad_request',
    );
    assert.equal(await bad({ subscription: sub, url: 'javascript:alert(1)' }), 'bad_request');
    const big = await h.api('POST', route(show.id), {
      admin: false,
      body: { subscription: sub, pad: 'x'.repeat(9000) },
    });
    assert.equal(big.status, 413);
    assert.equal((await subscribe(h, 'no-such-show', sub)).status, 404);
    const host = await goLive(h, show);
    const late = await subscribe(h, show.id, sub);
    assert.equal(late.status, 409);
    assert.equal(late.json.error.code, 'invalid_state');
    host.disconnect();
  });

  it('lets an allowed storefront subscribe and unsubscribe cross-origin (CORS preflight allows POST and DELETE)', async () => {
    const show = await h.createShow();
    const preflight = (origin: string) =>
      h.api('OPTIONS', route(show.id), {
        admin: false,
        headers: { origin, 'access-control-request-method': 'DELETE' },
      });
    const allowed = await preflight('https://shop.example');
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.match(allowed.headers.get('access-control-allow-methods') ?? '', /\bDELETE\b/);
    assert.equal((await preflight('https://evil.example')).headers.get('access-control-allow-origin'), null);
    const sub = fake.subscribe();
    const res = await h.api('POST', route(show.id), {
      admin: false,
      headers: { origin: 'https://shop.example' },
      body: { subscription: sub },
    });
    assert.equal(res.status, 201);
    // Without a url the reminder opens the calling storefront.
    assert.equal((await h.server.store.push.list(show.id))[0]?.url, 'https://shop.example/');
  });

  it('DELETE removes the subscription (204) so nothing is sent to it', async () => {
    const show = await h.createShow();
    const [keep, leave] = [fake.subscribe(), fake.subscribe()];
    for (const sub of [keep, leave]) await subscribe(h, show.id, sub);
    const res = await h.api('DELETE', route(show.id), { admin: false, body: { endpoint: leave.endpoint } });
    assert.equal(res.status, 204);
    assert.deepEqual(
      (await h.server.store.push.list(show.id)).map((r) => r.endpoint),
      [keep.endpoint],
    );
    const host = await goLive(h, show);
    await h.server.push!.idle();
    assert.equal(fake.payloadsFor(keep.endpoint).length, 1);
    assert.equal(fake.payloadsFor(leave.endpoint).length, 0);
    host.disconnect();
  });

  it('two nodes going live at once still send each reminder once', async () => {
    const show = await h.createShow();
    const subs = Array.from({ length: 24 }, () => fake.subscribe());
    for (const sub of subs) assert.equal((await subscribe(h, show.id, sub)).status, 201);
    // A second node: its own store connection to the same database, its own sender.
    const store2 = h.server.config.databaseUrl
      ? await openPostgresStore(h.server.config.databaseUrl)
      : await openSqliteStore(path.join(h.dataDir, 'live-shop.db'));
    const vapidKeys = { publicKey: h.server.push!.publicKey, privateKey: await privateKey(h) };
    const node2 = new PushReminders({ store: store2, vapidKeys, config: WEB_PUSH, logger: silentLogger });
    try {
      const host = await goLive(h, show);
      node2.showLive(show.id);
      await Promise.all([h.server.push!.idle(), node2.idle()]);
      for (const sub of subs) assert.equal(fake.payloadsFor(sub.endpoint).length, 1, sub.endpoint);
      host.disconnect();
    } finally {
      await node2.close();
      await store2.close();
    }
  });

  it('takes over what a dead run claimed, but not what a live run holds', async () => {
    const show = await h.createShow();
    const [orphan, fresh, held] = [fake.subscribe(), fake.subscribe(), fake.subscribe()];
    await subscribe(h, show.id, orphan);
    const now = Date.now();
    // A run that crashed mid-send more than a lease ago, and one still in its lease (another node sending).
    await h.server.store.push.claim(show.id, 'dead-run', now - CLAIM_LEASE_MS - 1000, 0, 10);
    await subscribe(h, show.id, held);
    await h.server.store.push.claim(show.id, 'live-run', now, 0, 10);
    await subscribe(h, show.id, fresh);
    const host = await goLive(h, show);
    await h.server.push!.idle();
    assert.equal(fake.payloadsFor(orphan.endpoint).length, 1);
    assert.equal(fake.payloadsFor(fresh.endpoint).length, 1);
    assert.equal(fake.payloadsFor(held.endpoint).length, 0);
    // The other run never finishes and the show ends first: the loss is logged, not silent.
    assert.equal((await request(host, 'show:end', {})).ok, true);
    await h.server.push!.idle();
    assert.ok(
      warnings.includes(`live-shop: show ${show.id} ended with 1 push reminder(s) never sent`),
      warnings.join('\n'),
    );
    host.disconnect();
  });

  it('keeps its VAPID keys across a restart, and a restart sends nothing already sent', async () => {
    const show = await h.createShow();
    const sub = fake.subscribe();
    await subscribe(h, show.id, sub);
    const host = await goLive(h, show);
    await h.server.push!.idle();
    host.disconnect();
    const key = h.server.push!.publicKey;
    const dataDir = h.dataDir;
    await h.close(false);
    h = await startHarness({ dataDir, webPush: WEB_PUSH, rateLimits: LIMITS });
    assert.equal(h.server.push!.publicKey, key);
    await h.server.push!.idle();
    assert.equal(fake.payloadsFor(sub.endpoint).length, 1);
  });
});

describe('Web Push reminders off', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('the show says so (webPushKey null) and the routes answer push_unavailable', async () => {
    const show = await h.createShow();
    assert.equal((await h.api('GET', `/api/shows/${show.id}`, { admin: false })).json.webPushKey, null);
    const fake = new FakePushService();
    const res = await h.api('POST', route(show.id), {
      admin: false,
      body: {
        subscription: {
          endpoint: 'https://push.example.com/x',
          keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) },
        },
      },
    });
    assert.equal(res.status, 503);
    assert.equal(res.json.error.code, 'push_unavailable');
    assert.equal(fake.received.length, 0);
  });

  it('rate-limits a flood of subscribe calls per address', async () => {
    const show = await h.createShow();
    const statuses = new Set<number>();
    for (let i = 0; i < 31; i++) statuses.add((await h.api('POST', route(show.id), { admin: false, body: {} })).status);
    assert.ok(statuses.has(429));
  });
});

async function privateKey(h: Harness): Promise<string> {
  const json = h.server.config.databaseUrl
    ? await h.server.store.getMeta('secret:vapid-keys.json')
    : await readFile(path.join(h.dataDir, 'vapid-keys.json'), 'utf8');
  return (JSON.parse(json ?? '{}') as { privateKey: string }).privateKey;
}
