import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EVENT_ROLES, type ClientEventName, type CreatedShow, type Role } from '@live-shop/protocol';
import { signIdentity } from './identity.js';
import { ADMIN_KEY, request, startHarness, type ClientSocket, type Harness } from './testing/harness.js';

const IDENTITY_SECRET = 'merchant-identity-secret-42';
const TURN_CREDENTIAL = 'turn-credential-0123456789';
const ICE_SERVERS = [
  { urls: 'stun:127.0.0.1:3478' },
  { urls: ['turn:127.0.0.1:3478'], username: 'guests', credential: TURN_CREDENTIAL },
];

/** Valid payloads: only the role check may refuse them. */
function validPayloads(
  show: CreatedShow,
  messageId: string,
  tokenId: string,
  guestId: string,
  hostPeer: string,
): Record<ClientEventName, unknown> {
  const productId = show.products[1]!.id;
  return {
    'chat:send': { text: 'hi', name: 'Walker' },
    'chat:delete': { id: messageId },
    'chat:approve': { id: messageId },
    'chat:slow-mode': { seconds: 30 },
    'chat:blocklist': { terms: ['walked'] },
    'viewer:timeout': { messageId, seconds: 60 },
    'viewer:ban': { messageId },
    'viewer:unban': { viewerId: 'v:someone' },
    'product:pin': { productId },
    'product:unpin': { productId },
    'product:update': { productId, title: 'Walked off' },
    'product:delete': { productId },
    'show:start': {},
    'show:end': {},
    'video:ingest': {},
    'show:update': { socialProof: true },
    'moderator:invite': { label: 'sneaky' },
    'moderator:revoke': { id: tokenId },
    'guest:invite': { label: 'sneaky' },
    'guest:revoke': { id: guestId },
    'stage:join': { name: 'Sneaky' },
    'stage:leave': {},
    'stage:move': { guestId, place: 'stage' },
    'stage:mute': { guestId, muted: true },
    'stage:remove': { guestId },
    'stage:layout': { layout: 'grid' },
    'stage:signal': { to: hostPeer, signal: { candidate: null } },
    'reaction:send': { kind: 'heart' },
    // Flash deals (issue 15)
    'product:deal': { productId, amount: 1, endsAt: Date.now() + 10 * 60_000 },
    'product:deal-end': { productId },
    // polls, Q&A and the announcement banner
    'poll:start': { question: 'Sneaky?', options: ['Yes', 'No'] },
    'poll:end': { pollId: 'p-none' },
    'poll:vote': { pollId: 'p-none', option: 0 },
    'announcement:set': { text: 'Walked' },
    'question:on-air': { id: messageId },
    'question:clear': {},
    'question:answer': { id: messageId },
    // RTMP in and simulcast out (issue 15)
    'video:rotate-key': {},
    'simulcast:list': {},
    'simulcast:add': { name: 'Sneaky', url: 'rtmp://127.0.0.1:1/app', streamKey: 'sneaky' },
    'simulcast:remove': { id: 'd1' },
    'simulcast:enable': { id: 'd1', enabled: false },
  };
}

describe('trust: every staff action as a viewer, every host action as a moderator or a guest; no secret in public payloads', () => {
  let h: Harness;
  let show: CreatedShow;
  let host: ClientSocket;
  let modToken: string;
  let modTokenId: string;
  let messageId: string;
  let hostPeer: string;
  let guestToken: string;
  let guestId: string;

  before(async () => {
    h = await startHarness({
      identitySecret: IDENTITY_SECRET,
      rateLimits: { adminFailuresPerMinute: 100 },
      iceServers: ICE_SERVERS,
    });
    show = await h.createShow();
    const hostConnection = await h.connect({ show: show.id, token: show.hostToken });
    host = hostConnection.socket;
    hostPeer = hostConnection.snapshot.peer!;
    const invite = await request(host, 'moderator:invite', { label: 'Mo' });
    modToken = invite.token;
    modTokenId = invite.moderator.id;
    const guestInvite = await request(host, 'guest:invite', { label: 'Gus' });
    guestToken = guestInvite.token;
    guestId = guestInvite.guest.id;
    const guest = await h.connect({ show: show.id, token: guestToken });
    assert.equal((await request(guest.socket, 'stage:join', { name: 'Gus' })).ok, true);
    const author = await h.connect({ show: show.id, name: 'Author' });
    messageId = (await request(author.socket, 'chat:send', { text: 'a message to act on' })).message.id;
  });
  after(() => h.close());

  const state = async () => ({
    show: await h.server.store.getShow(show.id),
    pins: await h.server.store.getPins(show.id),
    products: await h.server.store.listProducts(show.id),
    chat: await h.server.store.recentChat(show.id, 100),
    tokens: await h.server.store.listTokens(show.id),
    restrictions: await h.server.store.listRestrictions(show.id, 0),
    blocklist: await h.server.store.getBlocklist(show.id),
    stage: await h.server.store.getStage(show.id),
  });

  for (const [as, auth] of [
    ['viewer', () => ({ show: show.id, name: 'Walker' })],
    [
      'verified viewer',
      () => ({ show: show.id, identity: signIdentity(IDENTITY_SECRET, { viewerId: 'c1', name: 'Vera' }) }),
    ],
    ['moderator', () => ({ show: show.id, token: modToken })],
    ['guest', () => ({ show: show.id, token: guestToken })],
  ] as const) {
    it(`as a ${as}: every action above the role is refused with forbidden, nothing changes`, async () => {
      const role: Role = as === 'moderator' || as === 'guest' ? as : 'viewer';
      const { socket, snapshot } = await h.connect(auth());
      assert.equal(snapshot.role, role);
      const before_ = await state();
      const payloads = validPayloads(show, messageId, modTokenId, guestId, hostPeer);
      const refused = (Object.keys(EVENT_ROLES) as ClientEventName[]).filter(
        (event) => !EVENT_ROLES[event].includes(role),
      );
      const least = { viewer: 24, moderator: 16, guest: 24, host: 0 }[role];
      assert.ok(refused.length >= least, `walks ${refused.length} events`);
      // A guest has a camera and a mic on stage: no chat, no host or moderator action.
      if (role === 'guest') assert.ok(refused.includes('chat:send') && refused.includes('guest:invite'));
      for (const event of refused) {
        const ack = await request(socket, event, payloads[event]);
        assert.equal(ack.ok, false, `${event} as ${as}`);
        assert.equal(ack.error.code, 'forbidden', `${event} as ${as}: ${JSON.stringify(ack)}`);
      }
      assert.deepEqual(await state(), before_);
    });
  }

  it('admin REST routes refuse viewers, hosts and moderators alike', async () => {
    const routes: [string, string, unknown?][] = [
      ['POST', '/api/shows', { title: 'x' }],
      ['GET', '/api/shows'],
      ['POST', `/api/shows/${show.id}/products`, { title: 'x', price: { amount: 1, currency: 'USD' } }],
      ['POST', `/api/shows/${show.id}/tokens`, { role: 'host' }],
      ['GET', `/api/shows/${show.id}/tokens`],
      ['DELETE', `/api/shows/${show.id}/tokens/${modTokenId}`],
      ['GET', `/api/shows/${show.id}/stats`],
      // PATCH /api/shows/:id also takes the show's host token (schedule.test.ts tests its refusals).
      ['DELETE', `/api/shows/${show.id}`],
      ['PATCH', `/api/shows/${show.id}/products/${show.products[0]!.id}`, { title: 'x' }],
      ['DELETE', `/api/shows/${show.id}/products/${show.products[0]!.id}`],
    ];
    for (const [method, route, body] of routes) {
      for (const credential of [false, show.hostToken, modToken, 'wrong'] as const) {
        // Without any credential, GET /api/shows is the public list of shows.
        if (!credential && route === '/api/shows') continue;
        const res = await h.api(method, route, { body, admin: credential });
        assert.equal(res.status, 401, `${method} ${route} with ${credential ? 'a token' : 'nothing'}`);
      }
    }
  });

  it('host-or-admin REST routes (clips) refuse viewers, moderators, guests and other shows’ hosts', async () => {
    const other = await h.createShow({ title: 'Other' });
    const body = { productId: show.products[0]!.id, start: 0, end: 1000 };
    for (const [credential, status] of [
      [false, 401],
      ['wrong', 401],
      [other.hostToken, 401],
      [modToken, 403],
      [guestToken, 403],
    ] as const) {
      const res = await h.api('POST', `/api/shows/${show.id}/clips`, { body, admin: credential });
      assert.equal(res.status, status, `POST clips with ${credential ? 'a credential' : 'nothing'}: ${res.text}`);
    }
    assert.equal((await h.api('DELETE', '/api/clips/any', { admin: false })).status, 401, 'DELETE with nothing');
    // The host passes the check: the show is live, so the clip is refused for its state, not its caller.
    const byHost = await h.api('POST', `/api/shows/${show.id}/clips`, { body, admin: show.hostToken });
    assert.equal(byHost.json.error.code, 'invalid_state');
  });

  it('host-or-admin REST routes refuse moderators and guests (forbidden) and anyone else (unauthorized)', async () => {
    const routes: [string, string][] = [['GET', `/api/shows/${show.id}/analytics`]];
    for (const [method, route] of routes) {
      for (const [credential, status] of [
        [false, 401],
        ['wrong', 401],
        [modToken, 403],
        [guestToken, 403],
      ] as const) {
        const res = await h.api(method, route, { admin: credential });
        assert.equal(res.status, status, `${method} ${route} with ${credential ? 'a token' : 'nothing'}`);
      }
      assert.equal((await h.api(method, route, { admin: show.hostToken })).status, 200);
    }
  });

  it('no token, key or secret in anything a viewer receives or can fetch', async () => {
    const fileSecret = async (name: string) =>
      (await readFile(path.join(h.dataDir, name), 'utf8').catch(() => '')).trim();
    const secrets = {
      adminKey: ADMIN_KEY,
      hostToken: show.hostToken,
      moderatorToken: modToken,
      guestToken,
      turnCredential: TURN_CREDENTIAL,
      identitySecret: IDENTITY_SECRET,
      tokenSecret: (await fileSecret('secret')) || (await h.server.store.getMeta('secret:secret')),
      checkoutWebhookSecret:
        (await fileSecret('checkout-webhook-secret')) ||
        (await h.server.store.getMeta('secret:checkout-webhook-secret')),
    };
    for (const [name, value] of Object.entries(secrets))
      assert.ok(value && value.length >= 16, `${name} is known to the test`);

    // Two viewers watch while the host and a moderator do everything they can.
    const payloads: string[] = [];
    const watch = async (auth: Record<string, unknown>) => {
      const viewer = await h.connect({ show: show.id, ...auth });
      payloads.push(JSON.stringify(viewer.snapshot));
      (viewer.socket as unknown as { onAny(fn: (...args: unknown[]) => void): void }).onAny((...args) =>
        payloads.push(JSON.stringify(args)),
      );
      return viewer;
    };
    const ann = await watch({ name: 'Ann' });
    const bob = await watch({ identity: signIdentity(IDENTITY_SECRET, { viewerId: 'c2', name: 'Bob' }) });
    const mod = (await h.connect({ show: show.id, token: modToken })).socket;
    const bobSays = await request(bob.socket, 'chat:send', { text: 'hi from bob' });
    payloads.push(JSON.stringify(bobSays));
    const annSays = await request(ann.socket, 'chat:send', { text: 'hi from ann' });
    for (const [socket, event, payload] of [
      [host, 'product:pin', { productId: show.products[1]!.id }],
      [host, 'show:update', { socialProof: true }],
      [host, 'chat:send', { text: 'welcome' }],
      [host, 'moderator:invite', { label: 'Second' }],
      [host, 'guest:invite', { label: 'Second guest' }],
      [host, 'stage:move', { guestId, place: 'stage' }],
      [host, 'stage:layout', { layout: 'side-by-side' }],
      [host, 'stage:move', { guestId, place: 'backstage' }],
      [mod, 'chat:blocklist', { terms: ['nope'] }],
      [mod, 'chat:slow-mode', { seconds: 5 }],
      [mod, 'viewer:timeout', { messageId: annSays.message.id, seconds: 60 }],
      [mod, 'chat:slow-mode', { seconds: 0 }],
      [host, 'product:unpin', { productId: show.products[1]!.id }],
    ] as const) {
      const ack = await request(socket, event, payload);
      assert.equal(ack.ok, true, `${event}: ${JSON.stringify(ack)}`);
    }
    const checkout = await h.api('POST', `/api/shows/${show.id}/checkout`, {
      admin: false,
      body: { productId: show.products[1]!.id },
    });
    assert.equal(checkout.status, 200, checkout.text);
    payloads.push(checkout.text);
    if (checkout.json.url)
      payloads.push(
        (
          await h.api('GET', new URL(checkout.json.url, h.url).pathname + new URL(checkout.json.url, h.url).search, {
            admin: false,
          })
        ).text,
      );
    for (const route of [
      '/health',
      `/api/shows/${show.id}`,
      '/api/shows',
      `/shows/${show.id}`,
      '/shows',
      `/api/shows/${show.id}/clips`,
      '/studio',
      '/sdk/live-shop.js',
    ]) {
      payloads.push((await h.api('GET', route, { admin: false })).text);
    }
    await new Promise((resolve) => setTimeout(resolve, 700)); // the last chat batch and viewer count

    const everything = payloads.join('\n');
    assert.ok(everything.includes('hi from bob') && everything.includes('"restriction"'), 'the scan saw the traffic');
    for (const [name, value] of Object.entries(secrets)) assert.ok(!everything.includes(value!), `${name} leaked`);
    assert.doesNotMatch(everything, /lsh2\.|whsec_|sk_(test|live)_/, 'no token or key shape');
    // A viewer's own credential reaches that viewer only, and nobody sees another viewer's ids.
    const annOnly = payloads.filter((p) => p.includes(ann.snapshot.you!.credential));
    assert.ok(annOnly.length >= 1 && annOnly.every((p) => !p.includes(bob.snapshot.you!.credential)));
    const bobs = payloads.filter((p) => p.includes(bob.snapshot.you!.credential));
    assert.ok(bobs.every((p) => !p.includes(ann.snapshot.you!.credential)));
    const viewerIdsSeenByOthers = payloads.filter(
      (p) => p.includes(ann.snapshot.you!.viewerId) && !p.includes(ann.snapshot.you!.credential),
    );
    assert.deepEqual(viewerIdsSeenByOthers, [], "a viewer's id (the ban handle) is for staff only");
  });

  it('a guest gets the public show and the stage: never moderation, sales, held messages or tokens', async () => {
    const guest = await h.connect({ show: show.id, token: guestToken });
    const snap = guest.snapshot;
    assert.equal(snap.role, 'guest');
    assert.equal(snap.moderation, undefined);
    assert.equal(snap.sales, undefined);
    assert.equal(snap.guestLinks, undefined);
    assert.equal(snap.peer, guest.socket.id);
    assert.deepEqual(snap.iceServers, ICE_SERVERS);
    assert.deepEqual(
      snap.stage!.guests.map((g) => g.id),
      [guestId],
    );
    const events: string[] = [];
    (guest.socket as unknown as { onAny(fn: (...args: unknown[]) => void): void }).onAny((...args) =>
      events.push(JSON.stringify(args)),
    );
    const mod = (await h.connect({ show: show.id, token: modToken })).socket;
    const viewer = await h.connect({ show: show.id, name: 'Held' });
    for (const [socket, event, payload] of [
      [mod, 'chat:blocklist', { terms: ['forbidden-word'] }],
      [viewer.socket, 'chat:send', { text: 'a forbidden-word here' }],
      [host, 'moderator:invite', { label: 'Third' }],
      [host, 'product:pin', { productId: show.products[0]!.id }],
      [host, 'stage:layout', { layout: 'grid' }],
      [mod, 'chat:blocklist', { terms: [] }],
    ] as const) {
      assert.equal((await request(socket, event, payload)).ok, true, event);
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // the last broadcasts
    const seen = events.join('\n');
    assert.match(seen, /"product:pins"/, 'the guest hears the public show');
    assert.match(seen, /"stage:state".*"grid"/, 'and the stage');
    for (const staffOnly of ['moderation:state', 'show:sales', 'forbidden-word', modToken, show.hostToken])
      assert.ok(!seen.includes(staffOnly), `${staffOnly.slice(0, 20)} reached a guest`);
    // The public show and viewers never carry the ICE servers' credentials.
    assert.ok(!JSON.stringify(viewer.snapshot).includes(TURN_CREDENTIAL));
  });
});
