/**
 * Everything acknowledged is durable: the real CLI is killed with SIGKILL right after its acks and
 * restarted on the same data (SQLite file, or PostgreSQL in the second pass of `npm test`).
 * And SIGTERM is a clean shutdown: pending chat batches still reach viewers, exit code 0.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { ChatMessage, CreatedShow, ShowSnapshot } from '@live-shop/protocol';
import pg from 'pg';
import { io as ioClient } from 'socket.io-client';
import { startServerProcess, type ServerProcess } from './testing/cli-process.js';
import { ADMIN_KEY, request, withTimeout, type ClientSocket } from './testing/harness.js';
import { dropTestDatabase, TEST_DATABASE_URL, testDatabaseUrl } from './testing/test-database.js';

const start = (dataDir: string, databaseUrl: string | undefined) =>
  startServerProcess(dataDir, { DATABASE_URL: databaseUrl ?? '' });

const join = (url: string, auth: Record<string, string>) =>
  withTimeout(
    new Promise<{ socket: ClientSocket; snapshot: ShowSnapshot }>((resolve, reject) => {
      const socket: ClientSocket = ioClient(url, {
        auth,
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      socket.once('show:state', (snapshot) => resolve({ socket, snapshot }));
      socket.once('connect_error', reject);
    }),
    'show:state',
    10_000, // a server process freshly started under a loaded test run
  );

const api = async (url: string, route: string, body?: unknown) => {
  const res = await fetch(url + route, {
    method: body === undefined ? 'GET' : 'POST',
    redirect: 'manual',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text.startsWith('{') ? JSON.parse(text) : null };
};

describe('durability of the real server process', () => {
  const dirs: string[] = [];
  const processes: ServerProcess[] = [];
  after(async () => {
    for (const p of processes) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    for (const dir of dirs) await dropTestDatabase(dir);
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('kill -9 right after the acks: every acked chat message, pin, status and paid order is there after a restart', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'live-shop-kill-'));
    dirs.push(dataDir);
    const databaseUrl = await testDatabaseUrl(dataDir);
    const first = await start(dataDir, databaseUrl);
    processes.push(first);
    const show = (
      await api(first.url, '/api/shows', {
        title: 'Durable show',
        products: [
          { title: 'Kettle', price: { amount: 6400, currency: 'USD' }, stock: 5 },
          { title: 'Mug', price: { amount: 2200, currency: 'USD' } },
        ],
      })
    ).json as CreatedShow;
    const [kettle, mug] = show.products as [CreatedShow['products'][0], CreatedShow['products'][0]];
    const checkout = await api(first.url, `/api/shows/${show.id}/checkout`, { productId: kettle.id, quantity: 2 });
    assert.equal((await api(first.url, `${checkout.json.url}/pay`, {})).status, 303);

    const { socket: host } = await join(first.url, { show: show.id, token: show.hostToken });
    // Four chatters, five messages each (the per-connection limit in 5 s).
    const chatters = await Promise.all(
      ['Ada', 'Bo', 'Cy', 'Di'].map((name) => join(first.url, { show: show.id, name })),
    );
    const acked: ChatMessage[] = [];
    // Fire them all, then kill as soon as the last ack is in: nothing gets time to "settle".
    const sends = Array.from({ length: 20 }, (_, i) =>
      request(chatters[i % 4]!.socket, 'chat:send', { text: `acked message ${i}` }),
    );
    const pins = [
      request(host, 'product:pin', { productId: kettle.id }),
      request(host, 'product:pin', { productId: mug.id }),
    ];
    const replies = await Promise.all([...sends, ...pins]);
    first.child.kill('SIGKILL');
    for (const reply of replies) assert.equal(reply.ok, true, JSON.stringify(reply));
    for (const reply of replies.slice(0, 20)) acked.push(reply.message);
    const lastPins = replies.at(-1).pins;
    await first.exited;
    host.disconnect();
    for (const { socket } of chatters) socket.disconnect();

    const second = await start(dataDir, databaseUrl);
    processes.push(second);
    const { socket, snapshot } = await join(second.url, { show: show.id });
    socket.disconnect();
    const ids = new Set(snapshot.chat.map((m) => m.id));
    for (const message of acked) assert.ok(ids.has(message.id), `“${message.text}” survived`);
    assert.deepEqual(snapshot.show.pins, lastPins);
    assert.equal(snapshot.show.products.find((p) => p.id === kettle.id)!.stock, 3, 'the paid order keeps its 2 units');
    const stats = (await api(second.url, `/api/shows/${show.id}/stats`)).json;
    assert.deepEqual([stats.totals.orders, stats.totals.units], [1, 2]);
    second.child.kill('SIGTERM');
    assert.equal(await withTimeout(second.exited, 'a clean exit', 15_000), 0);
  });

  it('SIGTERM: chat still in its batch reaches the viewers before the connections close, and the exit code is 0', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'live-shop-term-'));
    dirs.push(dataDir);
    const server = await start(dataDir, await testDatabaseUrl(dataDir));
    processes.push(server);
    const show = (await api(server.url, '/api/shows', { title: 'Closing time' })).json as CreatedShow;
    const { socket: viewer } = await join(server.url, { show: show.id, name: 'Ada' });
    const { socket: host } = await join(server.url, { show: show.id, token: show.hostToken });
    const received: string[] = [];
    viewer.on('chat:messages', (messages) => received.push(...messages.map((m) => m.id)));
    const closed = new Promise((resolve) => viewer.once('disconnect', resolve));
    const sent = await request(host, 'chat:send', { text: 'last call' });
    // Acked (stored), still waiting in its ≤ 100 ms batch when the signal arrives.
    server.child.kill('SIGTERM');
    await withTimeout(closed, 'the server to close the connection', 15_000);
    assert.ok(received.includes(sent.message.id), 'the pending batch was flushed before closing');
    assert.equal(await withTimeout(server.exited, 'exit', 15_000), 0);
    host.disconnect();
  });

  it(
    'PostgreSQL that stops answering (a lock held elsewhere): chat fails after LIVE_SHOP_DATABASE_TIMEOUT_SECONDS instead of hanging, then recovers, and SIGTERM still exits',
    { skip: !TEST_DATABASE_URL && 'PostgreSQL only (npm run test:node:postgres)' },
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'live-shop-stuck-'));
      dirs.push(dataDir);
      const databaseUrl = (await testDatabaseUrl(dataDir))!;
      const server = await startServerProcess(dataDir, {
        DATABASE_URL: databaseUrl,
        LIVE_SHOP_DATABASE_TIMEOUT_SECONDS: '1',
      });
      processes.push(server);
      const show = (await api(server.url, '/api/shows', { title: 'Stuck' })).json as CreatedShow;
      const { socket: ada } = await join(server.url, { show: show.id, name: 'Ada' });
      const { socket: bo } = await join(server.url, { show: show.id, name: 'Bo' });
      const locker = new pg.Client({ connectionString: databaseUrl });
      await locker.connect();
      try {
        await locker.query('begin');
        await locker.query('lock table chat_messages in access exclusive mode');
        // Two messages in one batch: its write waits for the lock until the timeout, and both are answered then.
        const stuck = await withTimeout(
          Promise.all([request(ada, 'chat:send', { text: 'one' }), request(bo, 'chat:send', { text: 'two' })]),
          'answers despite the lock',
          8_000,
        );
        for (const ack of stuck) assert.deepEqual(ack.error, { code: 'internal', message: 'Internal error' });
        await locker.query('rollback');
      } finally {
        await locker.end();
      }
      const ok = await request(ada, 'chat:send', { text: 'three' });
      assert.equal(ok.ok, true, JSON.stringify(ok));
      server.child.kill('SIGTERM');
      assert.equal(await withTimeout(server.exited, 'exit', 15_000), 0);
      ada.disconnect();
      bo.disconnect();
    },
  );
});
