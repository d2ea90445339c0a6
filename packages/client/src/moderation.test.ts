import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as PeerSocket } from 'socket.io';
import WebSocket from 'ws';
import type { ChatMessage, ModerationState, Restriction, ShowSnapshot, ViewerSelf } from '@live-shop/protocol';
import { LiveShopClient, credentialKey, type CredentialStorage } from './index.js';
import { until } from './testing/until.js';

// A bare Socket.IO peer speaking the moderation events: what the client does with them is under
// test here, not the reference server (client.test.ts runs the same flows against that).

type Options = ConstructorParameters<typeof LiveShopClient>[0];
type Ack = (answer: unknown) => void;
type Handler = (payload: any, socket: PeerSocket) => unknown;

const msg = (over: Partial<ChatMessage> = {}): ChatMessage => ({
  id: 'm1',
  name: 'Ann',
  text: 'hi',
  role: 'viewer',
  at: 1,
  ...over,
});
const moderation = (over: Partial<ModerationState> = {}): ModerationState => ({
  restricted: [],
  held: [],
  blocklist: [],
  moderators: [],
  ...over,
});

/**
 * The peer: every connection gets `snapshot(auth)` as its show:state; `handlers[event]` answers an
 * event (its return value is the ack, wrapped in ok:true). Records each handshake's auth and each request.
 */
async function startPeer(
  snapshot: (auth: Record<string, unknown>) => Partial<ShowSnapshot>,
  handlers: Record<string, Handler> = {},
) {
  const http = createServer();
  const io = new Server(http);
  const auths: Record<string, unknown>[] = [];
  const requests: [string, unknown][] = [];
  const sockets: PeerSocket[] = [];
  io.on('connection', (socket) => {
    auths.push(socket.handshake.auth);
    sockets.push(socket);
    socket.onAny((event: string, payload: unknown, ack: Ack) => {
      requests.push([event, payload]);
      const handler = handlers[event];
      if (!handler) return ack({ ok: false, error: { code: 'unknown_event', message: event } });
      const answer = handler(payload, socket);
      ack(answer && typeof answer === 'object' && 'ok' in answer ? answer : { ok: true, ...(answer as object) });
    });
    socket.emit('show:state', { ...baseSnapshot(), ...snapshot(socket.handshake.auth) });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const peer = {
    url,
    auths,
    requests,
    last: () => sockets.at(-1)!,
    /** Drops every transport: the clients reconnect by themselves. */
    drop: () => sockets.forEach((s) => s.conn.close()),
    close: () => new Promise<void>((r) => io.close(() => r())),
  };
  peers.push(peer);
  return peer;
}
const peers: { close(): Promise<void> }[] = [];
const clients: LiveShopClient[] = [];
after(async () => {
  clients.forEach((c) => c.close());
  await Promise.all(peers.map((p) => p.close()));
});

function client(options: Partial<Options> & { server: string }): LiveShopClient {
  const c = new LiveShopClient({
    show: 's',
    storage: null,
    ...options,
    socketOptions: { WebSocket, reconnectionDelay: 20, reconnectionDelayMax: 50 },
  });
  clients.push(c);
  return c;
}

/** An in-memory Storage. */
function memoryStorage(): CredentialStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

const baseSnapshot = (): ShowSnapshot => ({
  protocolVersion: 1,
  show: {
    id: 's',
    title: 'Peer',
    status: 'live',
    statusAt: 1,
    createdAt: 0,
    products: [],
    pins: { productIds: [], at: 0 },
    playback: null,
    settings: { socialProof: false, slowModeSeconds: 0, reactions: [] },
    recentSales: [],
    guestsOnStage: [],
  },
  chat: [],
  viewers: 0,
  role: 'viewer',
  now: Date.now(),
});
const self = (over: Partial<ViewerSelf> = {}): ViewerSelf => ({
  viewerId: 'v1',
  credential: 'cred-1',
  name: null,
  verified: false,
  restriction: null,
  ...over,
});

describe('viewer identity', () => {
  it('keeps the credential per server origin and sends it on every reconnection and the next visit', async () => {
    let issued = 0;
    const peer = await startPeer((auth) => ({
      you: self({ credential: typeof auth.viewer === 'string' ? auth.viewer : `cred-${++issued}` }),
    }));
    const storage = memoryStorage();
    const a = client({ server: peer.url, storage });
    a.connect();
    const s = await until(a, (st) => st.ready);
    assert.deepEqual(
      s.you,
      { viewerId: 'v1', name: null, verified: false, restriction: null },
      'the credential stays out of the state',
    );
    assert.equal(peer.auths[0]!.viewer, undefined, 'nothing to send on a first visit');
    assert.deepEqual([...storage.data], [[credentialKey(peer.url), 'cred-1']]);
    assert.equal(credentialKey(`${peer.url}/some/path`), `live-shop:viewer:${peer.url}`);

    const dropped = until(a, (st) => st.connection === 'reconnecting', 'reconnecting');
    peer.drop();
    await dropped;
    await until(a, (st) => st.connection === 'connected', 'back');
    assert.equal(peer.auths[1]!.viewer, 'cred-1', 'a reconnection keeps the viewer id');
    a.close();

    const b = client({ server: peer.url, storage });
    b.connect();
    await until(b, (st) => st.ready);
    assert.equal(peer.auths[2]!.viewer, 'cred-1', 'the next visit too');
    assert.equal(issued, 1);
  });

  it('stores a new credential the server issues in place of the old one', async () => {
    const peer = await startPeer(() => ({ you: self({ credential: 'fresh' }) }));
    const storage = memoryStorage();
    storage.data.set(credentialKey(peer.url), 'stale');
    const c = client({ server: peer.url, storage });
    c.connect();
    await until(c, (st) => st.ready);
    assert.equal(peer.auths[0]!.viewer, 'stale');
    assert.equal(storage.data.get(credentialKey(peer.url)), 'fresh');
  });

  it('ignores a storage that throws, and still keeps the credential for its own reconnections', async () => {
    const peer = await startPeer(() => ({ you: self({ credential: 'mem' }) }));
    const broken: CredentialStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const c = client({ server: peer.url, storage: broken });
    c.connect();
    await until(c, (st) => st.ready);
    const dropped = until(c, (st) => st.connection === 'reconnecting', 'reconnecting');
    peer.drop();
    await dropped;
    await until(c, (st) => st.connection === 'connected', 'back');
    assert.equal(peer.auths[1]!.viewer, 'mem');
  });

  it('sends the merchant-signed identity; a verified name replaces the picked one and is not sent with messages', async () => {
    const peer = await startPeer(
      (auth) => (auth.token ? { role: 'host' } : { you: self({ name: 'Ann (shop)', verified: true }) }),
      {
        'chat:send': (payload: { text: string }) => ({
          message: msg({ id: 'm9', name: 'Ann (shop)', text: payload.text, verified: true }),
        }),
      },
    );
    const c = client({ server: peer.url, identity: 'jwt.payload.sig', name: 'Picked' });
    assert.equal(c.name, 'Picked');
    c.connect();
    const s = await until(c, (st) => st.ready);
    assert.equal(peer.auths[0]!.identity, 'jwt.payload.sig');
    assert.equal(s.you?.verified, true);
    assert.equal(c.name, 'Ann (shop)');
    c.setName('Someone else');
    await c.sendChat('hello');
    assert.deepEqual(peer.requests.at(-1), ['chat:send', { text: 'hello' }]);
    assert.equal(c.state.chat.at(-1)?.verified, true);

    const host = client({ server: peer.url, token: 'tok', identity: 'jwt.payload.sig' });
    host.connect();
    const hs = await until(host, (st) => st.ready);
    assert.equal(hs.you, null);
    assert.deepEqual(peer.auths[1], { show: 's', token: 'tok' }, 'staff send neither identity nor viewer credential');
  });

  it('stops on token_expired instead of retrying', async () => {
    const http = createServer();
    const io = new Server(http);
    let attempts = 0;
    io.use((_socket, next) => {
      attempts++;
      next(
        Object.assign(new Error('expired'), {
          data: { code: 'token_expired', message: 'This moderator link has expired' },
        }),
      );
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    try {
      const c = client({ server: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, token: 'old' });
      c.connect();
      const s = await until(c, (st) => st.connection === 'error');
      assert.equal(s.error?.code, 'token_expired');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(attempts, 1);
    } finally {
      await new Promise<void>((r) => io.close(() => r()));
    }
  });
});

describe('restrictions', () => {
  it('follows viewer:restriction with a typed event, and lifts a timeout by itself when it ends', async () => {
    const peer = await startPeer(() => ({ you: self() }));
    const c = client({ server: peer.url });
    const events: (Restriction | null)[] = [];
    c.on('restriction', (r) => events.push(r));
    c.connect();
    await until(c, (st) => st.ready);
    assert.deepEqual(events, [], 'not restricted: nothing to report');
    const until1 = Date.now() + 300;
    peer.last().emit('viewer:restriction', { restriction: { kind: 'timeout', until: until1 } });
    await until(c, (st) => st.you?.restriction?.kind === 'timeout', 'timed out');
    assert.deepEqual(events, [{ kind: 'timeout', until: until1 }]);
    await until(c, (st) => st.you?.restriction === null, 'lifted at its end');
    assert.ok(Date.now() >= until1 - 50, 'not before its time');
    assert.deepEqual(events, [{ kind: 'timeout', until: until1 }, null]);

    peer.last().emit('viewer:restriction', { restriction: { kind: 'ban', until: null } });
    await until(c, (st) => st.you?.restriction?.kind === 'ban', 'banned');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(c.state.you?.restriction?.kind, 'ban', 'a ban does not lift by itself');
    peer.last().emit('viewer:restriction', { restriction: null });
    await until(c, (st) => st.you?.restriction === null, 'unbanned');
    assert.equal(events.length, 4);
  });

  it('takes the restriction from the snapshot, and drops one that already ended', async () => {
    const restriction: Restriction = { kind: 'ban', until: null };
    const banned = await startPeer(() => ({ you: self({ restriction }) }));
    const c = client({ server: banned.url });
    const events: (Restriction | null)[] = [];
    c.on('restriction', (r) => events.push(r));
    c.connect();
    assert.deepEqual((await until(c, (st) => st.ready)).you?.restriction, restriction);
    assert.deepEqual(events, [restriction]);

    const over = await startPeer(() => ({ you: self({ restriction: { kind: 'timeout', until: Date.now() - 1000 } }) }));
    const d = client({ server: over.url });
    d.connect();
    assert.equal((await until(d, (st) => st.ready)).you?.restriction, null);
  });
});

describe('held messages', () => {
  it('shows a held message to its author only until it comes back approved, in place and once', async () => {
    const peer = await startPeer(() => ({ you: self(), chat: [msg({ id: 'm0', at: 1 })] }), {
      'chat:send': (p: { text: string }) => ({ message: msg({ id: 'm5', text: p.text, at: 5, held: true }) }),
    });
    const c = client({ server: peer.url, name: 'Ann' });
    c.connect();
    await until(c, (st) => st.ready);
    const { message } = await c.sendChat('buy at spam.example');
    assert.equal(message.held, true);
    assert.deepEqual(
      c.state.chat.map((m) => [m.id, !!m.held]),
      [
        ['m0', false],
        ['m5', true],
      ],
    );

    // A reconnection's snapshot does not have it: it stays, in time order.
    peer.last().emit('show:state', {
      ...baseSnapshot(),
      you: self(),
      chat: [msg({ id: 'm0', at: 1 }), msg({ id: 'm6', at: 6 })],
    });
    await until(c, (st) => st.chat.some((m) => m.id === 'm6'), 'resynced');
    assert.deepEqual(
      c.state.chat.map((m) => [m.id, !!m.held]),
      [
        ['m0', false],
        ['m5', true],
        ['m6', false],
      ],
    );

    const added: string[][] = [];
    c.on('chat', (ms) => added.push(ms.map((m) => m.id)));
    peer
      .last()
      .emit('chat:messages', [msg({ id: 'm5', text: 'buy at spam.example', at: 5 }), msg({ id: 'm7', at: 7 })]);
    await until(c, (st) => st.chat.some((m) => m.id === 'm7'), 'approved');
    assert.deepEqual(
      c.state.chat.map((m) => [m.id, !!m.held]),
      [
        ['m0', false],
        ['m5', false],
        ['m6', false],
        ['m7', false],
      ],
    );
    assert.deepEqual(added, [['m5', 'm7']]);
  });
});

describe('staff', () => {
  const restricted = { viewerId: 'v9', name: 'Troll', kind: 'ban' as const, until: null, at: 10 };
  const mia = { id: 'mod1', label: 'Mia', createdAt: 1, expiresAt: 2 };
  const handlers: Record<string, Handler> = {
    'chat:approve': ({ id }: { id: string }) => ({ message: msg({ id, text: 'approved', at: 3 }) }),
    'chat:delete': () => ({}),
    'chat:slow-mode': ({ seconds }: { seconds: number }) => ({
      settings: { socialProof: false, slowModeSeconds: seconds, reactions: [] },
    }),
    'chat:blocklist': ({ terms }: { terms: string[] }) => ({ blocklist: terms.map((t) => t.toLowerCase()) }),
    'viewer:timeout': ({ seconds }: { seconds: number }) => ({
      restricted: { ...restricted, kind: 'timeout', until: 10 + seconds * 1000 },
    }),
    'viewer:ban': () => ({ restricted }),
    'viewer:unban': () => ({}),
    'moderator:invite': ({ label }: { label?: string }) => ({
      token: 'mod-token',
      moderator: { ...mia, label: label ?? '' },
      studioUrl: '/studio?show=s&token=mod-token',
    }),
    'moderator:revoke': () => ({}),
  };

  async function staff() {
    const held = [msg({ id: 'h1', held: true, text: 'spam.example' }), msg({ id: 'h2', held: true })];
    const peer = await startPeer(
      (auth) => (auth.token ? { role: 'host', moderation: moderation({ held }) } : { you: self() }),
      handlers,
    );
    const c = client({ server: peer.url, token: 'host-token' });
    c.connect();
    await until(c, (st) => st.ready);
    return { peer, c };
  }

  it('takes the moderation state from the snapshot and from every moderation:state; viewers have none', async () => {
    const { peer, c } = await staff();
    assert.deepEqual(
      c.state.moderation?.held.map((m) => m.id),
      ['h1', 'h2'],
    );
    assert.equal(c.state.you, null);
    const next = moderation({ blocklist: ['x'], moderators: [mia] });
    peer.last().emit('moderation:state', next);
    assert.deepEqual((await until(c, (st) => st.moderation?.blocklist.length === 1, 'replaced')).moderation, next);
    const viewer = client({ server: peer.url });
    viewer.connect();
    assert.equal((await until(viewer, (st) => st.ready)).moderation, null);
  });

  it('sends each staff action with its payload and resolves with the ack; moderation follows moderation:state', async () => {
    const { peer, c } = await staff();
    assert.equal((await c.approveMessage('h1')).message.text, 'approved');
    await c.deleteMessage('h2');
    assert.deepEqual(await c.setSlowMode(10), {
      ok: true,
      settings: { socialProof: false, slowModeSeconds: 10, reactions: [] },
    });
    assert.equal(c.state.settings.slowModeSeconds, 10, 'the settings ack applies at once');
    assert.deepEqual((await c.setBlocklist(['Spam.example', 'casino'])).blocklist, ['spam.example', 'casino']);
    assert.equal((await c.timeoutViewer('m1', 300)).restricted.kind, 'timeout');
    assert.deepEqual((await c.banViewer('m1')).restricted, restricted);
    await c.unbanViewer('v9');
    const invite = await c.inviteModerator({ label: 'Mia', hours: 2 });
    assert.equal(invite.token, 'mod-token');
    assert.equal(invite.studioUrl, `${peer.url}/studio?show=s&token=mod-token`, 'resolved against the server');
    assert.deepEqual(invite.moderator, mia);
    await c.revokeModerator('mod1');
    assert.deepEqual(peer.requests, [
      ['chat:approve', { id: 'h1' }],
      ['chat:delete', { id: 'h2' }],
      ['chat:slow-mode', { seconds: 10 }],
      ['chat:blocklist', { terms: ['Spam.example', 'casino'] }],
      ['viewer:timeout', { messageId: 'm1', seconds: 300 }],
      ['viewer:ban', { messageId: 'm1' }],
      ['viewer:unban', { viewerId: 'v9' }],
      ['moderator:invite', { label: 'Mia', hours: 2 }],
      ['moderator:revoke', { id: 'mod1' }],
    ]);
    assert.deepEqual(
      c.state.moderation?.held.map((m) => m.id),
      ['h1', 'h2'],
      "unchanged until the server's moderation:state",
    );
  });

  it('rejects a refused staff action with the typed error', async () => {
    const { peer } = await staff();
    const viewer = client({ server: peer.url });
    viewer.connect();
    await until(viewer, (st) => st.ready);
    handlers['viewer:ban'] = () => ({ ok: false, error: { code: 'forbidden', message: 'Staff only' } });
    await assert.rejects(viewer.banViewer('m1'), { name: 'LiveShopError', code: 'forbidden' });
    assert.equal(viewer.state.moderation, null);
  });

  it('fills settings an older server leaves out with their defaults', async () => {
    const peer = await startPeer(() => ({
      show: { ...baseSnapshot().show, settings: { socialProof: true } as never },
    }));
    const c = client({ server: peer.url });
    c.connect();
    assert.deepEqual((await until(c, (st) => st.ready)).settings, {
      socialProof: true,
      slowModeSeconds: 0,
      reactions: [],
    });
    peer.last().emit('show:settings', { socialProof: false });
    assert.deepEqual((await until(c, (st) => !st.settings.socialProof)).settings, {
      socialProof: false,
      slowModeSeconds: 0,
      reactions: [],
    });
  });
});
