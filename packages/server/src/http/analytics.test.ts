/**
 * `GET /api/shows/:id/analytics`: numbers equal to the events the test generated (viewers as real
 * socket.io clients, chat, Buy now presses, checkouts, paid orders), per minute and per source, on
 * SQLite and on PostgreSQL (scripts/with-services.mjs); two nodes on one PostgreSQL + Redis; who may read it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadAnalytics, loadAnalyticsCsv, LiveShopClient, LiveShopError } from '@live-shop/client';
import type { AnalyticsMinute, ChatMessage, CreatedShow, ShowAnalytics, TimelinePage } from '@live-shop/protocol';
import { csvField, showTime } from '../analytics/report.js';
import { MINUTE_MS, MinuteCounters } from '../analytics/minutes.js';
import { silentLogger } from '../logger.js';
import { readAnalytics } from './analytics.js';
import { checkout, stats, submit } from '../testing/commerce.js';
import { ADMIN_KEY, request, startHarness, withTimeout, type Harness } from '../testing/harness.js';
import { dropTestDatabase, TEST_DATABASE_URL, testDatabaseUrl } from '../testing/test-database.js';

/** Real time moved to the start of a minute of its own (+1 s), and moved on a minute at a time: deterministic minutes. */
function testClock() {
  let skew = Math.ceil(Date.now() / MINUTE_MS) * MINUTE_MS + 1000 - Date.now();
  return {
    now: () => Date.now() + skew,
    minute: () => Math.floor((Date.now() + skew) / MINUTE_MS) * MINUTE_MS,
    nextMinute() {
      skew = Math.ceil((Date.now() + skew) / MINUTE_MS) * MINUTE_MS + 1000 - Date.now();
    },
  };
}

/** Until the server's own counters agree (a disconnect reaches it a moment after the client's). */
async function until(check: () => boolean, what: string): Promise<void> {
  await withTimeout(
    (async () => {
      while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
    })(),
    what,
  );
}

const zero = { viewers: 0, chat: 0, reactions: 0, buyClicks: 0, impressions: 0, checkouts: 0, orders: 0, revenue: [] };
const minute = (at: number, source: AnalyticsMinute['source'], counts: Partial<AnalyticsMinute>): AnalyticsMinute => ({
  at,
  source,
  ...zero,
  ...counts,
});

/** RFC 4180 back to rows (quoted fields with doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  for (let i = 0, quoted = false; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(field), (field = ''));
    else if (c === '\n') (row.push(field), rows.push(row), (row = []), (field = ''));
    else if (c !== '\r') field += c;
  }
  return rows;
}

describe('GET /api/shows/:id/analytics', () => {
  let h: Harness;
  let show: CreatedShow;
  let other: CreatedShow;
  let kettle: string;
  let mug: string;
  let beans: string;
  let live: number;
  let replay: number;
  /** Products pinned when the replay and clip viewers joined (each was shown them once). */
  let replayPins: string[];
  const clock = testClock();

  const analytics = async (token = ADMIN_KEY, id = show.id) =>
    h.api('GET', `/api/shows/${id}/analytics`, { admin: token });

  before(async () => {
    h = await startHarness({ checkout: { unitsPerMinute: 100 }, now: clock.now });
    show = await h.createShow();
    other = await h.createShow();
    [kettle, mug, beans] = show.products.map((p) => p.id) as [string, string, string];
    const host = await h.connect({ show: show.id, token: show.hostToken });
    const ok = async (event: string, payload: unknown) => {
      const ack = await request(host.socket, event, payload);
      assert.equal(ack.ok, true, `${event}: ${JSON.stringify(ack)}`);
      return ack;
    };
    const click = async (productId: string, source?: string) => {
      const res = await h.api('POST', `/api/shows/${show.id}/clicks`, { body: { productId, source }, admin: false });
      assert.equal(res.status, 204, res.text);
    };
    const buy = async (productId: string, quantity: number, source?: string, pay = true) => {
      const paid = await checkout(h, show.id, { productId, quantity, ...(source && { source }) });
      assert.equal(paid.status, 200, paid.text);
      if (pay) assert.equal((await submit(h, `${paid.session.url}/pay`)).status, 303);
    };

    // Minute 1, live: three viewers (shown the pinned mug as they join), chat, clicks, two checkouts, one paid.
    live = clock.minute();
    await ok('show:start', {});
    await h.server.service.signal(show.id, 'mediaUp');
    await ok('product:pin', { productId: mug });
    const viewers = await Promise.all(['Ann', 'Bob', 'Cat'].map((name) => h.connect({ show: show.id, name })));
    for (const v of viewers) assert.deepEqual(v.snapshot.show.pins.productIds, [mug]);
    const said = async (i: number, text: string) =>
      (await request(viewers[i]!.socket, 'chat:send', { text })).message as ChatMessage;
    await said(0, 'Love that mug');
    await said(1, 'Ordered two');
    const spam = await said(2, 'spam spam');
    await ok('chat:delete', { id: spam.id });
    assert.equal((await request(viewers[0]!.socket, 'reaction:send', { kind: 'heart', count: 3 })).accepted, 3);
    assert.equal((await request(viewers[1]!.socket, 'reaction:send', { kind: 'fire', count: 2 })).accepted, 2);
    await click(kettle, 'live');
    await click(kettle);
    await buy(mug, 2, 'live');
    await buy(mug, 1, undefined, false);
    await ok('show:end', {});
    for (const v of viewers) v.socket.disconnect();
    await until(() => h.server.minutes.watching(show.id, 'live') === 0, 'the live viewers to leave');
    assert.equal(clock.minute(), live, 'the live part took less than a minute');

    // Minute 2, the show ended: a replay viewer and a clip viewer, a click and a paid checkout from the replay.
    clock.nextMinute();
    replay = clock.minute();
    const watchers = [await h.connect({ show: show.id }), await h.connect({ show: show.id, source: 'clip' })];
    replayPins = watchers[0]!.snapshot.show.pins.productIds;
    assert.deepEqual(watchers[1]!.snapshot.show.pins.productIds, replayPins);
    // Said or not, what happens on an ended show is the replay's (a client saying `live` is wrong).
    await click(kettle, 'live');
    await buy(mug, 1);
    assert.equal(clock.minute(), replay, 'the replay part took less than a minute');
  });
  after(() => h.close());

  it('counts each minute and source exactly as it happened', async () => {
    const res = await analytics();
    assert.equal(res.status, 200, res.text);
    const report = res.json as ShowAnalytics;
    assert.equal(report.showId, show.id);
    assert.deepEqual(report.minutes, [
      minute(live, 'live', {
        viewers: 3,
        chat: 2,
        reactions: 5,
        buyClicks: 4,
        impressions: 3,
        checkouts: 2,
        orders: 1,
        revenue: [{ amount: 4400, currency: 'USD' }],
      }),
      minute(replay, 'replay', {
        viewers: 1,
        buyClicks: 2,
        impressions: replayPins.length,
        checkouts: 1,
        orders: 1,
        revenue: [{ amount: 2200, currency: 'USD' }],
      }),
      minute(replay, 'clip', { viewers: 1, impressions: replayPins.length }),
    ]);
    assert.ok(report.startedAt! >= live && report.startedAt! < live + MINUTE_MS);
    assert.ok(report.endedAt! >= report.startedAt! && report.endedAt! < live + MINUTE_MS);
  });

  it('gives each product’s funnel per source, and pin moments as the timeline has them', async () => {
    const report = (await analytics()).json as ShowAnalytics;
    const funnel = report.funnel.map(({ productId, source, revenue, conversion, ...n }) => ({
      product: show.products.find((p) => p.id === productId)!.title,
      source,
      ...n,
      revenue: revenue.amount,
      conversion,
    }));
    const replayMug = replayPins.includes(mug) ? 1 : 0;
    const expected = [
      {
        product: 'Kettle',
        source: 'live',
        impressions: 0,
        buyClicks: 2,
        checkouts: 0,
        orders: 0,
        units: 0,
        revenue: 0,
        conversion: null,
      },
      {
        product: 'Kettle',
        source: 'replay',
        impressions: 0,
        buyClicks: 1,
        checkouts: 0,
        orders: 0,
        units: 0,
        revenue: 0,
        conversion: null,
      },
      {
        product: 'Mug',
        source: 'live',
        impressions: 3,
        buyClicks: 2,
        checkouts: 2,
        orders: 1,
        units: 2,
        revenue: 4400,
        conversion: 1 / 3,
      },
      {
        product: 'Mug',
        source: 'replay',
        impressions: replayMug,
        buyClicks: 1,
        checkouts: 1,
        orders: 1,
        units: 1,
        revenue: 2200,
        conversion: replayMug ? 1 : null,
      },
      ...(replayMug
        ? [
            {
              product: 'Mug',
              source: 'clip',
              impressions: 1,
              buyClicks: 0,
              checkouts: 0,
              orders: 0,
              units: 0,
              revenue: 0,
              conversion: 0,
            },
          ]
        : []),
      {
        product: 'Beans',
        source: 'live',
        impressions: 0,
        buyClicks: 0,
        checkouts: 0,
        orders: 0,
        units: 0,
        revenue: 0,
        conversion: null,
      },
    ];
    assert.deepEqual(funnel, expected);
    assert.ok(report.funnel.every((f) => f.revenue.currency === 'USD'));
    // The host's sales summary adds the sources up.
    const summary = await stats(h, show.id);
    assert.deepEqual(
      summary.products.map((p) => [p.impressions, p.buyClicks]),
      [kettle, mug, beans].map((id) =>
        ['impressions', 'buyClicks'].map((k) =>
          report.funnel.filter((f) => f.productId === id).reduce((n, f) => n + (f[k as 'impressions'] as number), 0),
        ),
      ),
    );
    const timeline = (await h.api('GET', `/api/shows/${show.id}/timeline`, { admin: false })).json as TimelinePage;
    assert.deepEqual(
      report.pins,
      timeline.entries.flatMap((e) => (e.kind === 'pins' ? [{ at: e.at, productIds: e.productIds }] : [])),
    );
    assert.deepEqual(report.pins[0]!.productIds, [mug]);
  });

  it('is for the admin and the show’s host only, and says nothing secret', async () => {
    const mint = async (role: string) =>
      (await h.api('POST', `/api/shows/${show.id}/tokens`, { body: { role } })).json.token as string;
    const viewer = await h.connect({ show: other.id });
    const refused = [
      [undefined, 401, 'unauthorized'],
      ['not-a-key', 401, 'unauthorized'],
      [viewer.snapshot.you!.credential, 401, 'unauthorized'],
      [other.hostToken, 401, 'unauthorized'],
      [await mint('moderator'), 403, 'forbidden'],
      [await mint('guest'), 403, 'forbidden'],
    ] as const;
    for (const [token, status, code] of refused) {
      const res = token
        ? await analytics(token)
        : await h.api('GET', `/api/shows/${show.id}/analytics`, { admin: false });
      assert.equal(res.status, status, `${token?.slice(0, 8)}: ${res.text}`);
      assert.equal(res.json.error.code, code);
    }
    const host = await analytics(show.hostToken);
    assert.equal(host.status, 200, host.text);
    assert.equal(host.headers.get('cache-control'), 'private, no-store');
    for (const secret of [show.hostToken, ADMIN_KEY, other.hostToken]) assert.ok(!host.text.includes(secret));
    assert.equal((await analytics(ADMIN_KEY, 'no-such-show')).status, 404);
    const wrong = await h.api('GET', `/api/shows/${show.id}/analytics?format=xml`);
    assert.equal(wrong.status, 400);
    assert.equal(wrong.json.error.code, 'bad_request');
  });

  it('?format=csv (or Accept: text/csv) gives the minutes as CSV that parses back to the same numbers', async () => {
    const report = (await analytics()).json as ShowAnalytics;
    const res = await h.api('GET', `/api/shows/${show.id}/analytics?format=csv`, { admin: show.hostToken });
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get('content-type')!, /^text\/csv; charset=utf-8/);
    assert.equal(res.headers.get('content-disposition'), `attachment; filename="show-${show.id}-analytics.csv"`);
    const [header, ...rows] = parseCsv(res.text);
    assert.deepEqual(header, [
      'minute',
      'show_time',
      'source',
      'viewers',
      'chat',
      'reactions',
      'buy_clicks',
      'impressions',
      'checkouts',
      'orders',
      'revenue_USD',
    ]);
    assert.deepEqual(
      rows,
      report.minutes.map((m) => [
        new Date(m.at).toISOString(),
        showTime(m.at, report.startedAt),
        m.source,
        ...[m.viewers, m.chat, m.reactions, m.buyClicks, m.impressions, m.checkouts, m.orders].map(String),
        ((m.revenue[0]?.amount ?? 0) / 100).toFixed(2),
      ]),
    );
    assert.equal(rows[0]![10], '44.00');
    const accept = await h.api('GET', `/api/shows/${show.id}/analytics`, { headers: { accept: 'text/csv' } });
    assert.equal(accept.text, res.text);
  });

  it('the client reads it with the host token; a moderator gets a typed error', async () => {
    const target = { server: h.url, show: show.id };
    const report = await loadAnalytics({ ...target, token: show.hostToken });
    assert.deepEqual({ ...report, at: 0 }, { ...((await analytics()).json as ShowAnalytics), at: 0 });
    // The host's LiveShopClient loads the same code on first use; a viewer's has no token to send.
    const host = new LiveShopClient({ ...target, token: show.hostToken });
    assert.deepEqual({ ...(await host.getAnalytics()), at: 0 }, { ...report, at: 0 });
    await assert.rejects(new LiveShopClient(target).getAnalytics(), { code: 'forbidden' });
    const csv = await loadAnalyticsCsv({ ...target, token: show.hostToken });
    assert.match(csv, /^minute,show_time,source,/);
    const moderator = (await h.api('POST', `/api/shows/${show.id}/tokens`, { body: { role: 'moderator' } })).json.token;
    await assert.rejects(loadAnalytics({ ...target, token: moderator }), (error: unknown) => {
      assert.ok(error instanceof LiveShopError);
      assert.equal(error.code, 'forbidden');
      return true;
    });
  });

  it('a show deleted with counts pending loses its own counts, never another show’s', async () => {
    const fresh = await h.createShow();
    const counters = new MinuteCounters({ store: h.server.store, logger: silentLogger, now: clock.now });
    try {
      counters.click('no-such-show', 'live');
      counters.click(fresh.id, 'replay');
      counters.joined(fresh.id, 'replay');
      await assert.rejects(counters.flush(), 'the unknown show’s rows are refused');
      await counters.flush();
      const report = await readAnalytics(
        { service: h.server.service, commerce: h.server.commerce, store: h.server.store, now: clock.now },
        fresh.id,
      );
      assert.deepEqual(report.minutes, [minute(clock.minute(), 'replay', { viewers: 1, buyClicks: 1 })]);
    } finally {
      await counters.close();
    }
  });

  it('quotes CSV fields and writes show-time as h:mm:ss', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"\n'), '"say ""hi""\n"');
    assert.equal(showTime(3_723_000 + 5, 5), '1:02:03');
    assert.equal(showTime(0, 30_000), '-0:00:30');
    assert.equal(showTime(1, null), '');
  });
});

const REDIS_URL = process.env.LIVE_SHOP_TEST_REDIS_URL || null;

describe(
  'analytics across two nodes',
  { skip: !TEST_DATABASE_URL || !REDIS_URL ? 'needs PostgreSQL and Redis' : false },
  () => {
    let dataDir: string;
    let nodes: Harness[];
    const clock = testClock();

    before(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'live-shop-analytics-'));
      const databaseUrl = (await testDatabaseUrl(dataDir))!;
      const start = () =>
        startHarness({ databaseUrl, redisUrl: REDIS_URL!, now: clock.now, checkout: { unitsPerMinute: 100 } });
      nodes = [await start(), await start()];
    });
    after(async () => {
      for (const node of nodes) await node.close();
      await dropTestDatabase(dataDir);
      await rm(dataDir, { recursive: true, force: true });
    });

    it('sums every node’s viewers and clicks', async () => {
      const [a, b] = nodes as [Harness, Harness];
      const show = await a.createShow();
      const mug = show.products[1]!.id;
      const host = await a.connect({ show: show.id, token: show.hostToken });
      assert.equal((await request(host.socket, 'show:start', {})).ok, true);
      const at = clock.minute();
      for (const [node, count] of [
        [a, 2],
        [b, 3],
      ] as const)
        for (let i = 0; i < count; i++) await node.connect({ show: show.id });
      await until(() => a.server.minutes.watching(show.id, 'live') === 2, 'two viewers on A');
      await until(() => b.server.minutes.watching(show.id, 'live') === 3, 'three viewers on B');
      for (const node of [a, b, b]) {
        const res = await node.api('POST', `/api/shows/${show.id}/clicks`, { body: { productId: mug }, admin: false });
        assert.equal(res.status, 204);
      }
      // B's beat, now rather than in a few seconds (A flushes its own before answering).
      await b.server.commerce.flushCounters(show.id);
      const res = await a.api('GET', `/api/shows/${show.id}/analytics`, { admin: show.hostToken });
      assert.equal(res.status, 200, res.text);
      const report = res.json as ShowAnalytics;
      assert.equal(clock.minute(), at, 'within one minute');
      assert.deepEqual(report.minutes, [minute(at, 'live', { viewers: 5, buyClicks: 3 })]);
      assert.deepEqual(
        report.funnel.filter((f) => f.productId === mug).map((f) => [f.source, f.buyClicks]),
        [['live', 3]],
      );
    });
  },
);
