import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { clientFactory } from './testing/clients.js';
import { until } from './testing/until.js';

// Video and commerce state from a bare Socket.IO peer: the wire events, not the reference server's providers.
const client = clientFactory();

describe('LiveShopClient video', () => {
  // A bare peer: the reference server's video provider is not what is under test here.
  let io: Server;
  let url = '';
  const sockets: import('socket.io').Socket[] = [];
  before(async () => {
    const http = createServer();
    io = new Server(http);
    io.on('connection', (socket) => {
      sockets.push(socket);
      const host = socket.handshake.auth.token === 'host-token';
      socket.emit('show:state', {
        protocolVersion: 1,
        show: {
          id: 's',
          title: 'Video',
          status: 'live',
          statusAt: 1,
          createdAt: 0,
          products: [],
          pins: { productIds: [], at: 0 },
          playback: { kind: 'hls', url: '/hls/s/index.m3u8' },
        },
        chat: [],
        viewers: 0,
        role: host ? 'host' : 'viewer',
        now: Date.now(),
      });
      socket.on('video:ingest', (_payload: unknown, ack: (a: unknown) => void) =>
        ack(
          host
            ? { ok: true, ingest: { rtmpsUrl: 'rtmps://ingest.example:443/app', streamKey: 'sk-1' } }
            : { ok: false, error: { code: 'forbidden', message: 'Host only' } },
        ),
      );
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => io.close(() => r())));

  it('takes playback from the snapshot and follows show:playback', async () => {
    const c = client({ server: url, show: 's' });
    c.connect();
    const s = await until(c, (st) => st.ready);
    assert.deepEqual(s.playback, { kind: 'hls', url: '/hls/s/index.m3u8' });
    sockets.at(-1)!.emit('show:playback', { playback: { kind: 'mux', playbackId: 'pb1' } });
    await until(c, (st) => st.playback?.kind === 'mux', 'mux playback');
    sockets.at(-1)!.emit('show:playback', { playback: null });
    await until(c, (st) => st.playback === null, 'no playback');
  });

  it('lists the guests on stage: [] from a server that predates them, then each show:stage', async () => {
    const c = client({ server: url, show: 's' });
    c.connect();
    const s = await until(c, (st) => st.ready);
    assert.deepEqual(s.guestsOnStage, []);
    sockets.at(-1)!.emit('show:stage', { guestsOnStage: ['Ana', 'Ben'] });
    await until(c, (st) => st.guestsOnStage.join() === 'Ana,Ben', 'two guests on stage');
    sockets.at(-1)!.emit('show:stage', { guestsOnStage: [] });
    await until(c, (st) => st.guestsOnStage.length === 0, 'the host alone again');
    c.close();
  });

  it('asks for the OBS ingest as host; viewers are refused; ingestTarget never puts the token in the URL', async () => {
    const host = client({ server: url, show: 's', token: 'host-token' });
    host.connect();
    await until(host, (st) => st.ready);
    assert.deepEqual(await host.ingestInfo(), { rtmpsUrl: 'rtmps://ingest.example:443/app', streamKey: 'sk-1' });
    const target = host.ingestTarget();
    assert.equal(target.url, url.replace('http:', 'ws:') + '/ingest');
    assert.equal(target.token, 'host-token');
    assert.ok(!target.url.includes('host-token'));
    const viewer = client({ server: url, show: 's' });
    viewer.connect();
    await until(viewer, (st) => st.ready);
    await assert.rejects(viewer.ingestInfo(), { code: 'forbidden' });
    assert.throws(() => viewer.ingestTarget(), { code: 'forbidden' });
  });
});

describe('LiveShopClient commerce state', () => {
  // A bare peer: these checks need only the wire events, not the server's checkout.
  let io: Server;
  let url = '';
  const sockets: import('socket.io').Socket[] = [];
  const updates: unknown[] = [];
  const p1 = {
    id: 'p1',
    showId: 's',
    title: 'Shirt',
    description: '',
    imageUrl: null,
    price: { amount: 100, currency: 'EUR' },
    checkoutUrl: null,
    stripePriceId: null,
    stock: 5,
  };
  const p2 = { ...p1, id: 'p2', title: 'Hat', stock: null };
  before(async () => {
    const http = createServer();
    io = new Server(http);
    io.on('connection', (socket) => {
      sockets.push(socket);
      const host = socket.handshake.auth.token === 'host-token';
      const now = Date.now();
      socket.emit('show:state', {
        protocolVersion: 1,
        show: {
          id: 's',
          title: 'Shop',
          status: 'live',
          statusAt: 1,
          createdAt: 0,
          products: [p1, p2],
          pins: { productIds: [], at: 0 },
          playback: null,
          settings: { socialProof: true },
          // One sale inside the last minute, one outside it (a stale snapshot must not count it).
          recentSales: [
            { productId: 'p1', quantity: 9, at: now - 120_000 },
            { productId: 'p1', quantity: 2, at: now - 1000 },
          ],
        },
        chat: [],
        viewers: 0,
        role: host ? 'host' : 'viewer',
        now,
        ...(host ? { sales: salesSummary(1) } : {}),
      });
      socket.on('show:update', (payload: { socialProof?: boolean }, ack: (a: unknown) => void) => {
        updates.push(payload);
        ack(
          host
            ? { ok: true, settings: { socialProof: payload.socialProof ?? true } }
            : { ok: false, error: { code: 'forbidden', message: 'Host only' } },
        );
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => io.close(() => r())));

  function salesSummary(orders: number) {
    return {
      totals: {
        impressions: 10,
        buyClicks: 4,
        checkouts: 2,
        orders,
        units: orders,
        revenue: [{ amount: 100 * orders, currency: 'EUR' }],
        conversion: orders / 4,
      },
      products: [],
      recent: [],
      at: Date.now(),
    };
  }

  it('starts with defaults before any snapshot', () => {
    const s = client({ server: url, show: 's' }).state;
    assert.deepEqual(s.settings, { socialProof: false, slowModeSeconds: 0, reactions: [] });
    assert.deepEqual(s.recentSales, []);
    assert.equal(s.you, null);
    assert.equal(s.moderation, null);
    assert.equal(s.sales, null);
  });

  it('takes settings, recent sales (last minute only) and the host sales summary from the snapshot', async () => {
    const host = client({ server: url, show: 's', token: 'host-token' });
    host.connect();
    const s = await until(host, (st) => st.ready);
    assert.deepEqual(
      s.settings,
      { socialProof: true, slowModeSeconds: 0, reactions: [] },
      'a setting the server leaves out keeps its default',
    );
    assert.deepEqual(
      s.recentSales.map((x) => x.quantity),
      [2],
    );
    assert.equal(s.sales?.totals.orders, 1);
    const viewer = client({ server: url, show: 's' });
    viewer.connect();
    assert.equal((await until(viewer, (st) => st.ready)).sales, null);
  });

  it('patches one product stock in a new array, appends sold events with a typed event, and follows show:sales', async () => {
    const c = client({ server: url, show: 's' });
    c.connect();
    const before = await until(c, (st) => st.ready);
    const socket = sockets.at(-1)!;
    socket.emit('product:stock', { productId: 'p1', stock: 3, at: Date.now() });
    const stocked = await until(c, (st) => st.products[0]!.stock === 3, 'stock patched');
    assert.notEqual(stocked.products, before.products);
    assert.equal(stocked.products[1], before.products[1], 'other products keep their identity');
    assert.ok(Object.isFrozen(stocked));

    const sold: unknown[] = [];
    c.on('sold', (payload) => sold.push(payload));
    const sale = { productId: 'p2', quantity: 1, at: Date.now() };
    socket.emit('product:sold', sale);
    const withSale = await until(c, (st) => st.recentSales.length === 2, 'sale appended');
    assert.deepEqual(withSale.recentSales.at(-1), sale);
    assert.deepEqual(sold, [sale]);

    socket.emit('show:sales', salesSummary(3));
    await until(c, (st) => st.sales?.totals.orders === 3, 'sales summary');

    socket.emit('show:settings', { socialProof: false });
    const off = await until(c, (st) => !st.settings.socialProof, 'settings');
    assert.deepEqual(off.recentSales, [], 'no sales shown once social proof is off');
  });

  it('updates settings as host and applies the ack; viewers are refused', async () => {
    const host = client({ server: url, show: 's', token: 'host-token' });
    host.connect();
    await until(host, (st) => st.ready);
    const ack = await host.updateSettings({ socialProof: false });
    assert.deepEqual(ack.settings, { socialProof: false });
    assert.deepEqual(host.state.settings, { socialProof: false, slowModeSeconds: 0, reactions: [] });
    assert.deepEqual(updates.at(-1), { socialProof: false });
    const viewer = client({ server: url, show: 's' });
    viewer.connect();
    await until(viewer, (st) => st.ready);
    await assert.rejects(viewer.updateSettings({ socialProof: true }), { name: 'LiveShopError', code: 'forbidden' });
  });
});
