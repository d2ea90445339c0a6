/**
 * examples/react-storefront as a merchant ships it: `vite build`, the built page on its own origin,
 * the viewer rendered by @live-shop/react against the real CLI server, and Buy now on a pinned
 * product landing in the example's own cart through the wrapper's `onBuy` (no checkout opened).
 * Then the tags written directly in React 19 JSX (fixtures/react-tags, typed by @live-shop/react/jsx),
 * and the studio through @live-shop/react/studio pinning a product the storefront then shows.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { formatPrice, type Product, type PublicShow } from '@live-shop/protocol';
import { startServer, type RunningServer } from '../helpers/server-process.js';
import { launchBrowser, loopbackContext } from '../helpers/browser.js';
import { freePorts, publicShow } from '../helpers/commerce.js';

const example = path.resolve(import.meta.dirname, '../../examples/react-storefront');
const tagsPage = path.resolve(import.meta.dirname, 'fixtures/react-tags');
const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

let server: RunningServer;
let browser: Browser;
let page: Page;
let show: PublicShow;
let built: string;
let shop: Server;
let shopUrl: string;
let product: Product;

/** The built storefront on its own loopback origin, as any static host would serve it. */
async function serveStatic(dir: string, port: number): Promise<Server> {
  const http = createServer((req, res) => {
    const file = new URL(req.url ?? '/', 'http://x').pathname.replace(/\/$/, '/index.html');
    readFile(path.join(dir, path.normalize(file)))
      .then((body) =>
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body),
      )
      .catch(() => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  return http;
}

/** `vite build` of the app in `dir`, served under `base`. */
function viteBuild(dir: string, outDir: string, base: string): void {
  const build = spawnSync(process.execPath, [vite, 'build', '--base', base, '--outDir', outDir, '--emptyOutDir'], {
    cwd: dir,
    encoding: 'utf8',
  });
  assert.equal(build.status, 0, `vite build in ${dir} failed:\n${build.stdout}${build.stderr}`);
}

/** The presenter pins `product` (a host socket with the demo show's token). */
async function pin(product: Product): Promise<void> {
  const token = new URLSearchParams(new URL(server.studioUrl).hash.slice(1)).get('token');
  const host = io(server.origin, { transports: ['websocket'], auth: { show: show.id, token } });
  try {
    const ack = (await host.timeout(5000).emitWithAck('product:pin', { productId: product.id })) as { ok: boolean };
    assert.equal(ack.ok, true, JSON.stringify(ack));
  } finally {
    host.close();
  }
}

before(async () => {
  const [port] = (await freePorts(1)) as [number];
  server = await startServer({ env: { LIVE_SHOP_ALLOWED_ORIGINS: `http://127.0.0.1:${port}` } });
  show = await publicShow(server, new URL(server.studioUrl).searchParams.get('show')!);
  built = await mkdtemp(path.join(tmpdir(), 'live-shop-react-example-'));
  viteBuild(example, built, '/');
  viteBuild(tagsPage, path.join(built, 'tags'), '/tags/');
  shop = await serveStatic(built, port);
  shopUrl = `http://127.0.0.1:${port}/?server=${encodeURIComponent(server.origin)}&show=${show.id}`;
  product = show.products.find((p) => p.stock === null || p.stock > 0)!;
  await pin(product);
  browser = await launchBrowser();
  page = await (await loopbackContext(browser, { locale: 'en-US', viewport: { width: 1280, height: 900 } })).newPage();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (shop ? shop.close(resolve) : resolve(undefined)));
  await server?.stop();
  if (built) await rm(built, { recursive: true, force: true });
});

test('the built page renders the viewer through @live-shop/react with its props as element properties', async () => {
  await page.goto(shopUrl);
  const viewer = page.locator('live-shop-viewer');
  await viewer.waitFor();
  const seen = await viewer.evaluate((el: HTMLElementTagNameMap['live-shop-viewer']) => ({
    upgraded: customElements.get('live-shop-viewer') === el.constructor,
    server: el.server,
    show: el.show,
    productPlacement: el.productPlacement,
  }));
  assert.deepEqual(seen, { upgraded: true, server: server.origin, show: show.id, productPlacement: 'below' });
  await page.getByRole('heading', { name: 'Live brew bar' }).waitFor();
});

test('Buy now on a pinned product goes into the example cart through onBuy, with no checkout', async () => {
  let popups = 0;
  page.context().on('page', () => popups++);
  const card = page.locator('live-shop-viewer live-shop-product-card').filter({ hasText: product.title });
  await card.getByRole('button', { name: 'Buy now' }).click();

  await page
    .getByRole('status')
    .filter({ hasText: `Added ${product.title} to your cart. 1 item in your cart.` })
    .waitFor();
  await page.getByRole('button', { name: 'Cart, 1 item' }).click();
  const lines = page.getByRole('list', { name: 'Items in your cart' }).getByRole('listitem');
  assert.equal(await lines.count(), 1);
  assert.match(await lines.first().innerText(), new RegExp(`${product.title}[\\s\\S]*Qty 1`));
  assert.equal(await page.getByTestId('subtotal').innerText(), formatPrice(product.price, 'en-US'));
  assert.equal(popups, 0, 'onBuy called preventDefault(): the viewer opened no checkout');
});

test('the tags in React 19 JSX: attributes, an object property and an onlive-shop-buy listener', async () => {
  const tags = await page.context().newPage();
  let popups = 0;
  page.context().on('page', () => popups++);
  await tags.goto(`${new URL(shopUrl).origin}/tags/${new URL(shopUrl).search}`);
  const viewer = tags.locator('live-shop-viewer');
  const card = viewer.locator('live-shop-product-card').filter({ hasText: product.title });
  // hydrateProduct went in as a property: the card shows the page's label.
  await card.getByText(`Ours: ${product.title}`).waitFor();
  const seen = await viewer.evaluate((el: HTMLElementTagNameMap['live-shop-viewer']) => ({
    show: el.show,
    noChat: el.noChat,
    productPlacement: el.productPlacement,
  }));
  assert.deepEqual(seen, { show: show.id, noChat: true, productPlacement: 'below' });
  await card.getByRole('button', { name: 'Buy now' }).click();
  await tags.getByRole('list', { name: 'Bought' }).getByText(`${product.title} × 1`).waitFor();
  assert.equal(popups, 0, 'the listener called preventDefault(): the viewer opened no checkout');
});

test('LiveShopStudio from @live-shop/react/studio registers the studio, connects with its token and pins', async () => {
  const other = show.products.find((p) => p.id !== product.id)!;
  const studio = await page.context().newPage();
  const { search } = new URL(shopUrl);
  await studio.goto(`${new URL(shopUrl).origin}/tags/studio.html${search}${new URL(server.studioUrl).hash}`);
  await studio.getByRole('button', { name: `Pin ${other.title}` }).click();
  await studio.getByRole('button', { name: `Unpin ${other.title}` }).waitFor();
  assert.equal(
    await studio
      .locator('live-shop-studio')
      .evaluate((el) => el.constructor === customElements.get('live-shop-studio')),
    true,
  );
  // The storefront of the first tests shows the card the React studio pinned.
  await page.locator('live-shop-viewer live-shop-product-card').filter({ hasText: other.title }).waitFor();
});
