import assert from 'node:assert/strict';
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { ChatMessage, CreatedShow, TimelineEntry, TimelinePage } from '@live-shop/protocol';
import { checkout, submit } from '../testing/commerce.js';
import { ADMIN_KEY, request, startHarness, type Harness } from '../testing/harness.js';

/** What an entry says, without its ids and times: enough to compare a timeline with what the test did. */
const said = (e: TimelineEntry): string => {
  switch (e.kind) {
    case 'pins':
      return `pins ${e.productIds.join(',')}`;
    case 'status':
      return `status ${e.status}`;
    case 'chat':
      return `chat ${e.message.name}: ${e.message.text}`;
    case 'sold':
      return `sold ${e.productId} x${e.quantity}`;
    case 'poll':
      return `poll ${e.poll.question}: ${e.poll.counts.join(',')}`;
  }
};

describe('GET /api/shows/:id/timeline (the replay timeline)', () => {
  let h: Harness;
  let show: CreatedShow;
  let kettle: string;
  let mug: string;
  let expected: string[];
  let secrets: string[];

  before(async () => {
    h = await startHarness({ checkout: { unitsPerMinute: 100 } });
    show = await h.createShow();
    [kettle, mug] = show.products.map((p) => p.id) as [string, string];
    const host = await h.connect({ show: show.id, token: show.hostToken });
    const ok = async (event: string, payload: unknown) => {
      const ack = await request(host.socket, event, payload);
      assert.equal(ack.ok, true, `${event}: ${JSON.stringify(ack)}`);
      return ack;
    };
    const say = async (name: string, text: string) => {
      const viewer = await h.connect({ show: show.id, name });
      const ack = await request(viewer.socket, 'chat:send', { text });
      assert.equal(ack.ok, true, JSON.stringify(ack));
      return ack.message as ChatMessage;
    };

    await ok('show:start', {});
    await h.server.service.signal(show.id, 'mediaUp');
    await ok('product:pin', { productId: kettle });
    await say('Ann', 'Love that kettle');
    const deleted = await say('Bob', 'buy followers at spam.example');
    await ok('chat:delete', { id: deleted.id });
    const troll = await say('Troll', 'first!');
    await ok('chat:blocklist', { terms: ['zqheld'] });
    const held = await say('Cat', 'zqheld words');
    assert.equal(held.held, true);
    await ok('product:pin', { productId: mug });
    const paid = await checkout(h, show.id, { productId: mug, quantity: 2 });
    assert.equal(paid.status, 200, paid.text);
    assert.equal((await submit(h, `${paid.session.url}/pay`)).status, 303);
    // A ban removes the viewer's messages here, and keeps every message of theirs out of any timeline.
    await ok('viewer:ban', { messageId: troll.id });
    await say('Dee', 'Ordered two mugs');
    await ok('product:unpin', { productId: kettle });
    await ok('show:end', {});
    expected = [
      'status starting',
      'status live',
      `pins ${kettle}`,
      'chat Ann: Love that kettle',
      `pins ${kettle},${mug}`,
      `sold ${mug} x2`,
      'chat Dee: Ordered two mugs',
      `pins ${mug}`,
      'status ended',
    ];
    const tokens = await h.api('GET', `/api/shows/${show.id}/tokens`);
    const sessionId = paid.session.url!.split('/').at(-1)!;
    assert.ok(sessionId.length > 8 && paid.session.orderId);
    secrets = [
      show.hostToken,
      ADMIN_KEY,
      sessionId,
      paid.session.orderId!,
      ...tokens.json.tokens.map((t: { id: string }) => t.id),
    ];
  });
  after(() => h.close());

  const get = async (query = '', headers: Record<string, string> = {}) => {
    const res = await h.api('GET', `/api/shows/${show.id}/timeline${query}`, { admin: false, headers });
    return { ...res, page: res.json as TimelinePage };
  };

  it('is public: every pin, status change, published chat message and sale in order, with show-times', async () => {
    const { status, page, headers, text } = await get('', { origin: 'https://shop.example' });
    assert.equal(status, 200, text);
    assert.deepEqual(page.entries.map(said), expected);
    assert.equal(page.next, null);
    assert.equal(headers.get('access-control-allow-origin'), '*', 'readable from the merchant’s storefront');
    const live = page.entries.find((e) => e.kind === 'status' && e.status === 'live')!;
    assert.equal(page.startedAt, live.at, 'show-time 0 is when the show went live');
    for (const [i, e] of page.entries.entries()) {
      assert.equal(e.t, e.at - page.startedAt!, `${said(e)}: t is ms since the show went live`);
      if (i) assert.ok(e.at >= page.entries[i - 1]!.at, 'oldest first');
    }
    assert.ok(page.entries[0]!.t! <= 0, 'starting came before live');
    assert.equal(new Set(page.entries.map((e) => e.id)).size, page.entries.length, 'unique ids');
  });

  it('never shows a deleted, held or banned viewer’s message, nor any secret or shopper detail', async () => {
    const { text } = await get();
    for (const gone of ['spam.example', 'zqheld', 'first!']) assert.ok(!text.includes(gone), gone);
    for (const secret of secrets) assert.ok(!text.includes(secret), 'a token, key or checkout session leaked');
    const sold = (await get()).page.entries.find((e) => e.kind === 'sold')!;
    assert.deepEqual(Object.keys(sold).sort(), ['at', 'id', 'kind', 'productId', 'quantity', 't']);
  });

  it('a viewer banned in another show: their earlier messages here leave this timeline too', async () => {
    const earlier = await h.createShow({ title: 'Last week' });
    const chatIn = async (showId: string, auth: Record<string, unknown>, text: string) => {
      const viewer = await h.connect({ show: showId, ...auth });
      const ack = await request(viewer.socket, 'chat:send', { text });
      assert.equal(ack.ok, true, JSON.stringify(ack));
      return { viewer, message: ack.message as ChatMessage };
    };
    // Pages are cached per (after, limit) for a moment: each read here asks for its own.
    const chatOf = async (limit: number) =>
      (
        (await h.api('GET', `/api/shows/${earlier.id}/timeline?limit=${limit}`, { admin: false })).json as TimelinePage
      ).entries.map(said);
    const eve = await chatIn(earlier.id, { name: 'Eve' }, 'zqtroll was here');
    await chatIn(earlier.id, { name: 'Fay' }, 'hello from Fay');
    assert.deepEqual(await chatOf(10), ['chat Eve: zqtroll was here', 'chat Fay: hello from Fay']);
    const next = await h.createShow({ title: 'This week' });
    const later = await chatIn(next.id, { name: 'Eve', viewer: eve.viewer.snapshot.you!.credential }, 'zqtroll again');
    const host = await h.connect({ show: next.id, token: next.hostToken });
    assert.equal((await request(host.socket, 'viewer:ban', { messageId: later.message.id })).ok, true);
    assert.deepEqual(await chatOf(11), ['chat Fay: hello from Fay']);
  });

  it('pages with `limit` and `after`: walking every page gives the same entries, once each', async () => {
    const whole = (await get()).page.entries;
    for (const limit of [1, 2, 4]) {
      const walked: TimelineEntry[] = [];
      let query = `?limit=${limit}`;
      for (let pages = 0; pages < 20; pages++) {
        const { page, status, text } = await get(query);
        assert.equal(status, 200, text);
        assert.ok(page.entries.length <= limit);
        walked.push(...page.entries);
        if (!page.next) break;
        query = `?limit=${limit}&after=${encodeURIComponent(page.next)}`;
      }
      assert.deepEqual(walked, whole, `limit ${limit}`);
    }
  });

  it('a page may end inside one millisecond: the next one goes on from there, losing and repeating nothing', async () => {
    const busy = await h.createShow({ title: 'Busy millisecond' });
    const [a, b] = busy.products.map((p) => p.id) as [string, string];
    const { store } = h.server;
    await store.setPins(busy.id, { productIds: [a], at: 5000 });
    await store.setPins(busy.id, { productIds: [a, b], at: 5000 });
    for (const [i, at] of [5000, 5000, 5000, 6000].entries())
      await store.addChatMessages(busy.id, [
        { message: { id: `m${i}`, name: 'Gus', text: `m${i}`, role: 'viewer', at } },
      ]);
    await store.setPins(busy.id, { productIds: [], at: 6000 });
    const pageOf = async (query: string) =>
      (await h.api('GET', `/api/shows/${busy.id}/timeline${query}`, { admin: false })).json as TimelinePage;
    const whole = (await pageOf('')).entries;
    assert.deepEqual(whole.map(said), [
      `pins ${a}`,
      `pins ${a},${b}`,
      'chat Gus: m0',
      'chat Gus: m1',
      'chat Gus: m2',
      'pins ',
      'chat Gus: m3',
    ]);
    for (const limit of [1, 2, 3]) {
      const walked: TimelineEntry[] = [];
      let page = await pageOf(`?limit=${limit}`);
      for (let pages = 0; pages < 10; pages++) {
        walked.push(...page.entries);
        if (!page.next) break;
        page = await pageOf(`?limit=${limit}&after=${page.next}`);
      }
      assert.deepEqual(walked, whole, `limit ${limit}`);
    }
  });

  it('is cacheable: an ended show’s pages for longer, and a repeat with its ETag is a 304', async () => {
    const first = await get();
    assert.match(first.headers.get('cache-control') ?? '', /public, max-age=30/);
    const etag = first.headers.get('etag')!;
    assert.ok(etag);
    // node:http, not fetch: fetch adds `Cache-Control: no-cache` to a conditional request (as browsers' fetch does).
    const raw = (headers: Record<string, string>) =>
      new Promise<{ status?: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) =>
        http
          .get(`${h.url}/api/shows/${show.id}/timeline`, { headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
          })
          .on('error', reject),
      );
    const identity = await raw({});
    assert.equal(identity.headers['content-encoding'], undefined);
    assert.equal((await raw({ 'if-none-match': identity.headers.etag! })).status, 304, 'a repeat with its ETag');
    // Compressed for those who accept it (a replay's first page stays small), with an ETag of its own.
    for (const [coding, decode] of [
      ['gzip', gunzipSync],
      ['br', brotliDecompressSync],
    ] as const) {
      const res = await raw({ 'accept-encoding': coding });
      assert.equal(res.headers['content-encoding'], coding);
      assert.match(String(res.headers.vary), /Accept-Encoding/i);
      assert.deepEqual(JSON.parse(decode(res.body).toString()), first.json);
      assert.ok(res.body.length < identity.body.length, `${coding} is smaller`);
      assert.notEqual(res.headers.etag, identity.headers.etag, `${coding}: its own ETag`);
      assert.equal((await raw({ 'accept-encoding': coding, 'if-none-match': res.headers.etag! })).status, 304);
    }
    const fresh = await h.createShow();
    const live = await h.api('GET', `/api/shows/${fresh.id}/timeline`, { admin: false });
    assert.match(live.headers.get('cache-control') ?? '', /public, max-age=1\b/, 'a show not over yet: briefly');
    assert.deepEqual(live.json, { showId: fresh.id, startedAt: null, entries: [], next: null });
  });

  it('bad input gets a typed error: unknown show, bad limit, a cursor it did not issue', async () => {
    const none = await h.api('GET', '/api/shows/no-such-show/timeline', { admin: false });
    assert.equal(none.status, 404);
    assert.equal(none.json.error.code, 'not_found');
    for (const query of [
      '?limit=0',
      '?limit=1001',
      '?limit=abc',
      '?after=nonsense',
      '?after=1.a%20b',
      '?after=1.10000',
      '?after=',
    ]) {
      const res = await get(query);
      assert.equal(res.status, 400, query);
      assert.equal(res.json.error.code, 'bad_request', query);
    }
  });
});
