/**
 * The broadcast fast path against the real socket.io-client: whatever mix of pre-framed broadcasts
 * (fast path) and packets that take Engine.IO's normal path, each socket gets everything, in order,
 * also while its connection is congested.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Socket as TcpSocket } from 'node:net';
import { SOCKET_PATH, type CreatedShow, type PinsPayload } from '@live-shop/protocol';
import { io as ioClient, type Socket } from 'socket.io-client';
import { NEVER_ENGAGED_AFTER, NEVER_ENGAGED_WARNING } from './fast-write.js';
import { showRoom } from './types.js';
import { silentLogger } from '../logger.js';
import { record, request, startHarness, withTimeout, type Harness } from '../testing/harness.js';

/** Emits an event outside the typed protocol (a test-only sequence number). */
function rawEmit(target: { emit: (...args: never[]) => unknown }, event: string, ...args: unknown[]): void {
  (target.emit as (event: string, ...args: unknown[]) => unknown)(event, ...args);
}

describe('socket: broadcast fast path', () => {
  let h: Harness;
  let show: CreatedShow;
  before(async () => {
    h = await startHarness();
    show = await h.createShow();
  });
  after(() => h.close());

  /** A viewer that records every `test:seq` number it gets, text or binary. */
  async function viewer() {
    const socket: Socket = ioClient(h.url, {
      path: SOCKET_PATH,
      auth: { show: show.id },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    await withTimeout(new Promise((resolve) => socket.once('show:state', resolve)), 'show:state');
    const seen: number[] = [];
    socket.on('test:seq', (n: number) => seen.push(n));
    return { socket, seen };
  }

  /** Waits (bounded) until `seen` has `count` numbers. */
  async function received(seen: number[], count: number, what: string, ms = 4000): Promise<void> {
    const end = Date.now() + ms;
    while (seen.length < count && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(seen.length, count, `${what}: ${seen.length} of ${count} received`);
  }

  const serverSockets = () => [...h.server.io.of('/').sockets.values()];

  it('is installed on every connection', async () => {
    const { socket } = await viewer();
    try {
      const clients = serverSockets().map((s) => s.client as unknown as { writeToEngine: unknown });
      assert.ok(clients.length > 0);
      for (const client of clients) assert.ok(Object.hasOwn(client, 'writeToEngine'));
    } finally {
      socket.disconnect();
    }
  });

  it('reaches each socket once, whatever the rooms: one (its own loop), several overlapping, with exceptions', async () => {
    const viewers = await Promise.all([viewer(), viewer(), viewer()]);
    try {
      const adapter = h.server.io.of('/').adapter as unknown as object;
      assert.ok(Object.hasOwn(adapter, 'apply'), 'the one-room apply is installed');
      const ids = viewers.map(({ socket }) => socket.id!);
      const server = (id: string) => h.server.io.of('/').sockets.get(id)!;
      // a: viewers 0 and 1; b: viewers 1 and 2 (viewer 1 in both).
      await server(ids[0]!).join('test:a');
      await server(ids[1]!).join(['test:a', 'test:b']);
      await server(ids[2]!).join('test:b');
      rawEmit(h.server.io.to('test:a'), 'test:seq', 1);
      rawEmit(h.server.io.to(['test:a', 'test:b']), 'test:seq', 2);
      rawEmit(h.server.io.to('test:a').except('test:b'), 'test:seq', 3);
      rawEmit(h.server.io.to('test:b').except(ids[1]!), 'test:seq', 4);
      rawEmit(h.server.io.to('test:none'), 'test:seq', 5);
      rawEmit(h.server.io.to('test:b'), 'test:seq', 6);
      const expected = [
        [1, 2, 3],
        [1, 2, 6],
        [2, 4, 6],
      ];
      for (const [i, { seen }] of viewers.entries()) await received(seen, expected[i]!.length, `viewer ${i}`);
      // Nothing more on its way: a marker to all arrives right after what came before.
      rawEmit(h.server.io.to(showRoom(show.id)), 'test:seq', 7);
      for (const [i, { seen }] of viewers.entries()) {
        await received(seen, expected[i]!.length + 1, `viewer ${i} marker`);
        assert.deepEqual(seen, [...expected[i]!, 7], `viewer ${i}`);
      }
    } finally {
      for (const { socket } of viewers) socket.disconnect();
    }
  });

  it('interleaved with packets that take the normal path (binary), every broadcast arrives once, in order', async () => {
    const viewers = await Promise.all([viewer(), viewer(), viewer()]);
    try {
      const room = showRoom(show.id);
      const count = 600;
      for (let i = 0; i < count; i++) {
        // Binary payloads are not pre-framed: Engine.IO sends them, and the text broadcasts right after must wait behind them.
        if (i % 3 === 0) rawEmit(h.server.io.to(room), 'test:seq', i, Buffer.from([i & 0xff]));
        else rawEmit(h.server.io.to(room), 'test:seq', i);
        // Let writes complete now and then, so both paths are taken many times.
        if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      const expected = Array.from({ length: count }, (_, i) => i);
      for (const { seen } of viewers) {
        await received(seen, count, 'all broadcasts');
        assert.deepEqual(seen, expected);
      }
    } finally {
      for (const { socket } of viewers) socket.disconnect();
    }
  });

  it('a congested connection (its reader paused) still gets everything in order once it reads again', async () => {
    const slow = await viewer();
    const fast = await viewer();
    try {
      // The client's TCP socket under socket.io-client → engine.io-client → ws.
      const tcp = (slow.socket.io.engine.transport as unknown as { ws: { _socket: TcpSocket } }).ws._socket;
      tcp.pause();
      const room = showRoom(show.id);
      const padding = 'x'.repeat(4096);
      const count = 3000; // ~12 MB: far beyond the loopback socket buffers, so the server has to buffer
      for (let i = 0; i < count; i++) {
        rawEmit(h.server.io.to(room), 'test:seq', i, padding);
        if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      const expected = Array.from({ length: count }, (_, i) => i);
      await received(fast.seen, count, 'the reading viewer', 20_000);
      assert.deepEqual(fast.seen, expected, 'the other viewer is not held up');
      assert.ok(slow.seen.length < count, 'the paused viewer has not read everything yet');
      tcp.resume();
      await received(slow.seen, count, 'the paused viewer, resumed', 20_000);
      assert.deepEqual(slow.seen, expected);
    } finally {
      slow.socket.disconnect();
      fast.socket.disconnect();
    }
  });
});

/**
 * Guard rails: the fast path leans on socket.io / engine.io / ws internals, so an upgrade that makes it
 * silently fall back must fail here, and must say so once in production.
 */
describe('socket: broadcast fast path guard rails', () => {
  /** `count` viewers and the host; the host fires `ops` pins/unpins cycling through four states. */
  async function pinUnderLoad(h: Harness, show: CreatedShow, count: number, ops: number) {
    const viewers = await Promise.all(Array.from({ length: count }, () => h.connect({ show: show.id })));
    const seen = viewers.map(({ socket }) => record<PinsPayload>(socket, 'product:pins'));
    const { socket: host } = await h.connect({ show: show.id, token: show.hostToken });
    const [a, b] = show.products;
    // pin A, pin B, unpin A, unpin B: [A], [A,B], [B], [] — neighbours always differ, so a swap shows.
    const steps = [
      ['product:pin', a!.id],
      ['product:pin', b!.id],
      ['product:unpin', a!.id],
      ['product:unpin', b!.id],
    ] as const;
    const acks = await Promise.all(
      Array.from({ length: ops }, (_, i) => request(host, steps[i % 4]![0], { productId: steps[i % 4]![1] })),
    );
    const expected = acks.map((ack) => ack.pins as PinsPayload);
    for (const [i, recording] of seen.entries()) {
      await recording.until((all) => all.length >= ops, `viewer ${i}: ${ops} pins`);
      assert.deepEqual(recording.seen, expected, `viewer ${i} got every pin once, in order`);
    }
  }

  const load = { rateLimits: false, socketEventLimit: false } as const;

  it('under load (50 viewers, 200 pins) every viewer gets every pin in order, with the fast path engaged', async () => {
    const h = await startHarness(load);
    try {
      const show = await h.createShow();
      await pinUnderLoad(h, show, 50, 200);
      const { fastWrites, fastWriteFallbacks } = h.server.stats;
      // A socket.io / engine.io / ws upgrade that changes the internals fast-write.ts reads falls back everywhere.
      assert.ok(fastWrites > 0, `fast writes ${fastWrites}, fallbacks ${fastWriteFallbacks}`);
      assert.ok(fastWrites + fastWriteFallbacks >= 50 * 200, 'every delivery is counted once, on one path');
    } finally {
      await h.close(true);
    }
  });

  it('turned off (fastWrites: false), nothing takes the fast path and every pin still arrives in order', async () => {
    const h = await startHarness({ ...load, fastWrites: false });
    try {
      const show = await h.createShow();
      await pinUnderLoad(h, show, 10, 40);
      assert.deepEqual({ ...h.server.stats }, { fastWrites: 0, fastWriteFallbacks: 0 });
      for (const s of h.server.io.of('/').sockets.values())
        assert.ok(!Object.hasOwn(s.client, 'writeToEngine'), 'not installed');
    } finally {
      await h.close(true);
    }
  });

  it(`says once when ${NEVER_ENGAGED_AFTER} broadcast deliveries all took the slower path`, async () => {
    const warnings: string[] = [];
    const h = await startHarness({ logger: { ...silentLogger, warn: (message) => warnings.push(message) } });
    const show = await h.createShow();
    // Long-polling never takes the fast path: it stands in for an upgrade that broke it.
    const polling = ioClient(h.url, {
      path: SOCKET_PATH,
      auth: { show: show.id },
      transports: ['polling'],
      reconnection: false,
      forceNew: true,
    });
    try {
      await withTimeout(new Promise((resolve) => polling.once('show:state', resolve)), 'show:state');
      const room = showRoom(show.id);
      const emit = (n: number) => {
        for (let i = 0; i < n; i++) rawEmit(h.server.io.to(room), 'test:seq', i);
      };
      // The join already brought it a broadcast or two (e.g. viewers:count); no await below, so nothing else comes in between.
      const already = h.server.stats.fastWriteFallbacks;
      assert.ok(already < NEVER_ENGAGED_AFTER - 1);
      emit(NEVER_ENGAGED_AFTER - 1 - already);
      assert.deepEqual(warnings, [], 'not yet');
      emit(1);
      assert.deepEqual(warnings, [NEVER_ENGAGED_WARNING]);
      emit(2 * NEVER_ENGAGED_AFTER);
      assert.deepEqual(warnings, [NEVER_ENGAGED_WARNING], 'once');
      assert.deepEqual({ ...h.server.stats }, { fastWrites: 0, fastWriteFallbacks: 3 * NEVER_ENGAGED_AFTER });
    } finally {
      polling.disconnect();
      await h.close(true);
    }
  });

  it('stays quiet when the fast path engages', async () => {
    const warnings: string[] = [];
    const h = await startHarness({ logger: { ...silentLogger, warn: (message) => warnings.push(message) } });
    try {
      const show = await h.createShow();
      const { socket } = await h.connect({ show: show.id });
      const seen = record<number>(socket, 'test:seq');
      for (let i = 0; i < 2 * NEVER_ENGAGED_AFTER; i++) {
        rawEmit(h.server.io.to(showRoom(show.id)), 'test:seq', i);
        if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      await seen.until((all) => all.length === 2 * NEVER_ENGAGED_AFTER);
      assert.ok(h.server.stats.fastWrites > 0);
      assert.deepEqual(warnings, []);
    } finally {
      await h.close(true);
    }
  });
});
