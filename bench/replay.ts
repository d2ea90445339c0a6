/**
 * `npm run bench:replay` — the replay timeline's API for a long show: BENCH_MESSAGES (default 10,000)
 * chat messages over an hour, a pin change every 30 s and BENCH_SALES (200) sales, on the server's
 * own store (SQLite; PostgreSQL under `node scripts/with-services.mjs -- npm run bench:replay`), over
 * real HTTP on loopback. Prints:
 * - the first page's latency uncached (each request a page size not asked before: a store read) and
 *   cached (the same URL again, as a replay's audience asks), p50/p95/max of BENCH_REQUESTS (200);
 * - the first page's size raw / gzip / br, and the whole timeline's (every page walked);
 * - the store's read alone for the first page and for a page from the middle (cursor).
 * Goal (issue 13): first page ≤ 20 ms p95 on SQLite; ≤ 50 KB gzip before a replay plays. Prints
 * numbers; asserts nothing. Bounded: BENCH_TIMEOUT_S (120) overall.
 */
import { performance } from 'node:perf_hooks';
import type { TimelinePage } from '@live-shop/protocol';
import { timeOrderedId } from '../packages/server/src/ids.js';
import { orderRecord } from '../packages/server/src/testing/commerce.js';
import { request, startHarness } from '../packages/server/src/testing/harness.js';
import { TEST_DATABASE_URL } from '../packages/server/src/testing/test-database.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const SALES = Number(process.env.BENCH_SALES ?? 200);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 120);
const HOUR = 3_600_000;

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const ms = (n: number) => `${n.toFixed(2)} ms`;
const row = (name: string, values: number[]) =>
  console.log(
    `| ${name} | ${ms(percentile(values, 50))} | ${ms(percentile(values, 95))} | ${ms(Math.max(...values))} |`,
  );
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const deadline = setTimeout(() => {
  console.error(`bench:replay: gave up after ${TIMEOUT_S} s`);
  process.exit(1);
}, TIMEOUT_S * 1000);

// Every request comes from 127.0.0.1: no per-address limits.
const h = await startHarness({ rateLimits: false });
try {
  const show = await h.createShow({
    title: 'Replay bench',
    products: Array.from({ length: 12 }, (_, i) => ({
      title: `Product ${i}`,
      price: { amount: 1000 + i, currency: 'USD' },
    })),
  });
  const host = await h.connect({ show: show.id, token: show.hostToken });
  await request(host.socket, 'show:start', {});
  await h.server.service.signal(show.id, 'mediaUp');
  const { store } = h.server;
  const t0 = Date.now();
  const filled = performance.now();
  for (let i = 0; i < MESSAGES; i++) {
    const at = t0 + Math.floor((i / MESSAGES) * HOUR);
    const text = `Message ${i}: is the ${['kettle', 'mug', 'scarf'][i % 3]} still in stock? Love this show!`;
    await store.addChatMessages(show.id, [
      { message: { id: timeOrderedId(at), name: `Viewer ${i % 400}`, text, role: 'viewer', at } },
    ]);
  }
  for (let at = t0, i = 0; at < t0 + HOUR; at += 30_000, i++)
    await store.setPins(show.id, { productIds: [show.products[i % 12]!.id], at });
  for (let i = 0; i < SALES; i++) {
    const at = t0 + Math.floor((i / SALES) * HOUR);
    const product = show.products[i % 12]!;
    await store.placeOrder(
      orderRecord({
        id: `bench-order-${i}`,
        showId: show.id,
        productId: product.id,
        amount: product.price.amount,
        currency: 'USD',
        status: 'paid',
        paidAt: at,
        createdAt: at,
      }),
    );
  }
  await request(host.socket, 'show:end', {});
  console.log(
    `bench:replay on ${TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}: ${MESSAGES} messages, 120 pin changes, ${SALES} sales (filled in ${((performance.now() - filled) / 1000).toFixed(1)} s)\n`,
  );

  const url = (query: string) => `${h.url}/api/shows/${show.id}/timeline${query}`;
  const timed = async (query: string, headers: Record<string, string> = {}) => {
    const started = performance.now();
    const res = await fetch(url(query), { headers });
    const body = await res.arrayBuffer();
    return { ms: performance.now() - started, res, bytes: body.byteLength };
  };
  // Warm up the connection and the query plans.
  for (let i = 0; i < 10; i++) await timed(`?limit=${300 + i}`);

  const uncached: number[] = [];
  const cached: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    uncached.push((await timed(`?limit=${500 - i}`)).ms);
    cached.push((await timed('')).ms);
  }
  const storeFirst: number[] = [];
  const storeMiddle: number[] = [];
  const middle = { at: t0 + HOUR / 2, skip: 0 };
  for (let i = 0; i < REQUESTS; i++) {
    let started = performance.now();
    await store.timeline(show.id, null, 500);
    storeFirst.push(performance.now() - started);
    started = performance.now();
    await store.timeline(show.id, middle, 500);
    storeMiddle.push(performance.now() - started);
  }
  console.log('| first page (500 entries) | p50 | p95 | max |\n|---|---|---|---|');
  row('HTTP, uncached (store read)', uncached);
  row('HTTP, cached', cached);
  row('store read, first page', storeFirst);
  row('store read, middle page (cursor)', storeMiddle);

  // node:http's fetch decodes: Node's raw sizes come from asking for one coding at a time without decoding.
  const sizes: Record<string, number> = {};
  for (const coding of ['identity', 'gzip', 'br']) {
    const { default: http } = await import('node:http');
    sizes[coding] = await new Promise<number>((resolve, reject) =>
      http
        .get(url(''), { headers: { 'accept-encoding': coding } }, (res) => {
          let n = 0;
          res.on('data', (c: Buffer) => (n += c.length));
          res.on('end', () => resolve(n));
        })
        .on('error', reject),
    );
  }
  let pages = 0;
  let entries = 0;
  let total = 0;
  const walked = performance.now();
  for (let next: string | null = '', i = 0; next !== null && i < 1000; i++) {
    const res = await fetch(url(next ? `?limit=1000&after=${next}` : '?limit=1000'));
    const text = await res.text();
    const page = JSON.parse(text) as TimelinePage;
    pages++;
    entries += page.entries.length;
    total += text.length;
    next = page.next;
  }
  console.log(
    `\nfirst page: ${kb(sizes.identity!)} raw, ${kb(sizes.gzip!)} gzip, ${kb(sizes.br!)} br` +
      `\nwhole timeline: ${entries} entries in ${pages} pages of 1000, ${kb(total)} raw, walked in ${ms(performance.now() - walked)}`,
  );
} finally {
  clearTimeout(deadline);
  await h.close();
}
