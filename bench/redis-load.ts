/**
 * `npm run bench:redis`: what one show costs Redis with several nodes. Two `live-shop-server`
 * processes on one PostgreSQL + one Redis (throwaway, loopback, from scripts/with-services.mjs),
 * viewers split across both, then phases of traffic: idle, pins, chat, all at once. For each phase it
 * prints Redis commands per second (XADD = one broadcast entering the stream), bytes into and out of
 * Redis per second, and the deliveries viewers saw. Bounded: fixed viewer count, fixed phase lengths.
 *
 * Env: BENCH_VIEWERS (default 200), BENCH_PHASE_MS (default 8000), BENCH_CHAT_RATE (messages/s, default 100).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CreatedShow } from '@live-shop/protocol';
import { createClient } from 'redis';
import { io as ioClient, type Socket } from 'socket.io-client';
import { startServerProcess, type ServerProcess } from '../packages/server/src/testing/cli-process.js';
import { ADMIN_KEY } from '../packages/server/src/testing/harness.js';
import { dropTestDatabase, testDatabaseUrl } from '../packages/server/src/testing/test-database.js';

const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 200);
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 8000);
const CHAT_RATE = Number(process.env.BENCH_CHAT_RATE ?? 100);
const REDIS_URL = process.env.LIVE_SHOP_TEST_REDIS_URL;
if (!REDIS_URL || !process.env.LIVE_SHOP_TEST_DATABASE_URL) {
  console.error('run through scripts/with-services.mjs: npm run bench:redis');
  process.exit(1);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function connect(url: string, auth: Record<string, string>): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = ioClient(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.once('show:state', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

interface RedisCounters {
  calls: Map<string, number>;
  bytesIn: number;
  bytesOut: number;
}

async function redisCounters(redis: ReturnType<typeof createClient>): Promise<RedisCounters> {
  const commands = (await redis.sendCommand(['INFO', 'commandstats'])) as string;
  const stats = (await redis.sendCommand(['INFO', 'stats'])) as string;
  const calls = new Map<string, number>();
  for (const match of commands.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)) calls.set(match[1]!, Number(match[2]));
  const stat = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(stats)?.[1] ?? 0);
  return { calls, bytesIn: stat('total_net_input_bytes'), bytesOut: stat('total_net_output_bytes') };
}

async function main(): Promise<void> {
  const dirs = [
    await mkdtemp(path.join(tmpdir(), 'bench-redis-a-')),
    await mkdtemp(path.join(tmpdir(), 'bench-redis-b-')),
  ];
  const databaseUrl = (await testDatabaseUrl(dirs[0]!))!;
  const nodes: ServerProcess[] = [];
  const sockets: Socket[] = [];
  const redis = createClient({ url: REDIS_URL });
  await redis.connect();
  try {
    for (const dir of dirs)
      nodes.push(await startServerProcess(dir, { DATABASE_URL: databaseUrl, REDIS_URL: REDIS_URL! }));
    const res = await fetch(`${nodes[0]!.url}/api/shows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Redis bench',
        products: [1, 2, 3].map((i) => ({ title: `P${i}`, price: { amount: 100 * i, currency: 'USD' } })),
      }),
    });
    const show = (await res.json()) as CreatedShow;
    const host = await connect(nodes[0]!.url, { show: show.id, token: show.hostToken });
    sockets.push(host);
    let deliveries = 0;
    const refusals = new Map<string, number>();
    for (let i = 0; i < VIEWERS; i++) {
      const viewer = await connect(nodes[i % 2]!.url, { show: show.id, name: `v${i}` });
      // A chat batch delivers each of its messages.
      viewer.onAny(
        (event: string, payload: unknown) =>
          (deliveries += event === 'chat:messages' ? (payload as unknown[]).length : 1),
      );
      sockets.push(viewer);
    }
    // Each sender below the 5-per-5-s limit even with timer jitter.
    const senders = sockets.slice(1, 1 + Math.min(VIEWERS, Math.ceil(CHAT_RATE * 1.5)));
    await sleep(1500); // let the join's viewer counts settle

    const phases: { name: string; run: (stop: () => boolean) => Promise<void> }[] = [
      {
        name: 'idle (viewers connected)',
        run: async () => {
          await sleep(PHASE_MS);
        },
      },
      {
        name: 'pins: pin/unpin at 10/s',
        run: async (stop) => {
          for (let i = 0; !stop(); i++) {
            const productId = show.products[i % 3]!.id;
            host.emit(i % 2 ? 'product:unpin' : 'product:pin', { productId }, () => {});
            await sleep(100);
          }
        },
      },
      {
        name: `chat: ${CHAT_RATE} msg/s from ${senders.length} senders`,
        run: async (stop) => {
          // Spread evenly over the senders.
          const refused = (ack: { ok: boolean; error?: { code: string } }) => {
            if (!ack.ok) refusals.set(ack.error!.code, (refusals.get(ack.error!.code) ?? 0) + 1);
          };
          const started = Date.now();
          for (let i = 0; !stop(); i++) {
            senders[i % senders.length]!.emit('chat:send', { text: `m${i}` }, refused);
            await sleep(Math.max(0, started + ((i + 1) * 1000) / CHAT_RATE - Date.now()));
          }
        },
      },
    ];

    console.log(
      `Redis load of one show: 2 nodes, ${VIEWERS} viewers split across them, ${PHASE_MS / 1000} s per phase\n`,
    );
    console.log(
      '| phase | XADD/s | XREAD/s | all Redis commands/s | into Redis KB/s | out of Redis KB/s | messages delivered to viewers/s |',
    );
    console.log('|---|---|---|---|---|---|---|');
    for (const phase of phases) {
      const before = await redisCounters(redis);
      const delivered = deliveries;
      const started = Date.now();
      await phase.run(() => Date.now() - started >= PHASE_MS);
      await sleep(300); // the last batch
      const after = await redisCounters(redis);
      const seconds = (Date.now() - started) / 1000;
      const rate = (command: string) => ((after.calls.get(command) ?? 0) - (before.calls.get(command) ?? 0)) / seconds;
      const total =
        [...after.calls.entries()].reduce((sum, [name, n]) => sum + n - (before.calls.get(name) ?? 0), 0) / seconds;
      console.log(
        `| ${phase.name} | ${rate('xadd').toFixed(1)} | ${rate('xread').toFixed(1)} | ${total.toFixed(1)} | ${((after.bytesIn - before.bytesIn) / 1024 / seconds).toFixed(1)} | ${((after.bytesOut - before.bytesOut) / 1024 / seconds).toFixed(1)} | ${((deliveries - delivered) / seconds).toFixed(0)} |`,
      );
    }
    if (refusals.size) console.log(`\nrefused: ${JSON.stringify(Object.fromEntries(refusals))}`);
  } finally {
    for (const socket of sockets) socket.disconnect();
    for (const node of nodes) node.child.kill('SIGTERM');
    await Promise.all(nodes.map((n) => n.exited));
    await redis.quit();
    await dropTestDatabase(dirs[0]!);
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

await main();
