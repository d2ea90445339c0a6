#!/usr/bin/env node
// Serves this storefront on its own origin (default :8080), embedding the viewer from a live-shop server
// on another origin (default http://localhost:3000, e.g. `npm start` in another terminal).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';

const port = Number(process.env.PORT ?? 8080);
const server = process.env.LIVE_SHOP_SERVER ?? 'http://localhost:3000';
const page = (await readFile(new URL('./index.html', import.meta.url), 'utf8')).replaceAll(
  'http://localhost:3000',
  server,
);

createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
}).listen(port, async () => {
  // The demo storefront names its show; reuse it so this page has something to play.
  const demo = await fetch(server)
    .then((r) => r.text())
    .catch(() => '');
  const show = demo.match(/<live-shop-viewer[^>]*\sshow="([^"]+)"/)?.[1];
  const url = `http://localhost:${port}/${show ? `?show=${show}` : ''}`;
  console.log(`Harbor Knitwear (another origin) → ${url}${show ? '' : '  (start the demo server first: npm start)'}`);
  // The demo server allows :8080 and :8081 only; any other origin must be allowed explicitly.
  if (port !== 8080) console.log(`  the live-shop server needs LIVE_SHOP_ALLOWED_ORIGINS=${new URL(url).origin}`);
});
