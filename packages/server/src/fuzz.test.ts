/**
 * Hostile input: ≥ 10,000 generated malformed socket events and ≥ 2,000 malformed HTTP requests
 * against a running server. It must stay up, answer every one that can be answered with a typed
 * error, and change nothing in the store. Deterministic: LIVE_SHOP_FUZZ_SEED picks the sequence.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ClientEvent, ErrorCode, type CreatedShow } from '@live-shop/protocol';
import { io as ioClient } from 'socket.io-client';
import { ADMIN_KEY, withTimeout, type ClientSocket, type Harness, startHarness } from './testing/harness.js';
import { stats, timeless } from './testing/commerce.js';

const SEED = Number(process.env.LIVE_SHOP_FUZZ_SEED ?? 20261126);
const SOCKET_EVENTS = Number(process.env.LIVE_SHOP_FUZZ_EVENTS ?? 10_000);
const HTTP_REQUESTS = Number(process.env.LIVE_SHOP_FUZZ_REQUESTS ?? 2_000);
const CODES = new Set<string>(Object.values(ErrorCode));

/** mulberry32: small, fast, good enough to pick garbage reproducibly. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

const WEIRD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  '%00',
  '💥'.repeat(300),
  '{"a":1}',
];

function junkString(r: Rng): string {
  switch (r.int(4)) {
    case 0:
      return r.pick(WEIRD_STRINGS);
    case 1:
      // Now and then above the 64 KB a socket message may have: the transport must refuse it.
      return 'x'.repeat(r.int(8) === 0 ? 70_000 : r.pick([501, 4_001, 20_000]));
    case 2:
      return String.fromCharCode(...Array.from({ length: r.int(40) }, () => r.int(0xffff)));
    default:
      return Math.random().toString(36).slice(2);
  }
}

function deep(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { nested: value };
  return value;
}

/** `{"n":{"n":…1…}}` as text, built without recursion (the server's parser is what is under test). */
const nestedJson = (depth: number) => '{"n":'.repeat(depth) + '1' + '}'.repeat(depth);

/** Any value, wrong for every schema of the protocol except by the rules below. */
function junk(r: Rng, depth = 0): unknown {
  switch (r.int(depth > 2 ? 7 : 10)) {
    case 0:
      return null;
    case 1:
      return r.pick([0, -1, 1.5, Number.MAX_SAFE_INTEGER, 1e308]);
    case 2:
      return r.next() > 0.5;
    case 3:
      return junkString(r);
    case 4:
      return Buffer.from(Array.from({ length: r.int(64) }, () => r.int(256)));
    case 5:
      return deep(r.pick([10, 100, 1000]));
    case 6:
      return JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
    case 7:
      return Array.from({ length: r.int(5) }, () => junk(r, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: r.int(5) }, () => [junkString(r).slice(0, 20), junk(r, depth + 1)]),
      );
  }
}

/** A payload that is malformed for `event` by construction (a valid one would change the store). */
function malformed(r: Rng, event: string): unknown {
  const bad = junk(r);
  switch (event) {
    case ClientEvent.ChatSend: {
      // text: wrong type, empty, or too long; never a valid 1–500 char string.
      const validText = typeof bad === 'string' && bad.trim().length > 0 && bad.trim().length <= 500;
      const text = validText ? 'y'.repeat(501) : bad;
      return r.pick([
        text,
        { text: r.pick([null, 42, '', '   ', 'y'.repeat(501), ['hi'], { t: 1 }]) },
        { text, name: bad },
      ]);
    }
    case ClientEvent.ProductPin:
    case ClientEvent.ProductUnpin:
      return r.pick([
        bad,
        { productId: r.pick([null, 7, '', 'p'.repeat(65), ['a']]) },
        { productId: `nope-${r.int(1e9)}` },
      ]);
    case ClientEvent.ChatDelete:
      return r.pick([bad, { id: r.pick([null, 1, '', 'i'.repeat(65)]) }, { id: `missing-${r.int(1e9)}` }]);
    case ClientEvent.ShowUpdate:
      // ({} is a valid no-op update: never sent.)
      return r.pick([
        { socialProof: r.pick(['yes', 1, null, {}]) },
        { other: true },
        typeof bad === 'object' && bad !== null && !Array.isArray(bad) && !Buffer.isBuffer(bad) ? { other: bad } : bad,
      ]);
    case ClientEvent.ChatApprove:
      return r.pick([bad, { id: r.pick([null, 1, '', 'i'.repeat(65)]) }, { id: `missing-${r.int(1e9)}` }]);
    case ClientEvent.ViewerTimeout:
      return r.pick([
        bad,
        { messageId: `missing-${r.int(1e9)}`, seconds: 60 },
        { messageId: 'x', seconds: r.pick([0, -5, 1.5, 1e9, '60', null]) },
      ]);
    case ClientEvent.ViewerBan:
      return r.pick([bad, { messageId: r.pick([null, 1, '', `missing-${r.int(1e9)}`]) }]);
    case ClientEvent.ViewerUnban:
      return r.pick([bad, { viewerId: r.pick([null, 1, '', `v:nobody-${r.int(1e9)}`]) }]);
    case ClientEvent.ChatSlowMode:
      return r.pick([bad, { seconds: r.pick([-1, 301, 2.5, '10', null]) }]);
    case ClientEvent.ChatBlocklist:
      return r.pick([
        bad,
        { terms: r.pick(['spam', [1, 2], ['x'.repeat(101)], Array.from({ length: 501 }, (_, i) => `t${i}`), null]) },
      ]);
    case ClientEvent.ModeratorInvite:
    case ClientEvent.GuestInvite:
      // ({} is a valid invite: never sent.)
      return r.pick([
        { hours: r.pick([0, -1, 1e6, 'ten', 1.5]) },
        { label: r.pick([42, 'l'.repeat(41), null]) },
        { force: true },
        'mod',
        [1],
      ]);
    case ClientEvent.ModeratorRevoke:
    case ClientEvent.GuestRevoke:
      return r.pick([bad, { id: r.pick([null, 1, '', `missing-${r.int(1e9)}`]) }]);
    case ClientEvent.StageJoin:
      return r.pick([bad, { name: r.pick(['', '   ', null, 7, 'n'.repeat(41)]) }, { name: 'ok', extra: 1 }]);
    case ClientEvent.StageMove:
      return r.pick([
        bad,
        { guestId: `missing-${r.int(1e9)}`, place: 'stage' },
        { guestId: 'x', place: r.pick(['wings', null, 1, '']) },
      ]);
    case ClientEvent.StageMute:
      return r.pick([
        bad,
        { guestId: `missing-${r.int(1e9)}`, muted: true },
        { guestId: 'x', muted: r.pick(['yes', 1]) },
      ]);
    case ClientEvent.StageRemove:
      return r.pick([bad, { guestId: r.pick([null, 1, '', `missing-${r.int(1e9)}`]) }]);
    case ClientEvent.StageLayout:
      return r.pick([bad, { layout: r.pick(['mosaic', null, 1, '', 'SOLO']) }]);
    case ClientEvent.StageSignal:
      return r.pick([
        bad,
        { to: `missing-${r.int(1e9)}`, signal: { candidate: null } },
        { to: 'x', signal: {} },
        { to: 'x', signal: { description: { type: 'offer', sdp: 'v'.repeat(32_001) } } },
        { to: 'x', signal: { description: { type: 'pranswer', sdp: 'v' } } },
        { to: 'x', signal: { candidate: { candidate: 'c'.repeat(1_001) } } },
        { to: r.pick([null, '', 'p'.repeat(65)]), signal: { candidate: null } },
      ]);
    default:
      // show:start / show:end / video:ingest accept only {} or nothing: anything else.
      return r.pick([{ x: 1 }, 'start', 42, [1], { force: true }]);
  }
}

describe('fuzzing a running server with malformed input', () => {
  let h: Harness;
  let show: CreatedShow;
  let before_: unknown;
  let guestToken: string;

  const fingerprint = async () => {
    const shows = await h.server.store.listShows();
    return Promise.all(
      shows.map(async (s) => ({
        show: s,
        products: await h.server.store.listProducts(s.id),
        pins: await h.server.store.getPins(s.id),
        chat: await h.server.store.recentChat(s.id, 200),
        held: await h.server.store.heldChat(s.id, 200),
        tokens: await h.server.store.listTokens(s.id),
        restrictions: await h.server.store.listRestrictions(s.id, 0),
        blocklist: await h.server.store.getBlocklist(s.id),
        stage: await h.server.store.getStage(s.id),
        sales: timeless(await stats(h, s.id)),
      })),
    );
  };

  before(async () => {
    // Unthrottled: the flood is here to reach the parsers, not the limits (tested in moderation.test.ts and http/rate-limit.test.ts).
    h = await startHarness({ socketEventLimit: false, rateLimits: false, webPush: {} });
    show = await h.createShow({
      title: 'Fuzz target',
      products: [{ title: 'Mug', price: { amount: 2200, currency: 'USD' }, stock: 5 }],
    });
    guestToken = (await h.server.service.access.issue(show.id, 'guest')).token;
    before_ = await fingerprint();
  });
  after(() => h.close());

  it(
    `${SOCKET_EVENTS} malformed socket events from a viewer, a host and a guest: typed errors, the server stays up`,
    { timeout: 120_000 },
    async (t) => {
      const r = prng(SEED);
      const open = (token?: string): ClientSocket =>
        ioClient(h.url, {
          auth: { show: show.id, ...(token ? { token } : {}) },
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
        });
      const events = [
        ...Object.values(ClientEvent),
        'unknown:event',
        '',
        'x'.repeat(100),
        'constructor',
        '__proto__',
        'toString',
      ];
      const tokens = [undefined, show.hostToken, guestToken];
      const sockets = tokens.map((token) => open(token));
      let answered = 0;
      let closedByTransport = 0;
      const BATCH = 50;
      for (let sent = 0; sent < SOCKET_EVENTS; sent += BATCH) {
        await Promise.all(
          Array.from({ length: Math.min(BATCH, SOCKET_EVENTS - sent) }, async () => {
            const slot = r.int(sockets.length);
            let socket = sockets[slot]!;
            if (!socket.connected) {
              socket = sockets[slot] = open(tokens[slot]);
              await withTimeout(new Promise((resolve) => socket.once('show:state', resolve)), 'reconnect');
            }
            const event = r.pick(events);
            const payload = malformed(r, event);
            const extra = r.int(4) === 0 ? [junk(r)] : [];
            if (r.int(5) === 0) {
              (socket.emit as (event: string, ...args: unknown[]) => void)(event, payload, ...extra); // no ack: nobody to answer, nothing may break
              return;
            }
            try {
              const ack = await (
                socket as unknown as { timeout(ms: number): { emitWithAck(...a: unknown[]): Promise<any> } }
              )
                .timeout(4000)
                .emitWithAck(event, payload, ...extra);
              assert.equal(
                ack?.ok,
                false,
                `${event} ${JSON.stringify(payload)?.slice(0, 200)} → ${JSON.stringify(ack)}`,
              );
              assert.ok(CODES.has(ack.error.code), `typed code: ${JSON.stringify(ack)}`);
              assert.equal(typeof ack.error.message, 'string');
              answered++;
            } catch (error) {
              // Only an oversized message may go unanswered: the transport refuses it and closes.
              if (!/timed out|disconnected|operation has timed out/i.test(String(error))) throw error;
              closedByTransport++;
            }
          }),
        );
      }
      for (const socket of sockets) socket.disconnect();
      t.diagnostic(
        `seed ${SEED}: ${answered} answered with typed errors, ${closedByTransport} refused by the transport (oversized), the rest sent without an ack`,
      );
      assert.ok(answered > SOCKET_EVENTS * 0.6, `answered ${answered}, closed by the transport ${closedByTransport}`);
      assert.equal((await h.api('GET', '/health', { admin: false })).status, 200);
    },
  );

  it(
    `${HTTP_REQUESTS} malformed HTTP requests: 4xx with {error:{code,message}}, never a 5xx`,
    { timeout: 120_000 },
    async () => {
      const r = prng(SEED + 1);
      const routes: Array<[string, string, boolean]> = [
        ['POST', '/api/shows', true],
        ['POST', `/api/shows/${show.id}/products`, true],
        ['POST', `/api/shows/${show.id}/checkout`, false],
        ['POST', `/api/shows/${show.id}/clicks`, false],
        ['POST', `/api/shows/${show.id}/orders/nope/cancel`, false],
        ['POST', '/webhooks/stripe', false],
        ['POST', '/webhooks/mux', false],
        ['GET', `/api/shows/${junkString(r).slice(0, 30)}`, false],
        ['POST', '/checkout/cs_local_nope/pay', false],
        ['GET', `/api/shows/${show.id}/stats`, false],
        ['PATCH', `/api/shows/${show.id}`, true],
        ['GET', `/api/shows?cursor=${encodeURIComponent(junkString(r).slice(0, 40))}`, false],
        // Web Push reminders
        ['POST', `/api/shows/${show.id}/reminders/push`, false],
        ['DELETE', `/api/shows/${show.id}/reminders/push`, false],
      ];
      const BATCH = 100;
      for (let sent = 0; sent < HTTP_REQUESTS; sent += BATCH) {
        await Promise.all(
          Array.from({ length: Math.min(BATCH, HTTP_REQUESTS - sent) }, async () => {
            const [method, route, admin] = r.pick(routes);
            const kind = r.int(5);
            const headers: Record<string, string> = {
              'content-type': r.pick([
                'application/json',
                'text/plain',
                'application/x-www-form-urlencoded',
                'application/json; charset=utf-16',
                'multipart/form-data',
              ]),
            };
            if (admin && r.int(3))
              headers.authorization = `Bearer ${r.int(2) ? ADMIN_KEY : r.next().toString(36).slice(2)}`;
            if (route.startsWith('/webhooks')) headers['stripe-signature'] = r.pick(['t=1,v1=00', 'garbage', '']);
            const body =
              method === 'GET'
                ? undefined
                : kind === 0
                  ? '{"unterminated": '
                  : kind === 1
                    ? 'z'.repeat(r.pick([100, 200_000, 2_000_000]))
                    : kind === 2
                      ? nestedJson(r.pick([50, 5_000, 100_000]))
                      : JSON.stringify(malformed(r, 'chat:send')) + (kind === 3 ? '' : '\u0000');
            const res = await fetch(h.url + route, { method, headers, body, redirect: 'manual' });
            const text = await res.text();
            // Mux webhooks on a server without Mux answer 503 video_unavailable: a typed refusal, not a fault.
            const refused =
              (res.status >= 400 && res.status < 500) || (route === '/webhooks/mux' && res.status === 503);
            assert.ok(refused, `${method} ${route} (${headers['content-type']}) → ${res.status} ${text.slice(0, 200)}`);
            // The test checkout's pages answer browsers in HTML; every API route in typed JSON.
            if (route.startsWith('/checkout/'))
              return assert.match(res.headers.get('content-type') ?? '', /text\/html/);
            const json = JSON.parse(text) as { error?: { code?: string; message?: string } };
            assert.ok(
              json.error && CODES.has(json.error.code!) && typeof json.error.message === 'string',
              `typed error: ${text.slice(0, 200)}`,
            );
          }),
        );
      }
      assert.equal((await h.api('GET', '/health', { admin: false })).status, 200);
    },
  );

  it('after all of it the store is exactly as before', async () => {
    assert.deepEqual(await fingerprint(), before_);
  });
});
