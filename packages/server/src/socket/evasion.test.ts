import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChatMessage, CreatedShow } from '@live-shop/protocol';
import { parseCliConfig } from '../config.js';
import { FRESH_VIEWER_MS, Identities, signIdentity } from '../identity.js';
import { randomId } from '../ids.js';
import { loadSecrets } from '../secrets.js';
import { ADMIN_KEY, request, startHarness, withTimeout, type Harness } from '../testing/harness.js';
import { signViewerCredential } from '../tokens.js';

const IDENTITY_SECRET = 'merchant-shared-secret-0123456789abcdef';
/** Shoppers' addresses, as a trusted proxy on loopback reports them. */
const HOME = { 'x-forwarded-for': '203.0.113.7' };
const CARRIER_NAT = { 'x-forwarded-for': '198.51.100.20' };
const ELSEWHERE = { 'x-forwarded-for': '192.0.2.44' };

type Connection = Awaited<ReturnType<Harness['connect']>>;

describe('evasion: fresh viewer ids are bound to their address', () => {
  let h: Harness;
  let show: CreatedShow;
  let host: Connection;
  /** A credential of a viewer known from before (not minted in this session). */
  let returning: () => Promise<string>;

  before(async () => {
    h = await startHarness({ trustProxy: 'loopback', identitySecret: IDENTITY_SECRET });
    show = await h.createShow();
    host = await h.connect({ show: show.id, token: show.hostToken });
    const { tokenSecret } = await loadSecrets(
      h.dataDir,
      ADMIN_KEY,
      h.server.config.databaseUrl ? h.server.store : null,
    );
    // An id issued before ids carried their issue time: a viewer with history.
    returning = async () => signViewerCredential(tokenSecret, randomId());
  });
  after(() => h.close());

  const say = async (viewer: Connection, text: string) => request(viewer.socket, 'chat:send', { text, name: 'V' });

  it('slow mode: five fresh connections from one address share one clock; other addresses and returning viewers keep their own', async () => {
    assert.equal((await request(host.socket, 'chat:slow-mode', { seconds: 300 })).ok, true);
    try {
      const fresh = await Promise.all(Array.from({ length: 5 }, () => h.connect({ show: show.id }, HOME)));
      const acks = [];
      for (const viewer of fresh) acks.push(await say(viewer, 'first!'));
      assert.equal(acks[0].ok, true, JSON.stringify(acks[0]));
      for (const ack of acks.slice(1)) {
        assert.equal(ack.error?.code, 'rate_limited', JSON.stringify(ack));
        assert.match(ack.error.message, /Slow mode: wait \d+ s/);
      }
      // Keeping the credential a fresh connection got, and coming back with it, is still fresh.
      const back = await h.connect({ show: show.id, viewer: fresh[1]!.snapshot.you!.credential }, HOME);
      assert.equal((await say(back, 'me again')).error?.code, 'rate_limited');

      assert.equal(
        (await say(await h.connect({ show: show.id }, ELSEWHERE), 'hi')).ok,
        true,
        'another address has its own clock',
      );
      const known = await h.connect({ show: show.id, viewer: await returning() }, HOME);
      assert.equal(
        (await say(known, 'hi')).ok,
        true,
        'a returning viewer behind the same address is not slowed by strangers',
      );
      const signed = await h.connect(
        { show: show.id, identity: signIdentity(IDENTITY_SECRET, { viewerId: 'cust_1', name: 'Ann' }) },
        HOME,
      );
      assert.equal((await say(signed, 'hi')).ok, true, 'nor is a signed-in customer');
    } finally {
      await request(host.socket, 'chat:slow-mode', { seconds: 0 });
    }
  });

  it('a timeout also holds fresh ids from the address its viewer used, in that show, and lifts with it', async () => {
    const troll = await h.connect({ show: show.id, viewer: await returning() }, CARRIER_NAT);
    const sent = await say(troll, 'buy followers');
    const { restricted } = await request(host.socket, 'viewer:timeout', {
      messageId: (sent.message as ChatMessage).id,
      seconds: 600,
    });
    troll.socket.disconnect();

    const dropped = await h.connect({ show: show.id }, CARRIER_NAT);
    assert.equal(dropped.snapshot.you!.restriction?.kind, 'timeout', 'a new id from the same address is told at once');
    assert.equal((await say(dropped, 'it is me again')).error?.code, 'restricted');
    assert.equal((await say(await h.connect({ show: show.id }, ELSEWHERE), 'hi')).ok, true, 'another address is not');
    assert.equal(
      (await say(await h.connect({ show: show.id, viewer: await returning() }, CARRIER_NAT), 'hi')).ok,
      true,
      'a returning neighbour behind the carrier NAT is not',
    );
    const other = await h.createShow({ title: 'Other show' });
    assert.equal(
      (await say(await h.connect({ show: other.id }, CARRIER_NAT), 'hi')).ok,
      true,
      'nor another show: a timeout is per show',
    );

    const staff = (await h.connect({ show: show.id, token: show.hostToken })).snapshot.moderation!.restricted;
    assert.deepEqual(
      staff.map((r) => r.viewerId),
      [restricted.viewerId],
      'staff see the viewer, not their address',
    );
    const told = withTimeout(
      new Promise((resolve) => dropped.socket.once('viewer:restriction', resolve)),
      'the lift reaches the fresh id it held',
    );
    assert.equal((await request(host.socket, 'viewer:unban', { viewerId: restricted.viewerId })).ok, true);
    assert.deepEqual(await told, { restriction: null });
    assert.equal((await say(dropped, 'thanks')).ok, true, 'lifted with the viewer');
  });

  it('a ban holds fresh ids from its address in every show, until it is lifted', async () => {
    const troll = await h.connect({ show: show.id }, HOME);
    const sent = await say(troll, 'spam');
    const { restricted } = await request(host.socket, 'viewer:ban', { messageId: (sent.message as ChatMessage).id });
    const other = await h.createShow({ title: 'Next week' });
    const dropped = await h.connect({ show: other.id }, HOME);
    assert.equal(dropped.snapshot.you!.restriction?.kind, 'ban');
    assert.equal((await say(dropped, 'new me')).error?.code, 'restricted');
    assert.ok(
      !(await h.api('GET', '/api/bans')).json.bans.some((b: { viewerId: string }) => !b.viewerId.startsWith('v:')),
      'addresses are not listed',
    );
    assert.equal((await h.api('DELETE', `/api/bans/${encodeURIComponent(restricted.viewerId)}`)).status, 204);
    assert.equal((await say(dropped, 'new me')).ok, true);
  });
});

describe('viewer ids carry their issue time', () => {
  it('an id is fresh for its first hour, then not; ids from before, and signed-in customers, never are', () => {
    const secret = Buffer.alloc(32, 7);
    const ids = new Identities(secret, IDENTITY_SECRET);
    const now = Date.now();
    const first = ids.resolve(undefined, undefined, now);
    assert.equal(first.fresh, true);
    assert.equal(ids.resolve(first.credential, undefined, now + FRESH_VIEWER_MS - 1000).fresh, true);
    const later = ids.resolve(first.credential, undefined, now + FRESH_VIEWER_MS + 1000);
    assert.deepEqual([later.viewerId, later.fresh], [first.viewerId, false]);
    assert.equal(ids.resolve(signViewerCredential(secret, randomId()), undefined, now).fresh, false);
    assert.equal(
      ids.resolve(undefined, signIdentity(IDENTITY_SECRET, { viewerId: 'c1', name: 'C' }), now).fresh,
      false,
    );
  });
});

describe('LIVE_SHOP_CHAT_REQUIRES_IDENTITY: only signed-in customers chat', () => {
  let h: Harness;
  let show: CreatedShow;
  before(async () => {
    h = await startHarness({ identitySecret: IDENTITY_SECRET, chatRequiresIdentity: true });
    show = await h.createShow();
  });
  after(() => h.close());

  it('an unsigned viewer watches, is told in the snapshot, and chat:send is identity_required; signed viewers and staff chat', async () => {
    const anonymous = await h.connect({ show: show.id, name: 'Anon' });
    assert.equal(anonymous.snapshot.you!.identityRequired, true);
    const refused = await request(anonymous.socket, 'chat:send', { text: 'hi' });
    assert.equal(refused.error?.code, 'identity_required', JSON.stringify(refused));
    const nameless = await h.connect({ show: show.id });
    assert.equal(
      (await request(nameless.socket, 'chat:send', { text: 'hi' })).error?.code,
      'identity_required',
      'before asking for a name',
    );

    const signed = await h.connect({
      show: show.id,
      identity: signIdentity(IDENTITY_SECRET, { viewerId: 'cust_9', name: 'Bo' }),
    });
    assert.equal(signed.snapshot.you!.identityRequired, undefined);
    assert.equal((await request(signed.socket, 'chat:send', { text: 'hi' })).ok, true);
    const host = await h.connect({ show: show.id, token: show.hostToken });
    assert.equal((await request(host.socket, 'chat:send', { text: 'welcome' })).ok, true);
  });

  it('is off by default; LIVE_SHOP_CHAT_REQUIRES_IDENTITY=true needs LIVE_SHOP_IDENTITY_SECRET; other values are refused', () => {
    const secret = { LIVE_SHOP_IDENTITY_SECRET: IDENTITY_SECRET };
    assert.equal(parseCliConfig([], secret).server.chatRequiresIdentity, undefined);
    assert.equal(
      parseCliConfig([], { ...secret, LIVE_SHOP_CHAT_REQUIRES_IDENTITY: 'true' }).server.chatRequiresIdentity,
      true,
    );
    assert.throws(
      () => parseCliConfig([], { LIVE_SHOP_CHAT_REQUIRES_IDENTITY: 'true' }),
      /LIVE_SHOP_CHAT_REQUIRES_IDENTITY needs LIVE_SHOP_IDENTITY_SECRET/,
    );
    assert.throws(
      () => parseCliConfig([], { ...secret, LIVE_SHOP_CHAT_REQUIRES_IDENTITY: 'yes' }),
      /LIVE_SHOP_CHAT_REQUIRES_IDENTITY must be true or false/,
    );
  });
});
