// Browser tests for @live-shop/elements in Debian's Chromium (see DEVELOPERS.md for the flags).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';

/**
 * The real reference server for the elements' integration tests (viewer + studio against it):
 * built output, so run `npm run build` first (`npm test` does). Tests read its URL from
 * /__live-shop-server and get a fresh show (with its host token) from /__live-shop-server/new-show:
 * the admin key stays on the Node side, as it would in production. A second server (`refusingUrl`,
 * `new-show?on=refusing`) does not allow the test pages' origin; a third (`pushUrl`, `new-show?on=push`)
 * has Web Push reminders on.
 */
const NEW_SHOW = {
  title: 'Integration show',
  products: [
    {
      title: 'Linen shirt',
      description: 'Relaxed fit.',
      price: { amount: 4900, currency: 'EUR' },
      checkoutUrl: '/pay/shirt',
    },
    { title: 'Straw hat', price: { amount: 2500, currency: 'EUR' }, checkoutUrl: '/pay/hat' },
  ],
};

function liveShopServer() {
  const adminKey = 'wtr-admin-key-0123456789abcdef';
  let server;
  let refusing;
  let dataDir;
  let url;
  let refusingUrl;
  // Web Push reminders on (the pre-live screen's Notify me against a real server).
  let push;
  let pushUrl;
  return {
    name: 'live-shop-server',
    async serverStart({ config }) {
      const { createLiveShopServer, silentLogger } = await import('@live-shop/server').catch((error) => {
        throw new Error(`web-test-runner needs the built server (run npm run build): ${error.message}`);
      });
      dataDir = await mkdtemp(path.join(tmpdir(), 'live-shop-wtr-'));
      const listen = async (options) => {
        const started = await createLiveShopServer({ adminKey, logger: silentLogger, ...options });
        await new Promise((resolve) => started.httpServer.listen(0, '127.0.0.1', resolve));
        return [started, `http://127.0.0.1:${started.httpServer.address().port}`];
      };
      // The test pages come from web-test-runner's own origin: allowed explicitly, as a merchant's storefront would be.
      const testPages = [`http://${config.hostname}:${config.port}`, `http://127.0.0.1:${config.port}`];
      [server, url] = await listen({ dataDir: path.join(dataDir, 'main'), allowedOrigins: testPages });
      // A server whose LIVE_SHOP_ALLOWED_ORIGINS leaves the test pages out: what a merchant who forgot it sees.
      [refusing, refusingUrl] = await listen({ dataDir: path.join(dataDir, 'refusing') });
      // Web Push on: its shows carry `webPushKey` (VAPID keys generated in its data dir).
      [push, pushUrl] = await listen({ dataDir: path.join(dataDir, 'push'), allowedOrigins: testPages, webPush: {} });
    },
    async serverStop() {
      await server?.close();
      await refusing?.close();
      await push?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
    async serve(context) {
      if (context.path === '/__live-shop-server')
        return { body: JSON.stringify({ url, refusingUrl, pushUrl }), type: 'json' };
      if (context.path === '/__live-shop-server/new-show') {
        const on = { refusing: refusingUrl, push: pushUrl }[context.query.on] ?? url;
        const res = await fetch(`${on}/api/shows`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(NEW_SHOW),
        });
        return { body: await res.text(), type: 'json' };
      }
    },
  };
}

/**
 * A stand-in peer for the studio's Publisher tests, speaking the ingest contract (protocol.md):
 * hello (JSON text) → `ready` | `error` + close 1008; binary media → `{type:'ack', bytes}`.
 * Behaviour per connection from the URL's query: `?reject=code` refuses the hello, `?noack` never
 * acks, `?drop=N` closes the socket after N media frames (a server-side drop), `?tag=x` groups the
 * log. Tests read what each connection received from /__ingest-peer/log?tag=x.
 */
function ingestPeer() {
  let http;
  let url;
  const log = [];
  return {
    name: 'ingest-peer',
    async serverStart() {
      const { default: ws } = await import('ws');
      const WebSocketServer = ws.WebSocketServer ?? ws.Server; // ws 7 (hoisted) or 8
      http = createServer();
      const wss = new WebSocketServer({ server: http });
      wss.on('connection', (ws, req) => {
        const q = new URL(req.url, 'http://x').searchParams;
        const entry = {
          tag: q.get('tag') ?? '',
          hello: null,
          frames: 0,
          bytes: 0,
          firstBytes: '',
          textAfterHello: 0,
          closedBy: '',
        };
        log.push(entry);
        ws.on('message', (data, isBinary) => {
          // ws 8 says which frames are binary; ws 7 gives text frames as strings.
          if (!(isBinary ?? typeof data !== 'string')) {
            if (entry.hello) return void entry.textAfterHello++;
            entry.hello = JSON.parse(data.toString());
            const reject = q.get('reject');
            if (reject) {
              ws.send(
                JSON.stringify({ type: 'error', error: { code: reject, message: 'No ffmpeg found (stand-in)' } }),
              );
              return void ws.close(1008, reject);
            }
            return void ws.send(JSON.stringify({ type: 'ready' }));
          }
          if (!entry.hello) return void ws.close(1008, 'hello first');
          // The stream's first bytes (a recorder's first chunk can be a single byte).
          if (entry.firstBytes.length < 8) entry.firstBytes = (entry.firstBytes + data.toString('hex')).slice(0, 8);
          entry.frames++;
          entry.bytes += data.length;
          if (!q.has('noack')) ws.send(JSON.stringify({ type: 'ack', bytes: entry.bytes }));
          if (q.has('drop') && entry.frames >= Number(q.get('drop'))) {
            entry.closedBy = 'server';
            ws.close(1011, 'drop');
          }
        });
        ws.on('close', (code) => (entry.closedBy ||= `client:${code}`));
      });
      await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
      url = `ws://127.0.0.1:${http.address().port}/ingest`;
    },
    async serverStop() {
      http?.closeAllConnections?.();
      await new Promise((resolve) => (http ? http.close(resolve) : resolve()));
    },
    serve(context) {
      if (context.path === '/__ingest-peer') return { body: JSON.stringify({ url }), type: 'json' };
      if (context.path === '/__ingest-peer/log') {
        const tag = context.query.tag ?? '';
        return { body: JSON.stringify(log.filter((e) => e.tag === tag)), type: 'json' };
      }
    },
  };
}

/**
 * A real replay to play: ffmpeg makes a 6 s HLS VOD (1 s segments, program date time on each, like a
 * show's recording) at start, served under /__replay-hls/.
 */
function replayHls() {
  let dir;
  return {
    name: 'replay-hls',
    async serverStart() {
      dir = await mkdtemp(path.join(tmpdir(), 'live-shop-wtr-hls-'));
      const { execFile } = await import('node:child_process');
      await new Promise((resolve, reject) =>
        execFile(
          'ffmpeg',
          [
            '-v',
            'error',
            '-f',
            'lavfi',
            '-i',
            'testsrc=size=320x180:rate=30',
            '-t',
            '6',
            '-c:v',
            'libx264',
            '-preset',
            'ultrafast',
            '-g',
            '30',
            '-pix_fmt',
            'yuv420p',
            '-f',
            'hls',
            '-hls_time',
            '1',
            '-hls_playlist_type',
            'vod',
            '-hls_flags',
            'program_date_time',
            '-hls_segment_type',
            'fmp4',
            path.join(dir, 'index.m3u8'),
          ],
          { timeout: 60_000 },
          (error) => (error ? reject(error) : resolve()),
        ),
      );
    },
    async serverStop() {
      if (dir) await rm(dir, { recursive: true, force: true });
    },
    async serve(context) {
      const name = /^\/__replay-hls\/([\w.]+)$/.exec(context.path)?.[1];
      if (!name) return;
      const { readFile } = await import('node:fs/promises');
      const body = await readFile(path.join(dir, name)).catch(() => null);
      if (!body) return;
      // fMP4 segments: `.ts` ones would go through the TypeScript plugin.
      return { body, type: name.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp4' };
    },
  };
}

export default {
  files: ['packages/elements/src/**/*.test.ts', 'packages/client/src/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['source', 'browser'], browser: true },
  plugins: [
    liveShopServer(),
    ingestPeer(),
    replayHls(),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [
          ...CHROMIUM_ARGS.filter((flag) => flag !== '--headless'),
          '--autoplay-policy=no-user-gesture-required',
          // getUserMedia without a prompt, from Chromium's fake camera and microphone.
          '--use-fake-ui-for-media-stream',
          '--use-fake-device-for-media-stream',
        ],
      },
    }),
  ],
  concurrency: 1,
  browserStartTimeout: 60000,
  testsFinishTimeout: 120000,
  testFramework: { config: { timeout: 10000 } },
};
