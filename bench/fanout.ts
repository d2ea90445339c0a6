/**
 * `npm run bench:fanout` — broadcast fan-out of the real live-shop server against a bare Socket.IO 4
 * server doing the same broadcast, in the same run, on loopback. Server and load run in separate
 * processes pinned to separate cores (taskset, when available).
 *
 * Pins: N viewers (BENCH_NS, default 1000,5000,10000) join one show; the host pins 100 times at 10/s
 * (pin/unpin, each a broadcast). Reports join time for all N (connect + snapshot) and the server CPU
 * it took per viewer, delivery latency p50/p95/p99/max, server memory per viewer, server CPU and CPU
 * µs per delivery, and our/bare ratios.
 * Chat: 1000 viewers, BENCH_CHAT_SENDERS (250: live-shop allows 5 messages per 5 s per connection)
 * sending 200 msg/s for BENCH_CHAT_SECONDS (20).
 * Prints numbers; asserts nothing. Bounded by those counts and BENCH_TIMEOUT_S (900) overall.
 * Many nodes: `npm run bench:fanout -- --nodes 2` (or BENCH_NODES=2) adds, in the same run, N server
 * processes on one PostgreSQL and one Redis (throwaway, loopback, started by scripts/with-services.mjs),
 * viewers split across them, all nodes on the server core; it prints the Redis side too: stream
 * entries the join storm added, Redis commands/s and Redis CPU while pinning.
 * Profiling: BENCH_CPU_PROF=dir writes V8 CPU profiles (node --cpu-prof) of the live-shop server
 * there, of the bare server in dir/bare and of the load processes in dir/load;
 * BENCH_BARE=0 skips the bare server, BENCH_NS=0 the pin runs, BENCH_CHAT_SECONDS=0 the chat run.
 * Needs `npm run build` first (it runs the built CLI).
 */
import { spawn, spawnSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CreatedShow } from '@live-shop/protocol';
import { createClient } from 'redis';
import { dropTestDatabase, testDatabaseUrl } from '../packages/server/src/testing/test-database.js';
import type { LoadJob, LoadResult } from './fanout-load.js';

const NS = (process.env.BENCH_NS ?? '1000,5000,10000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const PINS = Number(process.env.BENCH_PINS ?? 100);
const CHAT_VIEWERS = Number(process.env.BENCH_CHAT_VIEWERS ?? 1000);
// 250 senders at 0.8 msg/s each: at exactly the per-connection limit (1/s) timer jitter gets ~2 % refused.
const CHAT_SENDERS = Number(process.env.BENCH_CHAT_SENDERS ?? 250);
const CHAT_SECONDS = Number(process.env.BENCH_CHAT_SECONDS ?? 20);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 900);
const CPU_PROF = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null;
const WITH_BARE = process.env.BENCH_BARE !== '0';
const nodesFlag = process.argv.indexOf('--nodes');
const NODES = Number(nodesFlag > 0 ? process.argv[nodesFlag + 1] : (process.env.BENCH_NODES ?? 1));
const REDIS_URL = process.env.LIVE_SHOP_TEST_REDIS_URL;
const ADMIN_KEY = 'bench-admin-key-0123456789';
const root = path.resolve(import.meta.dirname, '..');
const taskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const pinned = (core: number, argv: string[]) =>
  (taskset ? ['taskset', ['-c', String(core), ...argv]] : [argv[0]!, argv.slice(1)]) as [string, string[]];
const deadline = Date.now() + TIMEOUT_S * 1000;

// Several nodes need PostgreSQL and Redis: run this same command again inside scripts/with-services.mjs.
if (NODES > 1 && !REDIS_URL) {
  const again = spawnSync(
    process.execPath,
    [
      path.join(root, 'scripts/with-services.mjs'),
      '--',
      process.execPath,
      ...process.execArgv,
      ...process.argv.slice(1),
    ],
    { stdio: 'inherit' },
  );
  process.exit(again.status ?? 1);
}

interface Target {
  name: string;
  /** The server processes: one, or one per node. */
  children: ChildProcess[];
  url: string;
  /** Several nodes: where viewers join, in turn. */
  urls?: string[];
  job: Pick<LoadJob, 'auth' | 'hostAuth' | 'productId'>;
  close(): Promise<void>;
}

async function listen(child: ChildProcess, what: string): Promise<number> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', (d) => {
      output += d;
      const match = /listening on [\d.]+:(\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve(Number(match[1]));
    });
    child.stderr!.on('data', (d) => (output += d));
    child.once('exit', (code) => reject(new Error(`${what} exited ${code}:\n${output}`)));
  });
}

async function startNode(
  dataDir: string,
  env: Record<string, string>,
  profileDir: string | null,
): Promise<[ChildProcess, string]> {
  const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const [cmd, args] = pinned(0, [
    process.execPath,
    ...profile,
    path.join(root, 'packages/server/dist/cli.js'),
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--data-dir',
    dataDir,
  ]);
  // Behind a "proxy" (loopback): the load's X-Forwarded-For makes every viewer its own address, limits on as deployed.
  const child = spawn(cmd, args, {
    env: { ...process.env, LIVE_SHOP_ADMIN_KEY: ADMIN_KEY, LIVE_SHOP_TRUST_PROXY: 'loopback', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = `http://127.0.0.1:${await listen(child, 'live-shop')}`;
  if (process.env.BENCH_DEBUG) child.stderr!.on('data', (d) => process.stderr.write(`server: ${d}`));
  if (process.env.BENCH_DEBUG) child.stdout!.on('data', (d) => process.stderr.write(`server: ${d}`));
  return [child, url];
}

/** One node on SQLite, or `nodes` nodes on one PostgreSQL and one Redis (all on the server core). */
async function startLiveShop(nodes = 1): Promise<Target> {
  const dataDirs = await Promise.all(
    Array.from({ length: nodes }, () => mkdtemp(path.join(tmpdir(), 'live-shop-fanout-'))),
  );
  const env =
    nodes > 1
      ? { DATABASE_URL: (await testDatabaseUrl(dataDirs[0]!))!, REDIS_URL: REDIS_URL! }
      : { DATABASE_URL: '', REDIS_URL: '' };
  const started = [];
  for (const [i, dataDir] of dataDirs.entries())
    started.push(await startNode(dataDir, env, CPU_PROF && path.join(CPU_PROF, nodes > 1 ? `node${i}` : '')));
  const children = started.map(([child]) => child);
  const urls = started.map(([, url]) => url);
  const res = await fetch(`${urls[0]}/api/shows`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Fan-out', products: [{ title: 'Mug', price: { amount: 2200, currency: 'USD' } }] }),
  });
  const show = (await res.json()) as CreatedShow;
  return {
    name: nodes > 1 ? `live-shop ×${nodes}` : 'live-shop',
    children,
    url: urls[0]!,
    ...(nodes > 1 && { urls }),
    job: {
      auth: { show: show.id },
      hostAuth: { show: show.id, token: show.hostToken },
      productId: show.products[0]!.id,
    },
    close: async () => {
      for (const child of children) child.kill('SIGTERM');
      await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
      if (nodes > 1) await dropTestDatabase(dataDirs[0]!);
      await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

async function startBare(): Promise<Target> {
  const profile = CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.join(CPU_PROF, 'bare')] : [];
  const [cmd, args] = pinned(0, [process.execPath, ...profile, path.join(root, 'bench/fanout-bare.mjs')]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = `http://127.0.0.1:${await listen(child, 'bare Socket.IO')}`;
  return {
    name: 'bare',
    children: [child],
    url,
    job: { auth: {}, hostAuth: { host: true }, productId: 'mug' },
    close: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** utime + stime of a process, in µs (clock ticks are 100 Hz on Linux). */
async function cpuMicros(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}
async function rssBytes(pid: number): Promise<number> {
  const match = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
  return Number(match![1]) * 1024;
}

/** The servers' pids (under taskset a child is taskset until it execs: same pid). */
const pidsOf = (t: Target) => t.children.map((child) => child.pid!);
const sum = async (t: Target, read: (pid: number) => Promise<number>) =>
  (await Promise.all(pidsOf(t).map(read))).reduce((a, b) => a + b, 0);

/** Redis, for several nodes: its own CPU (same host), commands processed and what the stream took in. */
class RedisProbe {
  private constructor(
    private readonly client: ReturnType<typeof createClient>,
    private readonly pid: number,
  ) {}

  static async open(): Promise<RedisProbe> {
    const client = createClient({ url: REDIS_URL });
    await client.connect();
    const pid = Number(/^process_id:(\d+)/m.exec((await client.sendCommand(['INFO', 'server'])) as string)![1]);
    return new RedisProbe(client, pid);
  }

  async read(): Promise<{ cpu: number; commands: number; streamAdded: number }> {
    const stats = (await this.client.sendCommand(['INFO', 'stats'])) as string;
    // Entries ever added to the adapter's stream (Redis 7 counts them even when MAXLEN trims).
    const info = (await this.client.sendCommand(['XINFO', 'STREAM', 'socket.io']).catch(() => [])) as unknown[];
    const added = info.indexOf('entries-added');
    return {
      cpu: await cpuMicros(this.pid),
      commands: Number(/^total_commands_processed:(\d+)/m.exec(stats)![1]),
      // No stream yet: nothing added; a Redis before 7 does not count them.
      streamAdded: info.length === 0 ? 0 : added >= 0 ? Number(info[added + 1]) : NaN,
    };
  }

  close = () => this.client.quit();
}

interface Measured extends LoadResult {
  cpuMs: number;
  /** Several nodes: stream entries the join storm added; while pinning, Redis commands/s and its CPU. */
  redis?: { joinEntries: number; commandsPerS: number; cpuPct: number };
  /** Server CPU while the viewers joined (and the host, and 0.5 s of settling), per viewer, µs: less noisy than wall time. */
  joinCpuPerViewer: number;
  cpuPct: number;
  memPerViewer: number;
}

async function measure(
  target: Target,
  job: Omit<LoadJob, 'url' | 'auth' | 'hostAuth' | 'productId' | 'deadlineMs'>,
): Promise<Measured> {
  const profile = CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.join(CPU_PROF, 'load')] : [];
  const [cmd, args] = pinned(1, [
    process.execPath,
    ...profile,
    '--conditions=source',
    '--import',
    'tsx',
    path.join(root, 'bench/fanout-load.ts'),
  ]);
  // fork() needs node itself: run the loader through taskset with an IPC channel instead.
  const loader = taskset
    ? spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    : fork(path.join(root, 'bench/fanout-load.ts'), [], { execArgv: ['--conditions=source', '--import', 'tsx'] });
  const rss0 = await sum(target, rssBytes);
  const cpuStart = await sum(target, cpuMicros);
  const probe = target.urls ? await RedisProbe.open() : null;
  type RedisReading = Awaited<ReturnType<RedisProbe['read']>>;
  const redis: { start?: RedisReading; r0?: RedisReading; r1?: RedisReading } = { start: await probe?.read() };
  const readings: { rss1?: number; cpu0?: number; t0?: number; cpu1?: number; t1?: number } = {};
  const result = await new Promise<LoadResult>((resolve, reject) => {
    loader.on('message', (m: { result?: LoadResult; error?: string; phase?: string }) => {
      if (m.error) return reject(new Error(m.error));
      if (m.result) return resolve(m.result);
      void (async () => {
        if (m.phase === 'sending') {
          readings.rss1 = await sum(target, rssBytes);
          readings.cpu0 = await sum(target, cpuMicros);
          redis.r0 = await probe?.read();
          readings.t0 = Date.now();
        } else if (m.phase === 'delivered') {
          readings.cpu1 = await sum(target, cpuMicros);
          redis.r1 = await probe?.read();
          readings.t1 = Date.now();
        }
        loader.send('go');
      })();
    });
    loader.once('exit', (code) => reject(new Error(`loader exited ${code}`)));
    loader.send({ ...job, ...target.job, url: target.url, urls: target.urls, deadlineMs: deadline } satisfies LoadJob);
  });
  loader.kill();
  await probe?.close();
  const cpuMs = (readings.cpu1! - readings.cpu0!) / 1000;
  const seconds = (readings.t1! - readings.t0!) / 1000;
  return {
    ...result,
    cpuMs,
    ...(redis.r0 &&
      redis.r1 && {
        redis: {
          joinEntries: redis.r0.streamAdded - redis.start!.streamAdded,
          commandsPerS: (redis.r1.commands - redis.r0.commands) / seconds,
          cpuPct: ((redis.r1.cpu - redis.r0.cpu) / 1000 / (seconds * 1000)) * 100,
        },
      }),
    cpuPct: (cpuMs / (readings.t1! - readings.t0!)) * 100,
    memPerViewer: Math.max(0, readings.rss1! - rss0) / job.viewers,
    joinCpuPerViewer: (readings.cpu0! - cpuStart) / job.viewers,
  };
}

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '—');
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');

async function main() {
  console.log(`bench:fanout — taskset ${taskset ? 'on (server core 0, load core 1)' : 'unavailable'}; loopback`);
  const rows: string[] = [];
  const starts = [
    () => startLiveShop(),
    ...(NODES > 1 ? [() => startLiveShop(NODES)] : []),
    ...(WITH_BARE ? [startBare] : []),
  ];
  const clusterRows: string[] = [];
  for (const n of NS) {
    const results: Record<string, Measured> = {};
    for (const start of starts) {
      const target = await start();
      try {
        results[target.name] = await measure(target, { viewers: n, mode: 'pins', count: PINS, rateHz: 10 });
      } finally {
        await target.close();
      }
    }
    for (const name of Object.keys(results)) {
      const r = results[name]!;
      const perDelivery = (r.cpuMs * 1000) / Math.max(1, r.delivered);
      if (r.redis)
        clusterRows.push(
          `| ${n} | ${name} | ${r.redis.joinEntries} | ${f1(r.redis.commandsPerS)} | ${f1(r.redis.cpuPct)} % | ${f1(r.cpuPct / NODES)} % | ${f1(perDelivery)} µs |`,
        );
      rows.push(
        `| ${n} | ${name} | ${f1(r.joinMs / 1000)} s | ${Math.round(r.joinCpuPerViewer)} µs | ${r.delivered}/${r.expected} | ${f1(r.latencies.p50)} | ${f1(r.latencies.p95)} | ${f1(r.latencies.p99)} | ${f1(r.latencies.max)} | ${f1(r.memPerViewer / 1024)} KB | ${f1(r.cpuPct)} % | ${f1(perDelivery)} µs |`,
      );
    }
    const ours = results['live-shop']!;
    const bare = results.bare;
    if (!bare) continue;
    const per = (r: Measured) => (r.cpuMs * 1000) / Math.max(1, r.delivered);
    rows.push(
      `| ${n} | **ratio** | ${ratio(ours.joinMs, bare.joinMs)} | ${ratio(ours.joinCpuPerViewer, bare.joinCpuPerViewer)} | | ${ratio(ours.latencies.p50, bare.latencies.p50)} | ${ratio(ours.latencies.p95, bare.latencies.p95)} | ${ratio(ours.latencies.p99, bare.latencies.p99)} | ${ratio(ours.latencies.max, bare.latencies.max)} | ${ratio(ours.memPerViewer, bare.memPerViewer)} | ${ratio(ours.cpuPct, bare.cpuPct)} | ${ratio(per(ours), per(bare))} |`,
    );
  }
  console.log(`\n## Pin fan-out (${PINS} pins at 10/s)\n`);
  console.log(
    '| viewers | server | join all | join CPU/viewer | delivered | p50 ms | p95 ms | p99 ms | max ms | memory/viewer | server CPU | CPU/delivery |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  if (clusterRows.length) {
    console.log(`\n## Many nodes (${NODES} on one PostgreSQL + one Redis, all on the server core)\n`);
    console.log(
      '| viewers | server | stream entries added by the join | Redis commands/s (pins) | Redis CPU (pins) | CPU per node (pins) | CPU/delivery (all nodes) |',
    );
    console.log('|---|---|---|---|---|---|---|');
    for (const row of clusterRows) console.log(row);
  }
  if (CHAT_SECONDS <= 0) return;

  const chat: Record<string, Measured> = {};
  for (const start of starts) {
    const target = await start();
    try {
      chat[target.name] = await measure(target, {
        viewers: CHAT_VIEWERS,
        mode: 'chat',
        count: 200 * CHAT_SECONDS,
        rateHz: 200,
        senders: CHAT_SENDERS,
      });
    } finally {
      await target.close();
    }
  }
  console.log(`\n## Chat (${CHAT_VIEWERS} viewers, ${CHAT_SENDERS} senders, 200 msg/s for ${CHAT_SECONDS} s)\n`);
  console.log('| server | delivered | refused | delivered/s | p50 ms | p99 ms | max ms | server CPU |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [name, r] of Object.entries(chat)) {
    console.log(
      `| ${name} | ${r.delivered}/${r.expected} | ${r.refused} | ${Math.round(r.delivered / (r.sendMs / 1000))} | ${f1(r.latencies.p50)} | ${f1(r.latencies.p99)} | ${f1(r.latencies.max)} | ${f1(r.cpuPct)} % |`,
    );
  }
}

const timer = setTimeout(() => {
  console.error(`bench:fanout: gave up after ${TIMEOUT_S} s`);
  process.exit(1);
}, TIMEOUT_S * 1000);
main().then(
  () => (clearTimeout(timer), process.exit(0)),
  (error: unknown) => (console.error(error), process.exit(1)),
);
