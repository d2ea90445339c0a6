/**
 * The broadcast fast path against the real socket.io-client: whatever mix of pre-framed broadcasts
 * (fast path) and packets that take Engine.IO's normal path, each socket gets everything, in order,
 * also while its connection is congested.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Socket as TcpSocket } from 'node:net';
import { SOCKET_PATH, type CreatedShow } from '@live-shop/protocol';
import { io as ioClient, type Socket } from 'socket.io-client';
import { showRoom } from './types.js';
import { startHarness, withTimeout, type Harness } from '../testing/harness.js';

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
    const socket: Socket = ioClient(h.url, { path: SOCKET_PATH, auth: { show: show.id }, transports: ['websocket'], reconnection: false, forceNew: true });
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

  it('interleaved with packets that take the normal path (binary), every broadcast arrives once, in order', async () => {
    const viewers = await Promise.all([viewer(), viewer(), viewer()]);
    try {
      const room = showRoom(show.id);
      const count = 600;
      for (let i = 0; i < count; i++) {
        // Binary payloads are not pre-framed: Engine.IO sends them, and the text broadcasts right after must wait behind them.
        if (i % 3 === 0) h.server.io.to(room).emit('test:seq' as never, i as never, Buffer.from([i & 0xff]) as never);
        else h.server.io.to(room).emit('test:seq' as never, i as never);
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
        h.server.io.to(room).emit('test:seq' as never, i as never, padding as never);
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
