// Browser tests for @live-shop/elements in Debian's Chromium (see DEVELOPERS.md for the flags).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';


/**
 * The real reference server for the elements' integration tests (viewer + studio against it):
 * built output, so run `npm run build` first (`npm test` does). Tests read its URL from
 * /__live-shop-server and get a fresh show (with its host token) from /__live-shop-server/new-show:
 * the admin key stays on the Node side, as it would in production.
 */
const NEW_SHOW = {
  title: 'Integration show',
  products: [
    { title: 'Linen shirt', description: 'Relaxed fit.', price: { amount: 4900, currency: 'EUR' }, checkoutUrl: '/pay/shirt' },
    { title: 'Straw hat', price: { amount: 2500, currency: 'EUR' }, checkoutUrl: '/pay/hat' },
  ],
};

function liveShopServer() {
  const adminKey = 'wtr-admin-key-0123456789abcdef';
  let server;
  let dataDir;
  let url;
  return {
    name: 'live-shop-server',
    async serverStart() {
      const { createLiveShopServer, silentLogger } = await import('@live-shop/server').catch((error) => {
        throw new Error(`web-test-runner needs the built server (run npm run build): ${error.message}`);
      });
      dataDir = await mkdtemp(path.join(tmpdir(), 'live-shop-wtr-'));
      server = await createLiveShopServer({ dataDir, adminKey, logger: silentLogger });
      await new Promise((resolve) => server.httpServer.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${server.httpServer.address().port}`;
    },
    async serverStop() {
      await server?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
    async serve(context) {
      if (context.path === '/__live-shop-server') return { body: JSON.stringify({ url }), type: 'json' };
      if (context.path === '/__live-shop-server/new-show') {
        const res = await fetch(`${url}/api/shows`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(NEW_SHOW),
        });
        return { body: await res.text(), type: 'json' };
      }
    },
  };
}

export default {
  files: ['packages/elements/src/**/*.test.ts', 'packages/client/src/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['source', 'browser'], browser: true },
  plugins: [liveShopServer(), esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [...CHROMIUM_ARGS.filter((flag) => flag !== '--headless'), '--autoplay-policy=no-user-gesture-required'],
      },
    }),
  ],
  concurrency: 1,
  browserStartTimeout: 60000,
  testsFinishTimeout: 120000,
  testFramework: { config: { timeout: 10000 } },
};
