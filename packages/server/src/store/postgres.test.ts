import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { dropTestDatabase, TEST_DATABASE_URL, testDatabaseUrl } from '../testing/test-database.js';
import { openPostgresStore } from './postgres.js';

/**
 * A TCP relay to PostgreSQL that can go silent on the connections it carries, as a database lost on
 * the network does (no reset, no reply), while new connections still get through (a failover).
 */
async function relay(target: URL) {
  const pairs = new Set<[net.Socket, net.Socket]>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    const closed = () => {
      pairs.delete(pair);
      pair.forEach((socket) => socket.destroy());
    };
    for (const socket of pair) socket.on('error', () => {}).once('close', closed);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.host = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    url: url.href,
    /** Connections open now stop carrying anything, both ways. */
    silence() {
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream).pause();
        upstream.unpipe(client).pause();
      }
    },
    async close() {
      for (const pair of pairs) pair.forEach((socket) => socket.destroy());
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('PostgreSQL store', { skip: !TEST_DATABASE_URL && 'PostgreSQL only (npm run test:node:postgres)' }, () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('a connection that stopped answering is replaced after its query times out, not handed out again', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'live-shop-pg-'));
    const target = new URL((await testDatabaseUrl(dataDir))!);
    cleanups.push(async () => {
      await dropTestDatabase(dataDir);
      await rm(dataDir, { recursive: true, force: true });
    });
    const proxy = await relay(target);
    cleanups.push(() => proxy.close());
    // One connection, so the query after the timeout would get the same one back if it were kept.
    const store = await openPostgresStore(proxy.url, { max: 1, timeoutMs: 500 });
    cleanups.push(() => store.close());
    assert.equal(await store.getShow('nope'), null);

    proxy.silence();
    await assert.rejects(store.getShow('nope'), /Query read timeout/);
    // Kept, the connection would still wait for the lost reply, and this would time out as well.
    assert.equal(await store.getShow('nope'), null);
  });
});
