import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { INGEST_PATH, SOCKET_PATH, type CreatedShow } from '@live-shop/protocol';
import { io as ioClient } from 'socket.io-client';
import WebSocket from 'ws';
import type { LiveShopServerConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { startHarness, withTimeout, type Harness } from '../testing/harness.js';

const FOREIGN = 'https://evil.example';
const SHOP = 'https://shop.example';

/** One server per policy; each check is a real request through one of the three doors. */
async function serverWith(config: Partial<LiveShopServerConfig>) {
  const h = await startHarness(config);
  const show = await h.createShow();
  return { h, show };
}

/** CORS on a REST route with effects: the allowed origin is reflected, a refused one gets no header. */
async function corsFor(
  h: Harness,
  show: CreatedShow,
  origin: string,
  headers: Record<string, string> = {},
): Promise<string | null> {
  const res = await h.api('POST', `/api/shows/${show.id}/clicks`, {
    admin: false,
    body: { productId: show.products[0]!.id },
    headers: { origin, ...headers },
  });
  assert.equal(res.status, 204, 'the click itself is counted either way: CORS only decides what a browser may read');
  return res.headers.get('access-control-allow-origin');
}

/** A Socket.IO handshake from a page on `origin`: true when it gets the show's snapshot. */
function socketFrom(
  h: Harness,
  show: CreatedShow,
  origin: string,
  headers: Record<string, string> = {},
): Promise<boolean> {
  const socket = ioClient(h.url, {
    path: SOCKET_PATH,
    auth: { show: show.id },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { origin, ...headers },
  });
  return withTimeout(
    new Promise<boolean>((resolve) => {
      socket.once('show:state', () => resolve(true));
      socket.once('connect_error', () => resolve(false));
    }),
    `socket from ${origin}`,
  ).finally(() => socket.disconnect());
}

/** A long-polling client's first request (engine.io's handshake), as a browser on `origin` sends it. */
async function pollingFrom(
  h: Harness,
  origin: string,
): Promise<{ status: number; allowOrigin: string | null; body: string }> {
  const res = await fetch(`${h.url}${SOCKET_PATH}/?EIO=4&transport=polling`, { headers: { origin } });
  return { status: res.status, allowOrigin: res.headers.get('access-control-allow-origin'), body: await res.text() };
}

/** An ingest upgrade from a page on `origin`: 'open', or the HTTP status that refused it. */
function ingestFrom(h: Harness, origin: string): Promise<'open' | number> {
  const ws = new WebSocket(h.url.replace(/^http/, 'ws') + INGEST_PATH, { headers: { origin } });
  ws.on('error', () => {});
  return withTimeout(
    new Promise<'open' | number>((resolve) => {
      ws.once('open', () => resolve('open'));
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    }),
    `ingest from ${origin}`,
  ).finally(() => ws.terminate());
}

describe('allowed origins: REST (CORS), Socket.IO handshake and ingest decide alike', () => {
  const open: Harness[] = [];
  const start = async (config: Partial<LiveShopServerConfig>) => {
    const server = await serverWith(config);
    open.push(server.h);
    return server;
  };
  after(() => Promise.all(open.map((h) => h.close())));

  it("by default only this server's own pages: a foreign origin is refused at every door", async () => {
    const { h, show } = await start({});
    assert.equal(await corsFor(h, show, FOREIGN), null);
    assert.equal(await socketFrom(h, show, FOREIGN), false);
    assert.equal(await ingestFrom(h, FOREIGN), 403);
    const polling = await pollingFrom(h, FOREIGN);
    assert.equal(polling.status, 403);
    assert.equal(polling.allowOrigin, null);
    assert.match(JSON.parse(polling.body).message, /^forbidden: /);
    const preflight = await h.api('OPTIONS', `/api/shows/${show.id}/checkout`, {
      admin: false,
      headers: { origin: FOREIGN, 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);

    // The studio and the demo storefront are pages of this server: Origin = the origin the request reached.
    assert.equal(await corsFor(h, show, h.url), h.url);
    assert.equal(await socketFrom(h, show, h.url), true);
    assert.equal(await ingestFrom(h, h.url), 'open');
    const own = await pollingFrom(h, h.url);
    assert.equal(own.status, 200, 'long-polling works (engine.io answers, not the Express app)');
    assert.equal(own.allowOrigin, h.url);
    assert.match(own.body, /"sid":/);
    // Clients that are not browsers send no Origin: CORS protects browsers only.
    assert.ok((await h.connect({ show: show.id })).snapshot);
  });

  it("a configured origin is allowed everywhere, others are not, and the server's own pages still are", async () => {
    const { h, show } = await start({ allowedOrigins: [SHOP] });
    assert.equal(await corsFor(h, show, SHOP), SHOP);
    assert.equal(await socketFrom(h, show, SHOP), true);
    assert.equal(await ingestFrom(h, SHOP), 'open');
    assert.equal(await corsFor(h, show, FOREIGN), null);
    assert.equal(await socketFrom(h, show, FOREIGN), false);
    assert.equal(await ingestFrom(h, FOREIGN), 403);
    assert.equal(await socketFrom(h, show, h.url), true, 'the studio on this server needs no entry');
  });

  it('* allows any origin, as an explicit choice', async () => {
    const { h, show } = await start({ allowedOrigins: '*' });
    assert.equal(await corsFor(h, show, FOREIGN), FOREIGN);
    assert.equal(await socketFrom(h, show, FOREIGN), true);
    assert.equal(await ingestFrom(h, FOREIGN), 'open');
    assert.equal((await pollingFrom(h, FOREIGN)).allowOrigin, FOREIGN);
  });

  it('demo mode adds the example storefronts (examples/*/serve.mjs: localhost:8080 and :8081), nothing else', async () => {
    const { h, show } = await start({ demo: true });
    for (const origin of ['http://localhost:8080', 'http://localhost:8081']) {
      assert.equal(await corsFor(h, show, origin), origin);
      assert.equal(await socketFrom(h, show, origin), true, origin);
    }
    assert.equal(await socketFrom(h, show, 'http://localhost:9999'), false);
  });

  it("LIVE_SHOP_PUBLIC_URL is this server's origin too (behind a proxy that rewrites Host)", async () => {
    const { h, show } = await start({ publicUrl: 'https://live.example.com' });
    assert.equal(await socketFrom(h, show, 'https://live.example.com'), true);
    assert.equal(await corsFor(h, show, 'https://live.example.com'), 'https://live.example.com');
  });

  it('the same-origin check reads X-Forwarded-Proto/Host only from a trusted proxy, on REST and socket alike', async () => {
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'live.example.com' };
    const trusted = await start({ trustProxy: 'loopback' });
    assert.equal(await socketFrom(trusted.h, trusted.show, 'https://live.example.com', forwarded), true);
    assert.equal(
      await corsFor(trusted.h, trusted.show, 'https://live.example.com', forwarded),
      'https://live.example.com',
    );
    const direct = await start({});
    assert.equal(
      await socketFrom(direct.h, direct.show, 'https://live.example.com', forwarded),
      false,
      'anyone can send those headers',
    );
    assert.equal(await corsFor(direct.h, direct.show, 'https://live.example.com', forwarded), null);
  });

  it('return URLs: the allowed origins, never one taken from a forgeable Host (not even in demo mode)', async () => {
    const checkout = (h: Harness, show: CreatedShow, returnUrl: string) =>
      h.api('POST', `/api/shows/${show.id}/checkout`, {
        admin: false,
        body: { productId: show.products[1]!.id, returnUrl },
      });
    // fetch() never sends a Host of its own choosing: node:http does, as any script outside a browser can.
    const forged = (h: Harness, show: CreatedShow, host: string) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ productId: show.products[1]!.id, returnUrl: `http://${host}/x` });
        const req = httpRequest(
          `${h.url}/api/shows/${show.id}/checkout`,
          { method: 'POST', headers: { host, 'content-type': 'application/json' } },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const plain = await start({});
    assert.equal(await forged(plain.h, plain.show, 'evil.example'), 400, 'a forged Host');
    assert.equal(
      (await checkout(plain.h, plain.show, `${plain.h.url}/watch`)).status,
      400,
      'no storefront lives on a non-demo server',
    );
    const listed = await start({ allowedOrigins: [SHOP], publicUrl: 'https://live.example.com' });
    assert.equal((await checkout(listed.h, listed.show, `${SHOP}/live`)).status, 200);
    assert.equal(
      (await checkout(listed.h, listed.show, 'https://live.example.com/page')).status,
      200,
      'the public URL is ours',
    );
    assert.equal((await checkout(listed.h, listed.show, 'https://evil.example/x')).status, 400);
    const demo = await start({ demo: true });
    assert.equal((await checkout(demo.h, demo.show, `${demo.h.url}/`)).status, 200, 'the demo storefront at /');
    const port = new URL(demo.h.url).port;
    // The demo's own origin is the address the connection reached, never a Host anyone can send.
    for (const host of ['evil.example', `evil.example:${port}`, 'localhost:1']) {
      assert.equal(await forged(demo.h, demo.show, host), 400, `a forged Host: ${host}`);
    }
    assert.equal((await checkout(demo.h, demo.show, `http://localhost:${port}/`)).status, 200, 'as the CLI prints it');
    assert.equal((await checkout(demo.h, demo.show, 'http://localhost:8080/')).status, 200, 'the example storefront');
    const any = await start({ allowedOrigins: '*' });
    assert.equal((await checkout(any.h, any.show, 'https://anywhere.example/x')).status, 200);
  });
});

describe('a refused origin is said, not silent', () => {
  let h: Harness;
  let show: CreatedShow;
  const logs: string[] = [];
  before(async () => {
    const logger: Logger = { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) };
    ({ h, show } = await serverWith({ allowedOrigins: [SHOP], logger }));
  });
  after(() => h.close());

  it('logs each refused origin once, with the setting that admits it; allowed origins and origin-less clients are not logged', async () => {
    for (let i = 0; i < 3; i++) assert.equal(await socketFrom(h, show, FOREIGN), false);
    assert.equal(await ingestFrom(h, FOREIGN), 403);
    assert.equal(await corsFor(h, show, FOREIGN), null);
    assert.equal(await socketFrom(h, show, 'https://other.example'), false);
    assert.equal(await socketFrom(h, show, SHOP), true);
    await h.connect({ show: show.id });
    const refused = logs.filter((line) => /refused/.test(line));
    assert.deepEqual(refused, [
      `live-shop: refused a page on ${FOREIGN} (not in LIVE_SHOP_ALLOWED_ORIGINS; said once per origin)`,
      'live-shop: refused a page on https://other.example (not in LIVE_SHOP_ALLOWED_ORIGINS; said once per origin)',
    ]);
  });

  it('GET /health tells any page, readably (CORS and CORP open), whether its own origin may connect, and nothing else', async () => {
    for (const [origin, allowed] of [
      [FOREIGN, false],
      [SHOP, true],
      [h.url, true],
    ] as const) {
      const res = await h.api('GET', '/health', { admin: false, headers: { origin } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), '*', 'a refused page can read the answer');
      assert.equal(
        res.headers.get('cross-origin-resource-policy'),
        'cross-origin',
        'and its browser does not block the response',
      );
      assert.equal(res.json.ok, true);
      assert.equal(res.json.originAllowed, allowed, origin);
      assert.ok(!res.text.includes(SHOP), 'the allowed list itself is never in it');
    }
    assert.equal(
      (await h.api('GET', '/health', { admin: false })).json.originAllowed,
      undefined,
      'no Origin (curl, monitors): no verdict',
    );
  });
});
