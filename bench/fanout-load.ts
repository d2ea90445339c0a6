/**
 * Load process of `npm run bench:fanout` (its own process, pinned to its own core): opens N viewer
 * connections with socket.io-client, then a host pins (or chatters chat) at a fixed rate, and every
 * delivery's latency is taken against the send time in this same process. Talks to the orchestrator
 * over IPC; bounded by the counts it is given and a deadline.
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';

export interface LoadJob {
  url: string;
  /** Several nodes: viewer i joins `urls[i % urls.length]` (the host joins `url`). */
  urls?: string[];
  /** Viewer handshake auth (live-shop: `{show}`; bare: `{}`). */
  auth: Record<string, unknown>;
  hostAuth: Record<string, unknown>;
  viewers: number;
  /** pins: `count` pins at `rateHz`; chat: `count` messages at `rateHz` from `senders` viewers. */
  mode: 'pins' | 'chat';
  count: number;
  rateHz: number;
  senders?: number;
  productId: string;
  deadlineMs: number;
}

export interface LoadResult {
  joinMs: number;
  expected: number;
  delivered: number;
  latencies: { p50: number; p95: number; p99: number; max: number };
  sendMs: number;
  refused: number;
}

const now = () => performance.now();
const pct = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Each viewer comes from its own address through a trusted proxy, as in production: per-address connection limits apply per viewer. */
const viewerAddress = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

async function connectAll(job: LoadJob): Promise<{ sockets: Socket[]; joinMs: number }> {
  const sockets: Socket[] = [];
  const t0 = now();
  const CONCURRENCY = 200;
  for (let i = 0; i < job.viewers; i += CONCURRENCY) {
    await Promise.all(
      Array.from(
        { length: Math.min(CONCURRENCY, job.viewers - i) },
        (_, k) =>
          new Promise<void>((resolve, reject) => {
            const socket = io(job.urls ? job.urls[(i + k) % job.urls.length]! : job.url, {
              auth: { ...job.auth, name: `v${i + k}` },
              transports: ['websocket'],
              reconnection: false,
              forceNew: true,
              extraHeaders: { 'x-forwarded-for': viewerAddress(i + k) },
            });
            socket.once('show:state', () => resolve());
            socket.once('connect_error', reject);
            sockets.push(socket);
          }),
      ),
    );
  }
  return { sockets, joinMs: now() - t0 };
}

async function run(job: LoadJob): Promise<LoadResult> {
  const { sockets, joinMs } = await connectAll(job);
  const host = io(job.url, { auth: job.hostAuth, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve) => host.once('connect', () => resolve()));
  await new Promise((resolve) => setTimeout(resolve, 500)); // let viewer counts and joins settle

  const sendTimes: number[] = [];
  const latencies: number[] = [];
  let delivered = 0;
  if (job.mode === 'pins') {
    // The k-th product:pins a viewer gets answers the k-th pin sent.
    for (const socket of sockets) {
      let k = 0;
      socket.on('product:pins', () => {
        const sent = sendTimes[k++];
        if (sent !== undefined) {
          latencies.push(now() - sent);
          delivered++;
        }
      });
    }
  } else {
    for (const socket of sockets) {
      socket.on('chat:messages', (messages: Array<{ text: string }>) => {
        const at = now();
        for (const m of messages) {
          const sent = sendTimes[Number(m.text.slice(4))];
          if (sent !== undefined) {
            latencies.push(at - sent);
            delivered++;
          }
        }
      });
    }
  }
  const drops = new Map<string, number>();
  for (const socket of sockets) socket.on('disconnect', (reason) => drops.set(reason, (drops.get(reason) ?? 0) + 1));
  const senders = job.mode === 'chat' ? sockets.slice(0, job.senders ?? 50) : [host];
  let refused = 0;
  /** Pin ops the server answered with pins that do not reflect them (applied out of order). */
  let unchanged = 0;
  await phase('sending'); // the orchestrator reads the server's memory and CPU here
  const t0 = now();
  const interval = 1000 / job.rateHz;
  for (let i = 0; i < job.count; i++) {
    const due = t0 + i * interval;
    const wait = due - now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sendTimes[i] = now();
    const expectPinned = i % 2 === 0;
    const ack = (reply: { ok?: boolean; pins?: { productIds: string[] } } | undefined) => {
      if (!reply?.ok) {
        refused++;
        if (process.env.BENCH_DEBUG && refused <= 3) console.error('loader: refused', JSON.stringify(reply));
      } else if (job.mode === 'pins' && reply.pins && reply.pins.productIds.length > 0 !== expectPinned) unchanged++;
    };
    // Pin, unpin, pin…: every one changes the pins, so every one is broadcast.
    if (job.mode === 'pins')
      host.emit((i % 2 ? 'product:unpin' : 'product:pin') as never, { productId: job.productId, seq: i }, ack);
    else senders[i % senders.length]!.emit('chat:send' as never, { text: `msg ${i}` }, ack);
  }
  const sendMs = now() - t0;
  const expected = job.count * job.viewers;
  const end = Date.now() + Number(process.env.BENCH_DRAIN_MS ?? 15_000);
  while (delivered < expected - refused * job.viewers && Date.now() < end && Date.now() < job.deadlineMs) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (drops.size) console.error(`loader: viewers dropped during the run: ${JSON.stringify(Object.fromEntries(drops))}`);
  if (process.env.BENCH_DEBUG)
    console.error(`loader: refused ${refused}, out of order ${unchanged}, delivered ${delivered}/${expected}`);
  await phase('delivered'); // …and its CPU again, before the disconnects cost anything
  for (const socket of [...sockets, host]) socket.disconnect();
  const sorted = Float64Array.from(latencies).sort();
  return {
    joinMs,
    expected,
    delivered,
    latencies: {
      p50: pct(sorted, 50),
      p95: pct(sorted, 95),
      p99: pct(sorted, 99),
      max: sorted[sorted.length - 1] ?? NaN,
    },
    sendMs,
    refused,
  };
}

/** Tells the orchestrator where we are and waits until it has taken its readings. */
function phase(name: string): Promise<void> {
  return new Promise((resolve) => {
    process.once('message', () => resolve());
    process.send!({ phase: name });
  });
}

// A clean exit when the orchestrator is done with us (so --cpu-prof can write its profile).
process.once('SIGTERM', () => process.exit(0));
process.once('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send!({ result }),
    (error: unknown) => process.send!({ error: String((error as Error)?.stack ?? error) }),
  );
});
