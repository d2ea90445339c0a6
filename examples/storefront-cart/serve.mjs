#!/usr/bin/env node
// Serves this storefront (with its own cart) on its own origin (default :8081), embedding the viewer
// from a live-shop server on another origin (default http://localhost:3000, e.g. `npm start`).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';

const port = Number(process.env.PORT ?? 8081);
const server = process.env.LIVE_SHOP_SERVER ?? 'http://localhost:3000';
const page = (await readFile(new URL('./index.html', import.meta.url), 'utf8')).replaceAll(
  'http://localhost:3000',
  server,
);

const http = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
});
http.listen(port, async () => {
  // The demo storefront names its show; reuse it so this page has something to play.
  const demo = await fetch(server)
    .then((r) => r.text())
    .catch(() => '');
  const show = demo.match(/<live-shop-viewer[^>]*\sshow="([^"]+)"/)?.[1];
  // PORT=0 picks a free port: print the one we got.
  const url = `http://localhost:${http.address().port}/${show ? `?show=${show}` : ''}`;
  console.log(
    `Tideline Coffee Supply, own cart (another origin) → ${url}${show ? '' : '  (start the demo server first: npm start)'}`,
  );
  // The demo server allows :8080 and :8081 only; any other origin must be allowed explicitly.
  if (http.address().port !== 8081)
    console.log(`  the live-shop server needs LIVE_SHOP_ALLOWED_ORIGINS=${new URL(url).origin}`);
});
