import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PinsPayload, Product } from '@live-shop/protocol';
import { barrier, checkout, stats } from '../testing/commerce.js';
import { record, request, startHarness, withTimeout, type Harness } from '../testing/harness.js';

const productsRoute = (showId: string, productId: string) => `/api/shows/${showId}/products/${productId}`;

describe('catalog editing: PATCH and DELETE for shows and products', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('PATCH a product: a viewer already watching gets the edited catalog, and a later join does too (no stale snapshot)', async () => {
    const show = await h.createShow();
    const mug = show.products[1]!;
    const { socket: viewer } = await h.connect({ show: show.id });
    const products = record<{ products: Product[] }>(viewer, 'show:products');
    const res = await h.api('PATCH', productsRoute(show.id, mug.id), {
      body: { title: 'Big mug', price: { amount: 2600, currency: 'eur' }, stock: 7, imageUrl: '/img/mug.png' },
    });
    assert.equal(res.status, 200, res.text);
    const edited = {
      ...mug,
      title: 'Big mug',
      price: { amount: 2600, currency: 'EUR' },
      stock: 7,
      imageUrl: '/img/mug.png',
    };
    assert.deepEqual(res.json, edited);
    const [seen] = await products.until((s) => s.length > 0);
    assert.deepEqual(
      seen!.products.map((p) => p.title),
      ['Kettle', 'Big mug', 'Beans'],
      'catalog order kept',
    );
    assert.deepEqual(seen!.products[1], edited);
    // Joins were served from the snapshot cache before the edit: the next one must see it.
    const { snapshot } = await h.connect({ show: show.id });
    assert.deepEqual(snapshot.show.products[1], edited);

    // null clears what creation may leave out: unlimited stock, no image.
    const cleared = await h.api('PATCH', productsRoute(show.id, mug.id), { body: { stock: null, imageUrl: null } });
    assert.equal(cleared.status, 200, cleared.text);
    assert.deepEqual([cleared.json.stock, cleared.json.imageUrl, cleared.json.title], [null, null, 'Big mug']);
  });

  it('validates an edit exactly as creation does, with typed errors, and stores nothing on failure', async () => {
    const show = await h.createShow();
    const mug = show.products[1]!;
    const bad: Array<Record<string, unknown>> = [
      { price: { amount: -1, currency: 'USD' } },
      { price: { amount: 100, currency: 'XYZ' } },
      { title: '   ' },
      { stock: 1.5 },
      { imageUrl: 'javascript:alert(1)' },
    ];
    for (const patch of bad) {
      const edit = await h.api('PATCH', productsRoute(show.id, mug.id), { body: patch });
      const create = await h.api('POST', `/api/shows/${show.id}/products`, {
        body: { title: 'x', price: { amount: 100, currency: 'USD' }, ...patch },
      });
      assert.equal(edit.status, 400, `${JSON.stringify(patch)}: ${edit.text}`);
      assert.equal(edit.json.error.code, 'bad_request');
      assert.equal(
        edit.json.error.message,
        create.json.error.message,
        `same message as creation for ${JSON.stringify(patch)}`,
      );
    }
    for (const [body, pattern] of [
      [{}, /nothing to change/],
      [{ id: 'other' }, /id/],
      [{ showId: 'other' }, /showId/],
    ] as const) {
      const res = await h.api('PATCH', productsRoute(show.id, mug.id), { body });
      assert.deepEqual([res.status, res.json.error.code], [400, 'bad_request'], res.text);
      assert.match(res.json.error.message, pattern);
    }
    const after = (await h.api('GET', `/api/shows/${show.id}`, { admin: false })).json.products[1];
    assert.deepEqual(after, mug, 'nothing was stored');
  });

  it('404 for an unknown show or product, or a product of another show; 401 without the admin key', async () => {
    const show = await h.createShow();
    const other = await h.createShow();
    const body = { title: 'New' };
    for (const route of [
      productsRoute(show.id, 'nope'),
      productsRoute('nope', show.products[0]!.id),
      productsRoute(other.id, show.products[0]!.id),
    ]) {
      for (const method of ['PATCH', 'DELETE']) {
        const res = await h.api(method, route, { body });
        assert.deepEqual([res.status, res.json.error.code], [404, 'not_found'], `${method} ${route}: ${res.text}`);
      }
    }
    for (const [method, route] of [
      ['PATCH', `/api/shows/${show.id}`],
      ['DELETE', `/api/shows/${show.id}`],
      ['PATCH', productsRoute(show.id, show.products[0]!.id)],
      ['DELETE', productsRoute(show.id, show.products[0]!.id)],
    ] as const) {
      for (const admin of [false, show.hostToken, 'wrong-key'] as const) {
        // The show's host may PATCH its show (schedule.test.ts).
        if (admin === show.hostToken && method === 'PATCH' && route === `/api/shows/${show.id}`) continue;
        const res = await h.api(method, route, { body, admin });
        assert.deepEqual([res.status, res.json.error.code], [401, 'unauthorized'], `${method} ${route} with ${admin}`);
      }
    }
    const unknown = await h.api('PATCH', '/api/shows/nope', { body });
    assert.deepEqual([unknown.status, unknown.json.error.code], [404, 'not_found']);
    assert.equal(
      (await h.api('GET', `/api/shows/${show.id}`, { admin: false })).json.products.length,
      3,
      'nothing deleted',
    );
  });

  it('PATCH a show: title and settings, broadcast to viewers; the status is not editable', async () => {
    const show = await h.createShow();
    const { socket: viewer } = await h.connect({ show: show.id });
    const info = record<{ title: string }>(viewer, 'show:info');
    const settings = record(viewer, 'show:settings');
    const res = await h.api('PATCH', `/api/shows/${show.id}`, {
      body: { title: '  Friday drop ', settings: { socialProof: true } },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.title, 'Friday drop');
    assert.equal(res.json.settings.socialProof, true);
    assert.equal(res.json.hostToken, undefined, 'the public show, no token');
    assert.deepEqual((await info.until((s) => s.length > 0))[0], {
      title: 'Friday drop',
      startsAt: null,
      description: '',
      trailer: null,
    });
    await settings.until((s) => s.length > 0);
    assert.equal((await h.connect({ show: show.id })).snapshot.show.title, 'Friday drop');

    for (const [body, pattern] of [
      [{ status: 'live' }, /status/],
      [{ title: '' }, /^title: /],
      [{}, /nothing to change/],
      [{ settings: { socialProof: 'yes' } }, /^settings\.socialProof: /],
    ] as const) {
      const bad = await h.api('PATCH', `/api/shows/${show.id}`, { body });
      assert.deepEqual([bad.status, bad.json.error.code], [400, 'bad_request'], bad.text);
      assert.match(bad.json.error.message, pattern);
    }
    assert.equal((await h.api('GET', `/api/shows/${show.id}`, { admin: false })).json.status, 'scheduled');
  });

  it('DELETE a product: unpinned for viewers, gone from the catalog and from checkout; its order and sales stay', async () => {
    const show = await h.createShow();
    const mug = show.products[1]!;
    const { socket: host } = await h.connect({ show: show.id, token: show.hostToken });
    assert.equal((await request(host, 'product:pin', { productId: mug.id })).ok, true);
    const order = await checkout(h, show.id, { productId: mug.id });
    assert.equal(order.status, 200, order.text);
    const { socket: viewer } = await h.connect({ show: show.id });
    const pins = record<PinsPayload>(viewer, 'product:pins');
    const products = record<{ products: Product[] }>(viewer, 'show:products');

    const res = await h.api('DELETE', productsRoute(show.id, mug.id));
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json.productIds, []);
    assert.deepEqual((await pins.until((s) => s.length > 0))[0]!.productIds, []);
    const [catalog] = await products.until((s) => s.length > 0);
    assert.deepEqual(
      catalog!.products.map((p) => p.title),
      ['Kettle', 'Beans'],
    );

    const publicShow = (await h.api('GET', `/api/shows/${show.id}`, { admin: false })).json;
    assert.deepEqual(publicShow.products.map((p: Product) => p.id).includes(mug.id), false);
    assert.deepEqual((await h.connect({ show: show.id })).snapshot.show.products.length, 2);
    const again = await checkout(h, show.id, { productId: mug.id });
    assert.deepEqual([again.status, again.json.error.code], [404, 'not_found']);
    assert.equal((await h.api('DELETE', productsRoute(show.id, mug.id))).status, 404, 'deleting twice');
    assert.equal((await request(host, 'product:pin', { productId: mug.id })).error.code, 'not_found');

    const summary = await stats(h, show.id);
    assert.ok(
      summary.recent.some((o) => o.id === order.session.orderId && o.productId === mug.id),
      'the order keeps its record',
    );
    assert.equal(summary.products.find((p) => p.productId === mug.id)?.checkouts, 1, 'its sales figures stay');
  });

  it('DELETE a show: refused on air and with orders (invalid_state); otherwise everyone connected is told and disconnected', async () => {
    const show = await h.createShow();
    const { socket: host } = await h.connect({ show: show.id, token: show.hostToken });
    const { socket: viewer } = await h.connect({ show: show.id });
    assert.equal((await request(host, 'show:start', {})).ok, true);
    const live = await h.api('DELETE', `/api/shows/${show.id}`);
    assert.deepEqual([live.status, live.json.error.code], [409, 'invalid_state'], live.text);
    assert.match(live.json.error.message, /end it before deleting/);
    assert.equal((await request(host, 'show:end', {})).ok, true);

    const sold = await h.createShow();
    assert.equal((await checkout(h, sold.id, { productId: sold.products[1]!.id })).status, 200);
    const withOrders = await h.api('DELETE', `/api/shows/${sold.id}`);
    assert.deepEqual([withOrders.status, withOrders.json.error.code], [409, 'invalid_state'], withOrders.text);
    assert.equal((await h.api('GET', `/api/shows/${sold.id}`, { admin: false })).status, 200, 'kept');

    const deleted = record<{ id: string }>(viewer, 'show:deleted');
    const gone = new Promise((resolve) => viewer.once('disconnect', resolve));
    const res = await h.api('DELETE', `/api/shows/${show.id}`);
    assert.equal(res.status, 204, res.text);
    assert.equal((await deleted.until((s) => s.length > 0))[0]!.id, show.id);
    assert.equal(await withTimeout(gone, 'viewer disconnected'), 'io server disconnect');
    assert.equal((await h.api('GET', `/api/shows/${show.id}`, { admin: false })).status, 404);
    assert.equal((await h.connectError({ show: show.id })).data?.code, 'not_found', 'no join from the snapshot cache');
    assert.equal((await h.connectError({ show: show.id, token: show.hostToken })).data?.code, 'not_found');
    assert.equal((await h.api('DELETE', `/api/shows/${show.id}`)).status, 404);
  });
});

describe('catalog editing from the studio: product:update and product:delete (host token)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('the host edits and deletes; viewers see both; bad input is a typed ack', async () => {
    const show = await h.createShow();
    const [kettle, mug] = show.products;
    const { socket: host } = await h.connect({ show: show.id, token: show.hostToken });
    const { socket: viewer } = await h.connect({ show: show.id });
    const products = record<{ products: Product[] }>(viewer, 'show:products');
    const pins = record<PinsPayload>(viewer, 'product:pins');

    const edited = await request(host, 'product:update', {
      productId: mug!.id,
      title: 'Mug XL',
      price: { amount: 2400, currency: 'USD' },
    });
    assert.equal(edited.ok, true, JSON.stringify(edited));
    assert.deepEqual([edited.product.title, edited.product.price.amount], ['Mug XL', 2400]);
    const [seen] = await products.until((s) => s.length > 0);
    assert.equal(seen!.products[1]!.title, 'Mug XL');

    for (const [payload, pattern] of [
      [{ productId: mug!.id, price: { amount: -5, currency: 'USD' } }, /^price\.amount: /],
      [{ productId: mug!.id }, /nothing to change/],
      [{ productId: mug!.id, status: 'live' }, /status/],
      [{ title: 'No id' }, /^productId: /],
    ] as const) {
      const ack = await request(host, 'product:update', payload);
      assert.deepEqual([ack.ok, ack.error?.code], [false, 'bad_request'], JSON.stringify(payload));
      assert.match(ack.error.message, pattern);
    }
    assert.equal((await request(host, 'product:update', { productId: 'nope', title: 'x' })).error.code, 'not_found');

    assert.equal((await request(host, 'product:pin', { productId: kettle!.id })).ok, true);
    const removed = await request(host, 'product:delete', { productId: kettle!.id });
    assert.equal(removed.ok, true, JSON.stringify(removed));
    assert.deepEqual(removed.pins.productIds, []);
    await pins.until((s) => s.at(-1)?.productIds.length === 0 && s.length >= 2, 'the unpin');
    await products.until((s) => s.at(-1)!.products.length === 2, 'the catalog without it');
  });

  it('viewers and moderators are answered forbidden, and nothing changes', async () => {
    const show = await h.createShow();
    const mug = show.products[1]!;
    const moderatorToken = (await h.api('POST', `/api/shows/${show.id}/tokens`, { body: { role: 'moderator' } })).json
      .token;
    const { socket: viewer } = await h.connect({ show: show.id });
    const { socket: moderator } = await h.connect({ show: show.id, token: moderatorToken });
    const products = record(viewer, 'show:products');
    for (const socket of [viewer, moderator]) {
      assert.equal(
        (await request(socket, 'product:update', { productId: mug.id, title: 'Hacked' })).error.code,
        'forbidden',
      );
      assert.equal((await request(socket, 'product:delete', { productId: mug.id })).error.code, 'forbidden');
    }
    await barrier(viewer);
    assert.equal(products.seen.length, 0);
    assert.deepEqual((await h.api('GET', `/api/shows/${show.id}`, { admin: false })).json.products[1], mug);
  });
});
