/**
 * `npm run bench:checkout` — the commerce plane of the real CLI server (separate process, loopback,
 * local test checkout, behind a "proxy": LIVE_SHOP_TRUST_PROXY=loopback and one X-Forwarded-For per
 * shopper, the way a deployment sees many shoppers).
 *
 * 1. Sequential buys: Buy now (checkout created, stock held) → Pay (signed webhook applied) → the
 *    host socket's `show:sales` shows the order. Prints per-step latency.
 * 2. A drop: K units, N > K shoppers pressing Buy now at once. Prints how many got a checkout, how
 *    many `sold_out`, the stock left and the wall time.
 * Prints numbers; asserts nothing. Bounded: BENCH_BUYS (default 50) buys, BENCH_DROP_K/N (100/1000),
 * and BENCH_TIMEOUT_S (120) overall.
 */
import { performance } from 'node:perf_hooks';
import type { SalesSummary } from '@live-shop/protocol';
import { io } from 'socket.io-client';
import { createShow, publicShow } from '../test/helpers/commerce.js';
import { startServer } from '../test/helpers/server-process.js';

const BUYS = Number(process.env.BENCH_BUYS ?? 50);
const DROP_K = Number(process.env.BENCH_DROP_K ?? 100);
const DROP_N = Number(process.env.BENCH_DROP_N ?? 1000);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 120);
/** A shopper takes a moment between the checkout opening and Pay; 0 measures back-to-back bursts (coalesced). */
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 1000);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;
const row = (name: string, values: number[]) =>
  console.log(
    `| ${name} | ${ms(percentile(values, 50))} | ${ms(percentile(values, 95))} | ${ms(percentile(values, 99))} | ${ms(Math.max(...values))} |`,
  );

let shopper = 0;
/** Each request comes from another shopper behind the trusted proxy (per-address checkout limits apply per shopper). */
const post = (url: string, body?: unknown) =>
  fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': `10.${(++shopper >> 16) & 255}.${(shopper >> 8) & 255}.${shopper & 255}`,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const server = await startServer({ env: { LIVE_SHOP_TRUST_PROXY: 'loopback' } });
const deadline = setTimeout(() => {
  console.error(`bench:checkout: gave up after ${TIMEOUT_S} s`);
  void server.stop().finally(() => process.exit(1));
}, TIMEOUT_S * 1000);

try {
  const show = await createShow(server, {
    title: 'Checkout bench',
    products: [
      { title: 'Unlimited mug', price: { amount: 2200, currency: 'USD' } },
      { title: 'Limited drop', price: { amount: 9900, currency: 'USD' }, stock: DROP_K },
    ],
  });
  const [mug, drop] = show.products as [(typeof show.products)[0], (typeof show.products)[0]];
  const host = io(server.origin, { transports: ['websocket'], auth: { show: show.id, token: show.hostToken } });
  let sales: SalesSummary | null = null;
  let wake = () => {};
  host.on('show:sales', (summary: SalesSummary) => {
    sales = summary;
    wake();
  });
  await new Promise<void>((resolve) => host.once('show:state', () => resolve()));
  const salesAt = (orders: number) =>
    new Promise<number>((resolve) => {
      const check = () => (sales?.totals.orders ?? 0) >= orders && resolve(performance.now());
      wake = check;
      check();
    });

  // 1. Sequential buys.
  const create: number[] = [];
  const pay: number[] = [];
  const toStudio: number[] = [];
  const checkoutUrl = `${server.origin}/api/shows/${show.id}/checkout`;
  for (let i = 1; i <= BUYS; i++) {
    const t0 = performance.now();
    const res = await post(checkoutUrl, { productId: mug.id, quantity: 1 });
    const session = (await res.json()) as { url: string };
    const t1 = performance.now();
    if (THINK_MS) await new Promise((resolve) => setTimeout(resolve, THINK_MS));
    const tPay = performance.now();
    const paid = await post(`${server.origin}${session.url}/pay`);
    await paid.arrayBuffer();
    const t2 = performance.now();
    if (paid.status !== 303) throw new Error(`pay answered ${paid.status}`);
    const t3 = await salesAt(i);
    create.push(t1 - t0);
    pay.push(t2 - tPay);
    toStudio.push(t3 - tPay);
  }
  console.log(
    `\n## Sequential buys (${BUYS}, ${THINK_MS} ms between checkout and Pay, local test checkout, real CLI server over loopback)\n`,
  );
  console.log('| step | p50 | p95 | p99 | max |');
  console.log('|---|---|---|---|---|');
  row('Buy now → checkout created (stock held, order stored)', create);
  row('Pay → order paid (signed webhook verified and applied) → 303', pay);
  row("Pay pressed → the host's show:sales shows the order", toStudio);

  // 2. A drop: everyone presses Buy now at once.
  const t0 = performance.now();
  const answers = await Promise.all(
    Array.from({ length: DROP_N }, () => post(checkoutUrl, { productId: drop.id, quantity: 1 })),
  );
  const wall = performance.now() - t0;
  const count = (status: number) => answers.filter((r) => r.status === status).length;
  await Promise.all(answers.map((r) => r.arrayBuffer()));
  const left = (await publicShow(server, show.id)).products.find((p) => p.id === drop.id)!.stock;
  console.log(`\n## Drop: ${DROP_K} units, ${DROP_N} shoppers press Buy now at once\n`);
  console.log('| checkouts opened | sold_out (409) | other | stock left | wall time | per request |');
  console.log('|---|---|---|---|---|---|');
  console.log(
    `| ${count(200)} | ${count(409)} | ${DROP_N - count(200) - count(409)} | ${left} | ${ms(wall)} | ${ms(wall / DROP_N)} |`,
  );
  host.close();
} finally {
  clearTimeout(deadline);
  await server.stop();
}
