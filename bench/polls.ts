/**
 * `npm run bench:polls` — a poll on the real live-shop server (the built CLI, its own process, SQLite)
 * on loopback: BENCH_VIEWERS (10,000) viewers with merchant-signed ids join one show, the host starts
 * a 4-option poll, and every viewer votes once, spread over BENCH_VOTE_SECONDS (10 s). Then a sample of
 * viewers votes again (each must be refused `already_voted`) and the host ends the poll.
 * Prints: votes counted by the server (must equal the viewers: counted once), server CPU % of one core
 * during the voting window, the most `poll:results` one sample viewer received in any second, and the
 * vote acks' p50/p95 latency. Asserts nothing; bounded by those counts and BENCH_TIMEOUT_S (600).
 * Needs `npm run build` first (it runs the built CLI).
 * BENCH_CPU_PROF=dir writes the server's V8 CPU profile (node --cpu-prof) there, as bench:fanout does.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CreatedShow, PollResultsPayload } from '@live-shop/protocol';
import { io, type Socket } from 'socket.io-client';

const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 10_000);
const VOTE_SECONDS = Number(process.env.BENCH_VOTE_SECONDS ?? 10);
const REVOTES = Math.min(VIEWERS, Number(process.env.BENCH_REVOTES ?? 200));
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 600);
const ADMIN_KEY = 'bench-admin-key-0123456789';
const IDENTITY_SECRET = 'bench-identity-secret-0123456789abcdef';
const root = path.resolve(import.meta.dirname, '..');
const deadline = Date.now() + TIMEOUT_S * 1000;
const taskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** A merchant-signed identity (HS256 JWT), as a storefront's backend makes one. */
function signIdentity(claims: { viewerId: string; name: string }): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${unsigned}.${createHmac('sha256', IDENTITY_SECRET).update(unsigned).digest('base64url')}`;
}

/** Each viewer comes from its own address through a trusted proxy, as in production. */
const viewerAddress = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

async function cpuMicros(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

async function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const argv = [
    process.execPath,
    ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.BENCH_CPU_PROF)] : []),
    path.join(root, 'packages/server/dist/cli.js'),
    '--port',
    '0',
    '--host',
    '127.0.0.1',
  ];
  const [cmd, ...args] = taskset ? ['taskset', '-c', '0', ...argv] : argv;
  const child = spawn(cmd!, [...args, '--data-dir', dataDir], {
    env: {
      ...process.env,
      LIVE_SHOP_ADMIN_KEY: ADMIN_KEY,
      LIVE_SHOP_TRUST_PROXY: 'loopback',
      LIVE_SHOP_IDENTITY_SECRET: IDENTITY_SECRET,
      DATABASE_URL: '',
      REDIS_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', (d) => {
      output += d;
      const match = /listening on [\d.]+:(\d+)/.exec(output);
      if (match) (clearTimeout(timer), resolve(Number(match[1])));
    });
    child.stderr!.on('data', (d) => (output += d));
    child.once('exit', (code) => reject(new Error(`the server exited ${code}:\n${output}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

const ack = <T>(socket: Socket, event: string, payload: unknown): Promise<T> =>
  socket.timeout(Math.max(1000, deadline - Date.now())).emitWithAck(event, payload) as Promise<T>;

async function connectViewers(url: string, showId: string): Promise<Socket[]> {
  const sockets: Socket[] = [];
  const CONCURRENCY = 200;
  for (let i = 0; i < VIEWERS; i += CONCURRENCY) {
    if (Date.now() > deadline) throw new Error('deadline while connecting');
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, VIEWERS - i) }, (_, k) => {
        const n = i + k;
        const socket = io(url, {
          auth: { show: showId, identity: signIdentity({ viewerId: `bench-${n}`, name: `Viewer ${n}` }) },
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
          extraHeaders: { 'x-forwarded-for': viewerAddress(n) },
        });
        sockets.push(socket);
        return new Promise<void>((resolve, reject) => {
          socket.once('show:state', () => resolve());
          socket.once('connect_error', reject);
        });
      }),
    );
  }
  return sockets;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'live-shop-polls-'));
  const { child, url } = await startServer(dataDir);
  const sockets: Socket[] = [];
  try {
    const res = await fetch(`${url}/api/shows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Poll bench' }),
    });
    const show = (await res.json()) as CreatedShow;
    const host = io(url, { auth: { show: show.id, token: show.hostToken }, transports: ['websocket'], forceNew: true });
    sockets.push(host);
    await new Promise((resolve) => host.once('show:state', resolve));
    const t0 = performance.now();
    sockets.push(...(await connectViewers(url, show.id)));
    const viewers = sockets.slice(1);
    console.log(`${VIEWERS} viewers joined in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // One sample viewer counts the results broadcasts it receives, per second.
    const perSecond = new Map<number, number>();
    let latest: PollResultsPayload | null = null;
    viewers[0]!.on('poll:results', (r: PollResultsPayload) => {
      const second = Math.floor(performance.now() / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
      if (!latest || r.total > latest.total) latest = r;
    });
    const started = await ack<{ ok: boolean; poll: { id: string } }>(host, 'poll:start', {
      question: 'Which colour next?',
      options: ['Red', 'Green', 'Blue', 'Black'],
    });
    if (!started.ok) throw new Error(`poll:start refused: ${JSON.stringify(started)}`);
    const pollId = started.poll.id;
    await new Promise((resolve) => setTimeout(resolve, 500)); // the poll reaches everyone

    const pid = child.pid!;
    const cpu0 = await cpuMicros(pid);
    const load0 = process.cpuUsage();
    const w0 = performance.now();
    const latencies: number[] = [];
    let refused = 0;
    const interval = (VOTE_SECONDS * 1000) / VIEWERS;
    await Promise.all(
      viewers.map(async (socket, i) => {
        const wait = w0 + i * interval - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const sent = performance.now();
        const reply = await ack<{ ok: boolean }>(socket, 'poll:vote', { pollId, option: i % 4 }).catch(() => null);
        latencies.push(performance.now() - sent);
        if (!reply?.ok) refused++;
      }),
    );
    const cpu1 = await cpuMicros(pid);
    const load1 = process.cpuUsage(load0);
    const wall = performance.now() - w0;

    // Each of a sample votes again: every one must be refused, and the count must not move.
    const again = await Promise.all(
      viewers
        .slice(0, REVOTES)
        .map((s) => ack<{ ok: boolean; error?: { code: string } }>(s, 'poll:vote', { pollId, option: 0 })),
    );
    const revoteRefused = again.filter((a) => a.error?.code === 'already_voted').length;
    const drainEnd = Date.now() + 5000;
    while ((latest as PollResultsPayload | null)?.total !== VIEWERS && Date.now() < drainEnd)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const ended = await ack<{ ok: boolean; poll: { total: number; counts: number[] } }>(host, 'poll:end', { pollId });

    const sorted = latencies.sort((a, b) => a - b);
    console.log(`votes sent: ${VIEWERS} over ${(wall / 1000).toFixed(1)} s (${refused} refused)`);
    console.log(
      `votes counted: ${ended.poll.total} (${ended.poll.total === VIEWERS ? 'equal to the viewers' : 'NOT equal'}; counts ${ended.poll.counts.join(', ')})`,
    );
    console.log(
      `second votes refused already_voted: ${revoteRefused} of ${REVOTES}; count after them unchanged: ${ended.poll.total === VIEWERS - refused}`,
    );
    console.log(
      `server CPU during the voting window: ${(((cpu1 - cpu0) / 1000 / wall) * 100).toFixed(1)} % of one core`,
    );
    console.log(
      `poll:results at one sample viewer: max ${Math.max(0, ...perSecond.values())} per second (${[...perSecond.values()].reduce((a, b) => a + b, 0)} in all, over ${perSecond.size} s); last total ${(latest as PollResultsPayload | null)?.total ?? 0}`,
    );
    // The load (this process: every viewer's socket) limits what it can measure when it is near a full core.
    console.log(
      `load process CPU during the voting window: ${(((load1.user + load1.system) / 1000 / wall) * 100).toFixed(1)} % of one core`,
    );
    console.log(`vote ack latency: p50 ${pct(sorted, 50)!.toFixed(1)} ms, p95 ${pct(sorted, 95)!.toFixed(1)} ms`);
  } finally {
    for (const socket of sockets) socket.disconnect();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
