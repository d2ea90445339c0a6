import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CreatedShow, Product } from '@live-shop/protocol';
import { ADMIN_KEY, record, startHarness, type Harness } from '../testing/harness.js';

describe('http', () => {
  let h: Harness;
  let show: CreatedShow;
  before(async () => {
    h = await startHarness({ allowedOrigins: ['https://shop.example'] });
    show = await h.createShow();
  });
  after(() => h.close());

  it('GET /health', async () => {
    const res = await h.api('GET', '/health', { admin: false });
    assert.equal(res.status, 200);
    assert.equal(res.json.ok, true);
    assert.equal(res.json.protocolVersion, 1);
    assert.equal(typeof res.json.version, 'string');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('x-powered-by'), null);
  });

  it('rejects admin routes without or with a wrong key, accepts the right one', async () => {
    const body = { title: 'Nope' };
    for (const admin of [false, 'wrong-key-wrong-key'] as const) {
      for (const [method, route] of [
        ['POST', '/api/shows'],
        // Without any Authorization, GET /api/shows is the public list (schedule.test.ts).
        ...(admin ? [['GET', '/api/shows']] : []),
        ['POST', `/api/shows/${show.id}/products`],
      ]) {
        const res = await h.api(method!, route!, { admin, body: method === 'POST' ? body : undefined });
        assert.equal(res.status, 401, `${method} ${route} admin=${admin}`);
        assert.equal(res.json.error.code, 'unauthorized');
      }
    }
    const malformed = await h.api('POST', '/api/shows', { admin: false, body: '{bad' });
    assert.equal(malformed.status, 401, 'auth is checked before the body is parsed');
    const list = await h.api('GET', '/api/shows');
    assert.equal(list.status, 200);
    assert.ok(list.json.shows.some((s: CreatedShow) => s.id === show.id && s.hostToken === show.hostToken));
  });

  it('creates a show with a host token and a studio URL carrying it in the fragment', () => {
    assert.equal(show.status, 'scheduled');
    assert.match(show.hostToken, /^lsh2\./);
    assert.equal(show.studioUrl, `${h.url}/studio?show=${show.id}#token=${encodeURIComponent(show.hostToken)}`);
    assert.equal(show.products.length, 3);
  });

  it('GET /api/shows/:id is public, CORS-open and never contains a token or the admin key', async () => {
    const res = await h.api('GET', `/api/shows/${show.id}`, {
      admin: false,
      headers: { origin: 'https://elsewhere.example' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.json.id, show.id);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.ok(!res.text.includes(show.hostToken));
    assert.ok(!res.text.includes(ADMIN_KEY));
    assert.doesNotMatch(res.text, /hostToken|lsh2\.|studioUrl/);
  });

  it('answers unknown shows and routes with 404 JSON', async () => {
    for (const route of ['/api/shows/nope', '/no/such/route']) {
      const res = await h.api('GET', route, { admin: false });
      assert.equal(res.status, 404, route);
      assert.equal(res.json.error.code, 'not_found');
    }
    const add = await h.api('POST', '/api/shows/nope/products', {
      body: { title: 'x', price: { amount: 1, currency: 'USD' } },
    });
    assert.equal(add.status, 404);
  });

  it('validates bodies: malformed JSON, wrong content type, bad fields, too large', async () => {
    const bad = await h.api('POST', '/api/shows', { body: '{"title":' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'bad_request');
    const text = await h.api('POST', '/api/shows', { body: 'title=x', headers: { 'content-type': 'text/plain' } });
    assert.equal(text.status, 400);
    assert.match(text.json.error.message, /Content-Type/);
    const fields = await h.api('POST', '/api/shows', {
      body: { title: 'x', products: [{ title: 'p', price: { amount: 1.5, currency: 'USD' } }] },
    });
    assert.equal(fields.status, 400);
    assert.match(fields.json.error.message, /products\.0\.price\.amount/);
    const currency = await h.api('POST', `/api/shows/${show.id}/products`, {
      body: { title: 'p', price: { amount: 1, currency: 'XYZ' } },
    });
    assert.equal(currency.status, 400);
    // A NUL character in a body, a path or a query string: refused up front on both stores (PostgreSQL
    // cannot store one, so it would otherwise fail in the query as a 500), and nothing was added.
    const nul = await h.api('POST', `/api/shows/${show.id}/products`, {
      body: { title: 'p', description: 'odd\u0000', price: { amount: 1, currency: 'USD' } },
    });
    assert.equal(nul.status, 400);
    assert.deepEqual(nul.json.error, { code: 'bad_request', message: 'description: must not contain a NUL character' });
    for (const route of [`/api/shows/${show.id}%00`, `/api/bans/v%00`, `/api/shows/${show.id}/timeline?after=%00`]) {
      const res = await h.api(route.startsWith('/api/bans') ? 'DELETE' : 'GET', route);
      assert.equal(res.status, 400, route);
      assert.equal(res.json.error.code, 'bad_request', route);
    }
    const { json: after } = await h.api('GET', `/api/shows/${show.id}`, { admin: false });
    assert.ok(!after.products.some((p: { description?: string }) => p.description?.includes('\u0000')));
    const huge = await h.api('POST', '/api/shows', { body: { title: 'x', pad: 'y'.repeat(200_000) } });
    assert.equal(huge.status, 413);
    assert.equal(huge.json.error.code, 'payload_too_large');
  });

  it('adds a product and broadcasts the new catalog', async () => {
    const { socket } = await h.connect({ show: show.id });
    const catalogs = record<{ products: Product[] }>(socket, 'show:products');
    const res = await h.api('POST', `/api/shows/${show.id}/products`, {
      body: { title: '  Grinder ', description: 'Burr', price: { amount: 12900, currency: 'eur' }, stock: 5 },
    });
    assert.equal(res.status, 201);
    assert.equal(res.json.title, 'Grinder');
    assert.deepEqual(res.json.price, { amount: 12900, currency: 'EUR' });
    assert.equal(res.json.stock, 5);
    assert.equal(res.json.showId, show.id);
    await catalogs.until((s) => s.some((c) => c.products.at(-1)?.id === res.json.id));
    assert.deepEqual(
      catalogs.seen.at(-1)!.products.map((p) => p.title),
      ['Kettle', 'Mug', 'Beans', 'Grinder'],
    );
  });

  it('checkout returns a fixed catalog link as is, opens a local checkout otherwise, 404s unknown products, 409s without stock', async () => {
    const [kettle, mug, beans] = show.products;
    const post = (body: unknown, origin?: string) =>
      h.api('POST', `/api/shows/${show.id}/checkout`, { admin: false, body, headers: origin ? { origin } : {} });
    const ok = await post({ productId: kettle!.id, quantity: 2 }, 'https://shop.example');
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json, {
      orderId: null,
      provider: 'link',
      url: 'https://buy.example/kettle',
      embedded: null,
      expiresAt: null,
    });
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://shop.example');
    const foreign = await post({ productId: kettle!.id, quantity: 1 }, 'https://evil.example');
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    assert.equal((await post({ productId: 'nope', quantity: 1 })).status, 404);
    const noLink = await post({ productId: mug!.id, quantity: 1 });
    assert.equal(noLink.status, 200);
    assert.equal(noLink.json.provider, 'local');
    assert.match(noLink.json.url, /^\/checkout\/cs_local_/);
    const soldOut = await post({ productId: beans!.id, quantity: 1 });
    assert.equal(soldOut.status, 409);
    assert.deepEqual(soldOut.json.error, { code: 'sold_out', message: 'Sold out' });
    for (const quantity of [0, 100, 1.5, '2']) {
      assert.equal((await post({ productId: kettle!.id, quantity })).status, 400, `quantity ${quantity}`);
    }
    const other = await h.createShow({ title: 'Other' });
    const crossShow = await h.api('POST', `/api/shows/${show.id}/checkout`, {
      admin: false,
      body: { productId: other.products[0]!.id, quantity: 1 },
    });
    assert.equal(crossShow.status, 404, 'a product of another show is not in this catalog');
  });

  it('answers CORS preflight for checkout from allowed origins only', async () => {
    const preflight = (origin: string) =>
      h.api('OPTIONS', `/api/shows/${show.id}/checkout`, {
        admin: false,
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const allowed = await preflight('https://shop.example');
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /Content-Type/i);
    assert.equal((await preflight('https://evil.example')).headers.get('access-control-allow-origin'), null);
  });

  it('refuses socket connections from origins that are not allowed', async () => {
    const { io } = await import('socket.io-client');
    const socket = io(h.url, {
      path: '/socket.io',
      auth: { show: show.id },
      transports: ['polling'],
      reconnection: false,
      extraHeaders: { origin: 'https://evil.example' },
    });
    try {
      const err = await new Promise<Error>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out')), 4000);
        socket.once('connect_error', (e) => (clearTimeout(timer), resolve(e)));
        socket.once('connect', () => (clearTimeout(timer), reject(new Error('connected from a foreign origin'))));
      });
      assert.ok(err instanceof Error);
    } finally {
      socket.disconnect();
    }
    const { snapshot } = await h.connect({ show: show.id });
    assert.equal(snapshot.show.id, show.id, 'clients without an Origin header are fine');
  });

  it('serves /studio as a thin page with one module script', async () => {
    const res = await h.api('GET', '/studio?show=x', { admin: false });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.equal(res.text.match(/<script type="module" src="\/sdk\/live-shop\.js"><\/script>/g)?.length, 1);
    assert.match(res.text, /live-shop-studio/);
    assert.match(res.text, /location\.hash/);
  });

  it('outside demo mode, / describes the server and the demo assets are served', async () => {
    const root = await h.api('GET', '/', { admin: false });
    assert.equal(root.status, 200);
    assert.equal(root.json.name, '@live-shop/server');
    assert.equal(
      (await h.api('GET', '/demo/checkout?product=x', { admin: false })).status,
      404,
      'the static demo checkout gave way to the local test checkout',
    );
    const svg = await h.api('GET', '/demo/mug.svg', { admin: false });
    assert.equal(svg.status, 200);
    assert.match(svg.headers.get('content-type') ?? '', /image\/svg\+xml/);
  });
});
