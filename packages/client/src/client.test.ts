import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { createServer as createTcpServer, connect as tcpConnect, type AddressInfo, type Socket as TcpSocket } from 'node:net';
import { Server, type ServerOptions } from 'socket.io';
import { WebSocket } from 'ws';
import type { CreatedShow } from '@live-shop/protocol';
import { startHarness, withTimeout, type Harness } from '@live-shop/server/testing';
import { LiveShopClient } from './index.js';
import { until } from './testing/until.js';

// The other end is the real reference server (factory on 127.0.0.1:0, SQLite in a temp dir).
let h: Harness;
let show: CreatedShow;
before(async () => {
  h = await startHarness();
  show = await h.createShow();
});
after(() => h.close(true));

type Options = ConstructorParameters<typeof LiveShopClient>[0];
const clients: LiveShopClient[] = [];
// Node 20 has no global WebSocket; browsers and Node ≥ 22 need no option.
function client(options: Partial<Options> = {}): LiveShopClient {
  const { socketOptions, ...rest } = options;
  const c = new LiveShopClient({ server: h.url, show: show.id, ...rest, socketOptions: { WebSocket, ...socketOptions } });
  clients.push(c);
  return c;
}
after(() => clients.forEach((c) => c.close()));


describe('LiveShopClient against the reference server', () => {
  it('syncs from show:state, replacing a frozen state object on each change', async () => {
    const c = client();
    const initial = c.state;
    assert.equal(initial.connection, 'idle');
    c.connect();
    const s = await until(c, (st) => st.ready, 'ready');
    assert.notEqual(s, initial);
    assert.equal(s.connection, 'connected');
    assert.equal(s.title, show.title);
    assert.equal(s.role, 'viewer');
    assert.equal(s.status, 'scheduled');
    assert.deepEqual(s.products.map((p) => p.id), show.products.map((p) => p.id));
    assert.ok(Math.abs(s.clockOffset) < 5000, 'same machine: offset near zero');
    assert.ok(Object.isFrozen(s));
    c.close();
    assert.equal(c.state.connection, 'closed');
  });

  it('needs a name to chat, then sends with it; every client sees the message once', async () => {
    const a = client();
    const b = client();
    a.connect();
    b.connect();
    await until(a, (st) => st.ready);
    await until(b, (st) => st.ready);
    await assert.rejects(a.sendChat('no name yet'), { name: 'LiveShopError', code: 'name_required' });
    a.setName('Bo');
    const ack = await a.sendChat('hello from the client');
    assert.equal(ack.message.name, 'Bo');
    const seen = await until(b, (st) => st.chat.some((m) => m.id === ack.message.id), 'b sees it');
    assert.equal(seen.chat.filter((m) => m.id === ack.message.id).length, 1);
    const mine = await until(a, (st) => st.chat.some((m) => m.id === ack.message.id));
    assert.equal(mine.chat.filter((m) => m.id === ack.message.id).length, 1, 'ack and broadcast deduped');
  });

  it('pins as host, refuses viewers with forbidden, and deletes messages', async () => {
    const host = client({ token: show.hostToken });
    const viewer = client({ name: 'Vi' });
    host.connect();
    viewer.connect();
    await until(host, (st) => st.ready);
    await until(viewer, (st) => st.ready);
    assert.equal(host.state.role, 'host');
    const productId = show.products[0]!.id;
    await host.pin(productId);
    assert.deepEqual(host.state.pins.productIds, [productId]);
    await until(viewer, (st) => st.pins.productIds.includes(productId), 'viewer sees the pin');
    await assert.rejects(viewer.pin(productId), { name: 'LiveShopError', code: 'forbidden' });
    const { message } = await viewer.sendChat('delete me');
    await until(host, (st) => st.chat.some((m) => m.id === message.id));
    await host.deleteMessage(message.id);
    await until(viewer, (st) => !st.chat.some((m) => m.id === message.id), 'viewer drops it');
    await host.unpin(productId);
  });

  it('resyncs after a dropped connection: what changed meanwhile is there', async () => {
    const host = client({ token: show.hostToken });
    const viewer = client();
    host.connect();
    viewer.connect();
    await until(host, (st) => st.ready);
    await until(viewer, (st) => st.ready);
    // Drop the viewer's transport from the server side; socket.io-client reconnects by itself.
    const sockets = await h.server.io.in(`show:${show.id}:viewers`).fetchSockets();
    const dropped = until(viewer, (st) => st.connection === 'reconnecting', 'reconnecting');
    for (const s of sockets) (h.server.io.sockets.sockets.get(s.id) as unknown as { conn: { close(): void } }).conn.close();
    await dropped;
    const productId = show.products[1]!.id;
    await host.pin(productId);
    const { status } = await host.goLive(); // `starting` until media flows (video pipeline)
    const back = await until(viewer, (st) => st.connection === 'connected' && st.pins.productIds.includes(productId), 'resynced');
    assert.equal(back.status, status);
    assert.notEqual(status, 'scheduled');
  });

  it('a short drop resumes the session: the missed pins, chat and status are replayed once, without a new snapshot', async () => {
    const fresh = await h.createShow({ title: 'Recovery' });
    const host = client({ show: fresh.id, token: fresh.hostToken });
    const viewer = client({ show: fresh.id, name: 'Re' });
    host.connect();
    viewer.connect();
    await until(host, (st) => st.ready);
    await until(viewer, (st) => st.ready);
    // A broadcast before the drop gives the viewer an offset to resume from.
    const first = await host.sendChat('before the drop');
    await until(viewer, (st) => st.chat.some((m) => m.id === first.message.id));
    const connections: string[] = [];
    const onConnection = (socket: { recovered: boolean; data: { showId: string; role: string } }) => {
      if (socket.data.showId === fresh.id) connections.push(`${socket.data.role} recovered=${socket.recovered}`);
    };
    h.server.io.on('connection', onConnection);
    try {
      const sockets = await h.server.io.in(`show:${fresh.id}:viewers`).fetchSockets();
      const dropped = until(viewer, (st) => st.connection === 'reconnecting', 'reconnecting');
      for (const s of sockets) (h.server.io.sockets.sockets.get(s.id) as unknown as { conn: { close(): void } }).conn.close();
      await dropped;
      const missed = await host.sendChat('while you were away');
      await host.pin(fresh.products[0]!.id);
      await host.goLive();
      const back = await until(
        viewer,
        (st) => st.connection === 'connected' && st.chat.some((m) => m.id === missed.message.id) && st.pins.productIds.length === 1 && st.status !== 'scheduled',
        'replayed',
      );
      assert.deepEqual(connections, ['viewer recovered=true'], 'one reconnection, resumed (no handshake, no snapshot)');
      assert.equal(back.chat.filter((m) => m.id === missed.message.id).length, 1);
      assert.equal(back.chat.filter((m) => m.id === first.message.id).length, 1);
    } finally {
      h.server.io.off('connection', onConnection);
      await host.endShow().catch(() => {});
    }
  });

  it('stops on not_found with the server error in state', async () => {
    const c = client({ show: 'missing-show' });
    const errors: string[] = [];
    c.on('error', (e) => errors.push(e.code));
    c.connect();
    const s = await until(c, (st) => st.connection === 'error');
    assert.equal(s.error?.code, 'not_found');
    assert.deepEqual(errors, ['not_found']);
  });

  it('rejects a token for another show as unauthorized', async () => {
    const other = await h.createShow({ title: 'Other' });
    const c = client({ show: other.id, token: show.hostToken });
    c.connect();
    const s = await until(c, (st) => st.connection === 'error');
    assert.equal(s.error?.code, 'unauthorized');
  });

  it('rejects actions before connect', async () => {
    await assert.rejects(client().sendChat('x'), { code: 'invalid_state' });
  });
});

describe('LiveShopClient moderation against the reference server', () => {
  /** An in-memory Storage: where the viewer credential is kept between visits. */
  const memory = () => {
    const data = new Map<string, string>();
    return { data, getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
  };
  /** A host and a viewer of a fresh show, both ready. */
  async function staffed(viewer: Partial<Options> = {}) {
    const fresh = await h.createShow({ title: 'Moderated' });
    const host = client({ show: fresh.id, token: fresh.hostToken });
    const v = client({ show: fresh.id, name: 'Troll', storage: memory(), ...viewer });
    host.connect();
    v.connect();
    await until(host, (st) => st.ready);
    await until(v, (st) => st.ready);
    return { fresh, host, v };
  }
  const restriction = (c: LiveShopClient) =>
    withTimeout(new Promise<unknown>((resolve) => { const off = c.on('restriction', (r) => (off(), resolve(r))); }), 'restriction');

  it('a ban sticks to the viewer id: a new name and a new visit with the same credential are still banned', async () => {
    const storage = memory();
    const { fresh, host, v } = await staffed({ storage });
    const viewerId = v.state.you?.viewerId;
    assert.ok(viewerId, 'viewers know who they are');
    assert.equal(storage.data.size, 1, 'the credential is kept');
    assert.equal(host.state.you, null);
    assert.deepEqual(host.state.moderation?.restricted, []);
    const { message } = await v.sendChat('buy followers');
    const told = restriction(v);
    const { restricted } = await host.banViewer(message.id);
    assert.equal(restricted.viewerId, viewerId);
    assert.deepEqual(await told, { kind: 'ban', until: null });
    await assert.rejects(v.sendChat('again'), { name: 'LiveShopError', code: 'restricted' });
    await until(host, (st) => st.moderation?.restricted.some((r) => r.viewerId === viewerId) ?? false, 'listed for staff');
    v.close();

    const back = client({ show: fresh.id, name: 'Innocent', storage });
    back.connect();
    const s = await until(back, (st) => st.ready);
    assert.equal(s.you?.viewerId, viewerId);
    assert.deepEqual(s.you?.restriction, { kind: 'ban', until: null });
    await assert.rejects(back.sendChat('new name, same me'), { code: 'restricted' });

    const lifted = restriction(back);
    await host.unbanViewer(viewerId);
    assert.equal(await lifted, null);
    assert.equal((await back.sendChat('sorry')).message.name, 'Innocent');
  });

  it('times a viewer out of this show only, until the time given', async () => {
    const storage = memory();
    const { host, v } = await staffed({ storage });
    const { message } = await v.sendChat('rude');
    const told = restriction(v);
    const { restricted } = await host.timeoutViewer(message.id, 60);
    const r = (await told) as { kind: string; until: number };
    assert.equal(r.kind, 'timeout');
    assert.ok(Math.abs(r.until - (Date.now() + 60_000)) < 5000, `until ${r.until}`);
    assert.equal(restricted.until, r.until);
    await assert.rejects(v.sendChat('still rude'), { code: 'restricted' });
    const other = await h.createShow({ title: 'Elsewhere' });
    const there = client({ show: other.id, name: 'Troll', storage });
    there.connect();
    assert.equal((await until(there, (st) => st.ready)).you?.restriction, null);
    await there.sendChat('fine here');
  });

  it('slow mode: every viewer sees it, and a second message within the window is refused', async () => {
    const { host, v } = await staffed();
    await host.setSlowMode(30);
    assert.equal(host.state.settings.slowModeSeconds, 30);
    await until(v, (st) => st.settings.slowModeSeconds === 30, 'viewer sees slow mode');
    await v.sendChat('one');
    await assert.rejects(v.sendChat('two'), (err: { code: string; message: string }) => err.code === 'rate_limited' && /\d+ ?s/.test(err.message));
    await host.setSlowMode(0);
    await until(v, (st) => st.settings.slowModeSeconds === 0, 'off again');
  });

  it('the blocklist holds a message back for its author and staff until it is approved', async () => {
    const { fresh, host, v } = await staffed();
    const other = client({ show: fresh.id, name: 'Bystander' });
    other.connect();
    await until(other, (st) => st.ready);
    assert.deepEqual((await host.setBlocklist(['spam.example'])).blocklist, ['spam.example']);
    const { message } = await v.sendChat('deals at SPAM.example!');
    assert.equal(message.held, true);
    assert.ok(v.state.chat.some((m) => m.id === message.id && m.held), 'its author sees it, held');
    await until(host, (st) => st.moderation?.held.some((m) => m.id === message.id) ?? false, 'staff see it held');
    // A later message reaching the bystander proves the held one was not broadcast before it.
    const later = await v.sendChat('anyway, nice mug');
    await until(other, (st) => st.chat.some((m) => m.id === later.message.id), 'later message');
    assert.ok(!other.state.chat.some((m) => m.id === message.id), 'not broadcast');

    await host.approveMessage(message.id);
    await until(other, (st) => st.chat.some((m) => m.id === message.id), 'broadcast once approved');
    await until(v, (st) => st.chat.some((m) => m.id === message.id && !m.held), 'no longer held for its author');
    assert.equal(v.state.chat.filter((m) => m.id === message.id).length, 1);
    assert.ok(!host.state.moderation?.held.some((m) => m.id === message.id));
  });

  it('a host invites a moderator who moderates but may not run the show, until revoked', async () => {
    const { fresh, host, v } = await staffed();
    const invite = await host.inviteModerator({ label: 'Mia' });
    assert.ok(invite.studioUrl.startsWith(`${h.url}/studio`), invite.studioUrl);
    assert.equal(invite.moderator.label, 'Mia');
    await until(host, (st) => st.moderation?.moderators.some((m) => m.id === invite.moderator.id) ?? false, 'listed');
    const mod = client({ show: fresh.id, token: invite.token });
    mod.connect();
    const s = await until(mod, (st) => st.ready);
    assert.equal(s.role, 'moderator');
    assert.ok(s.moderation, 'moderators get the moderation state');
    assert.equal(s.sales, null, 'but not the sales');
    await assert.rejects(mod.pin(fresh.products[0]!.id), { code: 'forbidden' });
    await assert.rejects(mod.goLive(), { code: 'forbidden' });
    await assert.rejects(mod.inviteModerator(), { code: 'forbidden' });
    await assert.rejects(v.setSlowMode(5), { code: 'forbidden' });
    const { message } = await v.sendChat('spam');
    await until(mod, (st) => st.chat.some((m) => m.id === message.id));
    await mod.deleteMessage(message.id);
    await until(v, (st) => !st.chat.some((m) => m.id === message.id), 'deleted for everyone');
    await host.revokeModerator(invite.moderator.id);
    const gone = await until(mod, (st) => st.connection === 'error', 'the moderator is let go');
    assert.equal(gone.error?.code, 'token_expired', 'and told why (the studio shows it)');
    assert.ok(!host.state.moderation?.moderators.some((m) => m.id === invite.moderator.id));
  });
});

describe('LiveShopClient signed identity against the reference server', () => {
  const SECRET = 'merchant-shared-secret-0123456789abcdef';
  // What a merchant's backend does (docs/embedding.md): a JWT, HS256, with node:crypto only.
  function signIdentity(claims: { viewerId: string; name: string; exp?: number }, secret = SECRET): string {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
    return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
  }
  let signed: Harness;
  let shop: CreatedShow;
  const mine: LiveShopClient[] = [];
  const viewer = (options: Partial<Options>) => {
    const c = new LiveShopClient({ server: signed.url, show: shop.id, storage: null, ...options, socketOptions: { WebSocket } });
    mine.push(c);
    return c;
  };
  before(async () => {
    signed = await startHarness({ identitySecret: SECRET });
    shop = await signed.createShow();
  });
  after(async () => {
    mine.forEach((c) => c.close());
    await signed.close(true);
  });

  it('shows the signed name as verified; renaming is ignored; a ban follows the customer to a new browser', async () => {
    const identity = signIdentity({ viewerId: 'cust-42', name: 'Ann Shopper', exp: Math.floor(Date.now() / 1000) + 600 });
    const ann = viewer({ identity, name: 'Sneaky' });
    ann.connect();
    const s = await until(ann, (st) => st.ready);
    assert.deepEqual([s.you?.name, s.you?.verified], ['Ann Shopper', true]);
    assert.equal(ann.name, 'Ann Shopper');
    ann.setName('Renamed');
    const { message } = await ann.sendChat('hello');
    assert.deepEqual([message.name, message.verified], ['Ann Shopper', true]);

    const host = viewer({ token: shop.hostToken });
    host.connect();
    await until(host, (st) => st.ready);
    await host.banViewer(message.id);
    await until(ann, (st) => st.you?.restriction?.kind === 'ban', 'banned');
    // Another browser (no stored credential), same customer: still banned.
    const elsewhere = viewer({ identity });
    elsewhere.connect();
    assert.equal((await until(elsewhere, (st) => st.ready)).you?.restriction?.kind, 'ban');
  });

  it('an expired or forged identity is reported and dropped: the viewer watches and chats unverified', async () => {
    for (const identity of [
      signIdentity({ viewerId: 'cust-1', name: 'Old', exp: Math.floor(Date.now() / 1000) - 60 }),
      signIdentity({ viewerId: 'cust-1', name: 'Forged' }, 'another-secret-another-secret-another'),
    ]) {
      const c = viewer({ identity, name: 'Plain' });
      const errors: string[] = [];
      c.on('error', (e) => errors.push(e.code));
      c.connect();
      const s = await until(c, (st) => st.ready, 'connected without it');
      assert.equal(errors.length, 1);
      assert.ok(['token_expired', 'unauthorized'].includes(errors[0]!), errors[0]);
      assert.equal(s.you?.verified, false);
      assert.equal((await c.sendChat('still here')).message.name, 'Plain');
    }
  });
});

describe('LiveShopClient checkout (HTTP: no connection needed)', () => {
  it('starts a checkout and resolves with the session, its url resolved against the server', async () => {
    const c = client();
    const mug = show.products.find((p) => p.title === 'Mug')!;
    const session = await c.checkout({ productId: mug.id, quantity: 2, shopperRef: 'cart-1' });
    assert.equal(session.provider, 'local');
    assert.equal(typeof session.orderId, 'string');
    assert.ok(session.url!.startsWith(`${h.url}/checkout/cs_local_`), session.url!);
    assert.equal(session.embedded, null);
    assert.ok(session.expiresAt! > Date.now());
    assert.equal(c.state.connection, 'idle', 'no socket was opened');
    const page = await withTimeout(fetch(session.url!), 'checkout page');
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Mug/);
  });

  it("rejects with the server's error: sold_out for a product with no stock, not_found, bad_request", async () => {
    const soldOut = await h.createShow({ title: 'Sold out', products: [{ title: 'Last vase', price: { amount: 9000, currency: 'USD' }, stock: 0 }] });
    const c = client({ show: soldOut.id });
    await assert.rejects(c.checkout({ productId: soldOut.products[0]!.id }), { name: 'LiveShopError', code: 'sold_out', message: 'Sold out' });
    await assert.rejects(c.checkout({ productId: 'no-such-product' }), { name: 'LiveShopError', code: 'not_found' });
    await assert.rejects(c.checkout({ productId: soldOut.products[0]!.id, quantity: 0 }), { name: 'LiveShopError', code: 'bad_request' });
  });

  it('rejects with internal when the server cannot be reached', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const c = client({ server: `http://127.0.0.1:${port}` });
    await assert.rejects(c.checkout({ productId: 'p1' }), { name: 'LiveShopError', code: 'internal' });
  });
});

describe('LiveShopClient ack timeout', () => {
  // A peer that never answers acks: the one behaviour the reference server cannot be made to show.
  let io: Server;
  let url = '';
  before(async () => {
    const http = createServer();
    io = new Server(http);
    io.on('connection', (socket) => {
      socket.emit('show:state', {
        protocolVersion: 1,
        show: { id: 's', title: 'Silent', status: 'scheduled', statusAt: 0, createdAt: 0, products: [], pins: { productIds: [], at: 0 } },
        chat: [],
        viewers: 0,
        role: 'host',
        now: Date.now(),
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => io.close(() => r())));

  it('rejects an unanswered ack with a LiveShopError instead of hanging', async () => {
    const c = client({ server: url, show: 's', token: 't', ackTimeout: 200 });
    c.connect();
    await until(c, (st) => st.ready);
    await assert.rejects(c.goLive(), { name: 'LiveShopError', code: 'internal' });
  });
});

/** A bare Socket.IO server as the peer: answers every connection with a snapshot and records its auth. */
async function startPeer(options: Partial<ServerOptions> = {}) {
  const http = createServer();
  const io = new Server(http, options);
  const auths: Record<string, unknown>[] = [];
  io.on('connection', (socket) => {
    auths.push(socket.handshake.auth);
    socket.emit('show:state', {
      protocolVersion: 1,
      show: { id: 's', title: 'Peer', status: 'scheduled', statusAt: 0, createdAt: 0, products: [], pins: { productIds: [], at: 0 } },
      chat: [],
      viewers: 0,
      role: 'viewer',
      now: Date.now(),
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const port = (http.address() as AddressInfo).port;
  return { io, auths, port, url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => io.close(() => r())) };
}

/** A TCP proxy that can go silent: frozen, it forwards nothing and drops new connections, without closing held ones. */
async function startProxy(port: number) {
  let frozen = false;
  const pairs = new Set<[TcpSocket, TcpSocket]>();
  const server = createTcpServer((down) => {
    if (frozen) return void down.destroy();
    const up = tcpConnect(port, '127.0.0.1');
    const pair: [TcpSocket, TcpSocket] = [down, up];
    pairs.add(pair);
    down.pipe(up).on('error', () => down.destroy());
    up.pipe(down).on('error', () => up.destroy());
    down.on('close', () => (up.destroy(), pairs.delete(pair)));
    up.on('close', () => down.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    freeze() {
      frozen = true;
      for (const [down, up] of pairs) {
        down.unpipe(up);
        up.unpipe(down);
      }
    },
    /** Back in service: the silent connections are finally cut, new ones go through. */
    thaw() {
      frozen = false;
      for (const [down, up] of pairs) (down.destroy(), up.destroy());
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Records every connection state the client goes through. */
function states(c: LiveShopClient): string[] {
  const seen: string[] = [];
  c.on('change', (s) => seen.at(-1) !== s.connection && seen.push(s.connection));
  return seen;
}

// Fast retries so every wait stays well inside withTimeout's bound.
const fast = { reconnectionDelay: 20, reconnectionDelayMax: 50 };

describe('LiveShopClient transport (WebSocket-only Socket.IO client)', () => {
  it('stays connected across many server pings by answering each with a pong', async () => {
    const peer = await startPeer({ pingInterval: 200, pingTimeout: 200 });
    try {
      let pongs = 0;
      let wake = () => {};
      peer.io.on('connection', (socket) =>
        socket.conn.on('packet', ({ type }: { type: string }) => type === 'pong' && (pongs++, wake())),
      );
      const c = client({ server: peer.url, show: 's' });
      c.connect();
      await until(c, (st) => st.ready);
      const seen = states(c);
      await withTimeout(new Promise<void>((resolve) => (wake = () => pongs >= 5 && resolve())), '5 pongs');
      assert.deepEqual(seen, [], 'never left connected');
      assert.equal(c.state.connection, 'connected');
      assert.equal(peer.auths.length, 1, 'one connection all along');
      c.close();
    } finally {
      await peer.close();
    }
  });

  it('detects a silent server by its missing pings, then reconnects and resyncs when it is back', async () => {
    const peer = await startPeer({ pingInterval: 200, pingTimeout: 200 });
    const proxy = await startProxy(peer.port);
    try {
      const c = client({ server: proxy.url, show: 's', socketOptions: fast });
      c.connect();
      await until(c, (st) => st.ready);
      proxy.freeze();
      await until(c, (st) => st.connection === 'reconnecting', 'reconnecting');
      proxy.thaw();
      await until(c, (st) => st.connection === 'connected', 'connected again');
      assert.equal(peer.auths.length, 2, 'a second connection, with its own snapshot');
      c.close();
    } finally {
      proxy.thaw();
      await proxy.close();
      await peer.close();
    }
  });

  it('does not reconnect after the server disconnects the socket, and fails requests at once', async () => {
    const c = client({ name: 'Kicked', socketOptions: fast });
    c.connect();
    await until(c, (st) => st.ready);
    const [mine] = (await h.server.io.fetchSockets()).filter((s) => s.handshake.auth.name === 'Kicked');
    assert.ok(mine);
    mine.disconnect(true);
    await until(c, (st) => st.connection === 'closed', 'closed');
    await assert.rejects(c.sendChat('still there?'), { name: 'LiveShopError', code: 'invalid_state' });
    // Many reconnection delays later, still nobody by that name on the server.
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(c.state.connection, 'closed');
    assert.equal((await h.server.io.fetchSockets()).filter((s) => s.handshake.auth.name === 'Kicked').length, 0);
  });

  it('sends the name set with setName in the auth of the next connection', async () => {
    const peer = await startPeer();
    try {
      const c = client({ server: peer.url, show: 's', token: 'tok', socketOptions: fast });
      c.connect();
      await until(c, (st) => st.ready);
      c.setName(' Renamed ');
      const dropped = until(c, (st) => st.connection === 'reconnecting', 'reconnecting');
      for (const socket of peer.io.sockets.sockets.values()) socket.conn.close();
      await dropped;
      await until(c, (st) => st.connection === 'connected', 'connected again');
      assert.deepEqual(peer.auths, [{ show: 's', token: 'tok' }, { show: 's', token: 'tok', name: 'Renamed' }]);
      c.close();
    } finally {
      await peer.close();
    }
  });

  it('rejects a pending ack when the connection drops before the answer', async () => {
    const peer = await startPeer();
    peer.io.on('connection', (socket) => socket.on('show:end', () => socket.conn.close()));
    try {
      const c = client({ server: peer.url, show: 's', ackTimeout: 60_000, socketOptions: fast });
      c.connect();
      await until(c, (st) => st.ready);
      await withTimeout(
        assert.rejects(c.endShow(), { name: 'LiveShopError', code: 'internal', message: /connection was lost/ }),
        'the rejection',
      );
      c.close();
    } finally {
      await peer.close();
    }
  });

  it('says WebSockets are blocked when they fail but the server answers over HTTP', async () => {
    const http = createServer((req, res) => res.end(req.url === '/health' ? '{"ok":true}' : ''));
    http.on('upgrade', (_req, socket) => socket.destroy());
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    try {
      const c = client({ server: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, socketOptions: fast });
      c.connect();
      const s = await until(c, (st) => /WebSocket/.test(st.error?.message ?? ''), 'blocked message');
      assert.equal(s.connection, 'error');
      assert.equal(s.error?.code, 'internal');
      c.close();
    } finally {
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
    }
  });
});

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
        show: { id: 's', title: 'Video', status: 'live', statusAt: 1, createdAt: 0, products: [], pins: { productIds: [], at: 0 }, playback: { kind: 'hls', url: '/hls/s/index.m3u8' } },
        chat: [],
        viewers: 0,
        role: host ? 'host' : 'viewer',
        now: Date.now(),
      });
      socket.on('video:ingest', (_payload: unknown, ack: (a: unknown) => void) =>
        ack(host ? { ok: true, ingest: { rtmpsUrl: 'rtmps://ingest.example:443/app', streamKey: 'sk-1' } } : { ok: false, error: { code: 'forbidden', message: 'Host only' } }),
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
  const p1 = { id: 'p1', showId: 's', title: 'Shirt', description: '', imageUrl: null, price: { amount: 100, currency: 'EUR' }, checkoutUrl: null, stripePriceId: null, stock: 5 };
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
          id: 's', title: 'Shop', status: 'live', statusAt: 1, createdAt: 0, products: [p1, p2], pins: { productIds: [], at: 0 }, playback: null,
          settings: { socialProof: true },
          // One sale inside the last minute, one outside it (a stale snapshot must not count it).
          recentSales: [{ productId: 'p1', quantity: 9, at: now - 120_000 }, { productId: 'p1', quantity: 2, at: now - 1000 }],
        },
        chat: [],
        viewers: 0,
        role: host ? 'host' : 'viewer',
        now,
        ...(host ? { sales: salesSummary(1) } : {}),
      });
      socket.on('show:update', (payload: { socialProof?: boolean }, ack: (a: unknown) => void) => {
        updates.push(payload);
        ack(host ? { ok: true, settings: { socialProof: payload.socialProof ?? true } } : { ok: false, error: { code: 'forbidden', message: 'Host only' } });
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => io.close(() => r())));

  function salesSummary(orders: number) {
    return {
      totals: { impressions: 10, buyClicks: 4, checkouts: 2, orders, units: orders, revenue: [{ amount: 100 * orders, currency: 'EUR' }], conversion: orders / 4 },
      products: [],
      recent: [],
      at: Date.now(),
    };
  }

  it('starts with defaults before any snapshot', () => {
    const s = client({ server: url, show: 's' }).state;
    assert.deepEqual(s.settings, { socialProof: false, slowModeSeconds: 0 });
    assert.deepEqual(s.recentSales, []);
    assert.equal(s.you, null);
    assert.equal(s.moderation, null);
    assert.equal(s.sales, null);
  });

  it('takes settings, recent sales (last minute only) and the host sales summary from the snapshot', async () => {
    const host = client({ server: url, show: 's', token: 'host-token' });
    host.connect();
    const s = await until(host, (st) => st.ready);
    assert.deepEqual(s.settings, { socialProof: true, slowModeSeconds: 0 }, 'a setting the server leaves out keeps its default');
    assert.deepEqual(s.recentSales.map((x) => x.quantity), [2]);
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
    assert.deepEqual(host.state.settings, { socialProof: false, slowModeSeconds: 0 });
    assert.deepEqual(updates.at(-1), { socialProof: false });
    const viewer = client({ server: url, show: 's' });
    viewer.connect();
    await until(viewer, (st) => st.ready);
    await assert.rejects(viewer.updateSettings({ socialProof: true }), { name: 'LiveShopError', code: 'forbidden' });
  });
});
