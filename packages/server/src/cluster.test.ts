/**
 * Many nodes: two `live-shop-server` processes on one PostgreSQL and one Redis (from
 * scripts/with-services.mjs), behind a loopback TCP load balancer. Runs in the PostgreSQL pass of
 * `npm test`; without those services it is skipped, saying why.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LiveShopClient } from '@live-shop/client';
import type {
  ChatMessage,
  CreatedShow,
  ModerationState,
  PinsPayload,
  RestrictionPayload,
  ShowSnapshot,
  StageSignalMessage,
  StageState,
} from '@live-shop/protocol';
import { io as ioClient } from 'socket.io-client';
import { createClient } from 'redis';
import WebSocket from 'ws';
import { startBalancer } from './testing/balancer.js';
import {
  clusterSkip,
  connectTo,
  createShowOn,
  startServerProcess,
  TEST_REDIS_URL,
  type ServerProcess,
} from './testing/cli-process.js';
import { publish } from './testing/media.js';
import { ADMIN_KEY, record, request, withTimeout, type ClientSocket } from './testing/harness.js';
import { dropTestDatabase, testDatabaseUrl } from './testing/test-database.js';

type Node = ServerProcess;

/** One server process, as `live-shop-server` runs, on the shared PostgreSQL and Redis. */
const startNode = (dataDir: string, databaseUrl: string) =>
  startServerProcess(dataDir, { DATABASE_URL: databaseUrl, REDIS_URL: TEST_REDIS_URL! });

async function until<T>(what: string, read: () => T, ok: (value: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('two nodes on one PostgreSQL and one Redis', { skip: clusterSkip }, () => {
  const dirs: string[] = [];
  const sockets: ClientSocket[] = [];
  let a: Node;
  let b: Node;
  let balancer: Awaited<ReturnType<typeof startBalancer>>;
  let show: CreatedShow;

  before(async () => {
    for (const name of ['a', 'b']) dirs.push(await mkdtemp(path.join(tmpdir(), `live-shop-node-${name}-`)));
    const databaseUrl = (await testDatabaseUrl(dirs[0]!))!;
    a = await startNode(dirs[0]!, databaseUrl);
    b = await startNode(dirs[1]!, databaseUrl);
    balancer = await startBalancer([a.port, b.port]);
    show = await createShowOn(a.url, {
      title: 'Cluster show',
      products: [
        { title: 'Kettle', price: { amount: 6400, currency: 'USD' } },
        { title: 'Mug', price: { amount: 2200, currency: 'USD' } },
      ],
    });
  });

  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await balancer?.close();
    for (const node of [a, b]) node?.child.kill('SIGKILL');
    await Promise.all([a?.exited, b?.exited]);
    if (dirs[0]) await dropTestDatabase(dirs[0]);
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('viewers on node A and node B see the same pins, chat and viewer count; a host token from one node works on the other', async () => {
    const onA = await connectTo(a.url, { show: show.id, name: 'Ada' });
    const onB = await connectTo(b.url, { show: show.id, name: 'Bo' });
    const host = await connectTo(b.url, { show: show.id, token: show.hostToken });
    sockets.push(onA, onB, host);
    const pinsOnA = record<PinsPayload>(onA, 'product:pins');
    const chatOnB = record<ChatMessage[]>(onB, 'chat:messages');
    const countOnB = record<{ count: number }>(onB, 'viewers:count');

    const pinned = await request(host, 'product:pin', { productId: show.products[0]!.id });
    assert.equal(pinned.ok, true, JSON.stringify(pinned));
    await pinsOnA.until(
      (seen) => seen.some((p) => p.productIds.includes(show.products[0]!.id)),
      'the pin made on B, on A',
    );

    const sent = await request(onA, 'chat:send', { text: 'hello from node A' });
    assert.equal(sent.ok, true, JSON.stringify(sent));
    const arrived = await chatOnB.until((seen) => seen.flat().some((m) => m.id === sent.message.id), 'A’s chat on B');
    assert.equal(arrived.flat().filter((m) => m.id === sent.message.id).length, 1, 'once');
    await countOnB.until((seen) => seen.at(-1)?.count === 2, 'two viewers across both nodes');
  });

  it('viewer counts are exact on both nodes within 2 s of the last join or leave, under churn on both', async () => {
    const churn = await createShowOn(b.url, { title: 'Churn show' });
    // Staff connections hear the count but are not in it: one on each node watches.
    const studios = await Promise.all([a, b].map((n) => connectTo(n.url, { show: churn.id, token: churn.hostToken })));
    sockets.push(...studios);
    const counts = studios.map((s) => record<{ count: number }>(s, 'viewers:count'));
    const watching: ClientSocket[] = [];
    try {
      // Eight bounded rounds: six join (three per node), three leave, so both nodes change at once.
      for (let round = 0; round < 8; round++) {
        const joined = await Promise.all(
          Array.from({ length: 6 }, (_, i) => connectTo((i % 2 ? a : b).url, { show: churn.id })),
        );
        watching.push(...joined);
        for (let k = 0; k < 3; k++) watching.splice((round * 7 + k * 5) % watching.length, 1)[0]!.disconnect();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const lastChange = Date.now();
      const exact = (seen: { count: number }[]) => seen.at(-1)?.count === watching.length;
      await Promise.all(counts.map((c, i) => c.until(exact, `${watching.length} viewers on node ${'AB'[i]}`)));
      const took = Date.now() - lastChange;
      assert.ok(took <= 2000, `exact on both nodes ${took} ms after the last change (goal ≤ 2 s)`);
      // And it stays so: no older count from the other node arrives after it.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      for (const c of counts) assert.equal(c.seen.at(-1)?.count, watching.length);
    } finally {
      for (const socket of watching) socket.disconnect();
    }
  });

  it('a join storm costs the Redis stream nothing per viewer: snapshots go from each node to its own joins', async () => {
    const redis = createClient({ url: TEST_REDIS_URL! });
    await redis.connect();
    const joined: ClientSocket[] = [];
    try {
      const before = await redis.xLen('socket.io');
      for (let i = 0; i < 4; i++)
        joined.push(
          ...(await Promise.all(
            Array.from({ length: 10 }, (_, k) => connectTo((k % 2 ? a : b).url, { show: show.id })),
          )),
        );
      // Every one of them has its snapshot (connectTo waits for it); what went into the stream meanwhile
      // is per node and per window (viewer counts, heartbeats), not per join.
      const added = (await redis.xLen('socket.io')) - before;
      assert.ok(added < joined.length / 4, `${added} stream entries for ${joined.length} joins`);
    } finally {
      for (const socket of joined) socket.disconnect();
      await redis.quit();
    }
  });

  it('moderation holds across nodes: a ban or blocklist set on A applies on B at once; a moderator revoked on A is closed on B', async () => {
    const hostOnA = await connectTo(a.url, { show: show.id, token: show.hostToken });
    sockets.push(hostOnA);
    const invite = await request(hostOnA, 'moderator:invite', { label: 'Remote' });
    const modOnB = await connectTo(b.url, { show: show.id, token: invite.token });
    const troll = await connectTo(b.url, { show: show.id, name: 'Troll' });
    sockets.push(modOnB, troll);
    // B has the show's rules cached from this message on.
    const said = await request(troll, 'chat:send', { text: 'first' });
    assert.equal(said.ok, true, JSON.stringify(said));
    // Node-to-node notes share one ordered Redis stream with the broadcasts: once B's sockets got the
    // broadcast that follows a change, B has dropped its cached rules too.
    const staffOnB = record<ModerationState>(modOnB, 'moderation:state');
    const noticeOnB = record<RestrictionPayload>(troll, 'viewer:restriction');
    const blocked = await request(hostOnA, 'chat:blocklist', { terms: ['forbidden-word'] });
    assert.equal(blocked.ok, true);
    await staffOnB.until((seen) => seen.some((m) => m.blocklist.includes('forbidden-word')), 'the blocklist reaches B');
    const held = await request(troll, 'chat:send', { text: 'a forbidden-word here' });
    assert.equal(held.message?.held, true, `B holds it: ${JSON.stringify(held)}`);
    const banned = await request(hostOnA, 'viewer:ban', { messageId: said.message.id });
    assert.equal(banned.ok, true, JSON.stringify(banned));
    await noticeOnB.until((seen) => seen.length > 0, 'the ban notice on B');
    const refused = await request(troll, 'chat:send', { text: 'still here?' });
    assert.equal(refused.error?.code, 'restricted', `banned on A, refused on B: ${JSON.stringify(refused)}`);
    const closed = withTimeout(
      new Promise((resolve) => modOnB.once('disconnect', resolve)),
      'the revoked moderator on B closed',
    );
    assert.equal((await request(hostOnA, 'moderator:revoke', { id: invite.moderator.id })).ok, true);
    assert.equal(await closed, 'io server disconnect');
    await request(hostOnA, 'chat:blocklist', { terms: [] });
  });

  it('a host token revoked on node A closes its video upload on node B', async () => {
    const admin = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
    const fresh = await createShowOn(a.url, { title: 'Upload show' });
    const host = await connectTo(a.url, { show: fresh.id, token: fresh.hostToken });
    sockets.push(host);
    assert.equal((await request(host, 'show:start', {})).ok, true);
    const minted = await fetch(`${a.url}/api/shows/${fresh.id}/tokens`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ role: 'host' }),
    });
    const spare = (await minted.json()) as { id: string; token: string };
    const studio = publish(b.url, {
      show: fresh.id,
      token: spare.token,
      mimeType: 'video/webm',
      capturedAt: Date.now(),
    });
    await studio.next('ready');
    const revoked = await fetch(`${a.url}/api/shows/${fresh.id}/tokens/${spare.id}`, {
      method: 'DELETE',
      headers: admin,
    });
    assert.equal(revoked.status, 204);
    assert.deepEqual(await withTimeout(studio.closed, 'the upload on B to close'), {
      code: 1008,
      reason: 'token_expired',
    });
  });

  it('a change made on node B is in the snapshot of the next viewer joining node A (each node caches snapshots)', async () => {
    const fresh = await createShowOn(a.url, {
      title: 'Cache show',
      products: [{ title: 'Teapot', price: { amount: 3000, currency: 'USD' }, stock: 5 }],
    });
    const productId = fresh.products[0]!.id;
    const join = async (url: string) => {
      const socket = ioClient(url, {
        auth: { show: fresh.id },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      return withTimeout(
        new Promise<ShowSnapshot>((resolve, reject) => {
          socket.once('show:state', resolve);
          socket.once('connect_error', reject);
        }),
        `a snapshot from ${url}`,
      );
    };
    // A viewer on A: A has the show cached from now on.
    const watcher = await connectTo(a.url, { show: fresh.id });
    sockets.push(watcher);
    assert.deepEqual((await join(a.url)).show.pins.productIds, []);
    const pinsOnA = record<PinsPayload>(watcher, 'product:pins');
    const chatOnA = record<ChatMessage[]>(watcher, 'chat:messages');
    const stockOnA = record<{ stock: number | null }>(watcher, 'product:stock');
    const host = await connectTo(b.url, { show: fresh.id, token: fresh.hostToken });
    sockets.push(host);

    assert.equal((await request(host, 'product:pin', { productId })).ok, true);
    await pinsOnA.until((seen) => seen.length === 1, 'the pin made on B, on A');
    assert.deepEqual((await join(a.url)).show.pins.productIds, [productId]);

    const sent = (await request(host, 'chat:send', { text: 'from B' })).message as ChatMessage;
    await chatOnA.until((seen) => seen.flat().some((m) => m.id === sent.id), 'B’s chat on A');
    assert.ok((await join(a.url)).chat.some((m) => m.id === sent.id));

    const held = await fetch(`${b.url}/api/shows/${fresh.id}/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ productId, quantity: 2 }),
    });
    assert.equal(held.status, 200, await held.text());
    await stockOnA.until((seen) => seen.at(-1)?.stock === 3, 'the stock held on B, on A');
    assert.equal((await join(a.url)).show.products[0]!.stock, 3);
  });

  it('co-hosts across nodes: a guest on B joins and signals with a host on A, is removed from A; a killed node’s guest shows unconnected', async () => {
    const hostOnA = await connectTo(a.url, { show: show.id, token: show.hostToken });
    sockets.push(hostOnA);
    const invite = await request(hostOnA, 'guest:invite', { label: 'Remote guest' });
    const guestOnB = await connectTo(b.url, { show: show.id, token: invite.token });
    sockets.push(guestOnB);
    const stageOnA = record<StageState>(hostOnA, 'stage:state');
    const joined = await request(guestOnB, 'stage:join', { name: 'Bee' });
    assert.equal(joined.ok, true, JSON.stringify(joined));
    await stageOnA.until((seen) => seen.some((s) => s.guests[0]?.peer === guestOnB.id), 'the join on B, on A');

    const toGuest = record<StageSignalMessage>(guestOnB, 'stage:signal');
    const toHost = record<StageSignalMessage>(hostOnA, 'stage:signal');
    const offer = { description: { type: 'offer', sdp: 'v=0\r\n' } };
    assert.equal((await request(hostOnA, 'stage:signal', { to: guestOnB.id, signal: offer })).ok, true);
    const [got] = await toGuest.until((seen) => seen.length === 1, 'the offer from A, on B');
    assert.equal(got!.from, hostOnA.id);
    const answer = { description: { type: 'answer', sdp: 'v=0\r\n' } };
    assert.equal((await request(guestOnB, 'stage:signal', { to: got!.from, signal: answer })).ok, true);
    await toHost.until((seen) => seen[0]?.guestId === invite.guest.id, 'the answer from B, on A');

    const closed = withTimeout(new Promise((resolve) => guestOnB.once('disconnect', resolve)), 'the guest on B closed');
    assert.equal((await request(hostOnA, 'stage:remove', { guestId: invite.guest.id })).ok, true);
    assert.equal(await closed, 'io server disconnect');

    // A third node holds a guest, then dies without a word: the host's next snapshot (once the others
    // dropped that node) shows the guest unconnected, where it was.
    dirs.push(await mkdtemp(path.join(tmpdir(), 'live-shop-node-c-')));
    const c = await startNode(dirs.at(-1)!, (await testDatabaseUrl(dirs[0]!))!);
    try {
      const second = await request(hostOnA, 'guest:invite', {});
      const guestOnC = await connectTo(c.url, { show: show.id, token: second.token });
      sockets.push(guestOnC);
      assert.equal((await request(guestOnC, 'stage:join', { name: 'Cee' })).ok, true);
      assert.equal((await request(hostOnA, 'stage:move', { guestId: second.guest.id, place: 'stage' })).ok, true);
      c.child.kill('SIGKILL');
      await c.exited;
      let shown: StageState | undefined;
      for (let attempt = 0; attempt < 30; attempt++) {
        const fresh = await withTimeout(
          new Promise<ShowSnapshot>((resolve, reject) => {
            const s: ClientSocket = ioClient(a.url, {
              auth: { show: show.id, token: show.hostToken },
              transports: ['websocket'],
              reconnection: false,
              forceNew: true,
            });
            sockets.push(s);
            s.once('show:state', (snap) => (s.disconnect(), resolve(snap)));
            s.once('connect_error', reject);
          }),
          'a host snapshot',
        );
        shown = fresh.stage;
        if (shown?.guests.find((g) => g.id === second.guest.id)?.peer === null) break;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      assert.deepEqual(
        shown?.guests.map(({ name, place, peer }) => ({ name, place, peer })),
        [{ name: 'Cee', place: 'stage', peer: null }],
      );
    } finally {
      c.child.kill('SIGKILL');
    }
  });

  it('node A stops: its viewers reconnect through the balancer to node B and end with the same state, nothing lost or twice', async () => {
    const viewer = new LiveShopClient({
      server: balancer.url,
      show: show.id,
      name: 'Cy',
      socketOptions: { WebSocket: WebSocket as never, reconnectionDelay: 100, reconnectionDelayMax: 500 },
    });
    viewer.connect();
    await until(
      'the viewer on A',
      () => viewer.state,
      (s) => s.ready && s.connection === 'connected',
    );
    const host = await connectTo(b.url, { show: show.id, token: show.hostToken });
    sockets.push(host);
    const before = (await request(host, 'chat:send', { text: 'before the failover' })).message as ChatMessage;
    await until(
      'the message before',
      () => viewer.state.chat,
      (chat) => chat.some((m) => m.id === before.id),
    );

    a.child.kill('SIGTERM');
    assert.equal(await withTimeout(a.exited, 'node A to stop', 15_000), 0, 'a clean shutdown');
    // While the viewer is away: chat and a pin, all on node B.
    const during: ChatMessage[] = [];
    for (let i = 1; i <= 3; i++)
      during.push((await request(host, 'chat:send', { text: `during the failover ${i}` })).message);
    await request(host, 'product:pin', { productId: show.products[1]!.id });

    await until(
      'the viewer back on B',
      () => viewer.state,
      (s) => s.connection === 'connected' && s.pins.productIds.length === 2,
      15_000,
    );
    const after = (await request(host, 'chat:send', { text: 'after the failover' })).message as ChatMessage;
    const chat = await until(
      'the message after',
      () => viewer.state.chat,
      (c) => c.some((m) => m.id === after.id),
    );
    const ids = chat.map((m) => m.id);
    for (const message of [before, ...during, after])
      assert.equal(ids.filter((id) => id === message.id).length, 1, `“${message.text}” exactly once`);
    assert.equal(new Set(ids).size, ids.length, 'no duplicates');
    assert.deepEqual(
      viewer.state.pins.productIds,
      show.products.map((p) => p.id),
    );
    viewer.close();
  });
});
