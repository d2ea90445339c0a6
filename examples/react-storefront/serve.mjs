#!/usr/bin/env node
// `npm run example:react`: this storefront on Vite's dev server (default http://localhost:5173) with a
// live-shop demo server of its own (run `npm run build` once first), or the one at LIVE_SHOP_SERVER
// (which must allow this page's origin in LIVE_SHOP_ALLOWED_ORIGINS; LIVE_SHOP_SHOW names the show).
import path from 'node:path';
import { createServer } from 'vite';

const port = Number(process.env.PORT ?? 5173);
const origin = `http://localhost:${port}`;
let server = process.env.LIVE_SHOP_SERVER;
let show = process.env.LIVE_SHOP_SHOW ?? '';
let studio = '';
let liveShop;

if (!server) {
  const { createLiveShopServer } = await import('@live-shop/server').catch((error) => {
    console.error(`The example starts the built live-shop server: run npm run build first (${error.message})`);
    process.exit(1);
  });
  liveShop = await createLiveShopServer({
    demo: true,
    dataDir: path.resolve('.live-shop/react-storefront'),
    allowedOrigins: [origin, `http://127.0.0.1:${port}`],
  });
  await new Promise((resolve) => liveShop.httpServer.listen(0, '127.0.0.1', resolve));
  server = `http://127.0.0.1:${liveShop.httpServer.address().port}`;
  show = liveShop.demo.showId;
  studio = `${server}/studio?show=${show}#token=${liveShop.demo.hostToken}`;
}

// Vite hands VITE_* variables to the page as import.meta.env (src/main.tsx reads them).
process.env.VITE_LIVE_SHOP_SERVER = server;
process.env.VITE_LIVE_SHOP_SHOW = show;
const vite = await createServer({ root: import.meta.dirname, server: { port, strictPort: true } });
await vite.listen();

console.log(`Tideline Coffee Supply, React + Vite → ${origin}/`);
console.log(`  live-shop server ${server}, show ${show || '(none: set LIVE_SHOP_SHOW)'}`);
if (studio) console.log(`  Studio (go live, pin a product, then press Buy now on the storefront): ${studio}`);

const stop = async () => {
  await vite.close();
  await liveShop?.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
