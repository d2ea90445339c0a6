import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChatMessage, CreatedShow, ModerationState, RestrictionPayload, ShowSettings } from '@live-shop/protocol';
import { signIdentity } from '../identity.js';
import { record, request, startHarness, withTimeout, type ClientSocket, type Harness } from '../testing/harness.js';

const IDENTITY_SECRET = 'merchant-shared-secret';

const disconnected = (socket: ClientSocket) =>
  withTimeout(new Promise<string>((resolve) => socket.once('disconnect', resolve)), 'disconnect');

describe('moderation: roles, timeouts, bans, slow mode, blocklist, identities', () => {
  let h: Harness;
  let show: CreatedShow;
  let host: Awaited<ReturnType<Harness['connect']>>;
  let mod: Awaited<ReturnType<Harness['connect']>>;

  before(async () => {
    h = await startHarness({ identitySecret: IDENTITY_SECRET });
    show = await h.createShow();
    host = await h.connect({ show: show.id, token: show.hostToken });
    const invite = await request(host.socket, 'moderator:invite', { label: 'Mia', hours: 2 });
    assert.equal(invite.ok, true, JSON.stringify(invite));
    assert.match(invite.studioUrl, new RegExp(`^/studio\\?show=${show.id}#token=lsh2\\.`));
    mod = await h.connect({ show: show.id, token: invite.token, name: 'Mia' });
  });
  after(() => h.close());

  /** A viewer that chatted once: its socket, snapshot and message. */
  async function chatter(auth: Record<string, unknown>, text = 'hello') {
    const viewer = await h.connect({ show: show.id, ...auth });
    const ack = await request(viewer.socket, 'chat:send', { text, name: (auth.name as string) ?? 'Troll' });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    return { ...viewer, message: ack.message as ChatMessage };
  }

  it('a moderator token from the studio: moderator role, moderation state, no sales, no host powers', async () => {
    assert.equal(mod.snapshot.role, 'moderator');
    assert.ok(mod.snapshot.moderation, 'staff get the moderation state');
    assert.equal(mod.snapshot.sales, undefined, 'sales stay with the host');
    assert.deepEqual(
      mod.snapshot.moderation.moderators.map((m) => m.label),
      ['Mia'],
    );
    assert.ok(host.snapshot.moderation && host.snapshot.sales);
    for (const [event, payload] of [
      ['product:pin', { productId: show.products[0]!.id }],
      ['show:start', {}],
      ['show:update', { socialProof: true }],
      ['moderator:invite', {}],
      ['video:ingest', {}],
    ] as const) {
      const ack = await request(mod.socket, event, payload);
      assert.equal(ack.error?.code, 'forbidden', `${event}: ${JSON.stringify(ack)}`);
    }
    const sent = await request(mod.socket, 'chat:send', { text: 'Welcome!' });
    assert.equal(sent.message.role, 'moderator');
    assert.equal(sent.message.name, 'Mia');
  });

  it('timeout: the author cannot chat in this show, their messages go, staff see it, unban lifts it', async () => {
    const viewer = await chatter({ name: 'Tim' }, 'buy my stuff');
    const bystander = await h.connect({ show: show.id });
    const deleted = record<{ ids: string[] }>(bystander.socket, 'chat:deleted');
    const notices = record<RestrictionPayload>(viewer.socket, 'viewer:restriction');
    const staff = record<ModerationState>(host.socket, 'moderation:state');
    const ack = await request(mod.socket, 'viewer:timeout', { messageId: viewer.message.id, seconds: 600 });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    assert.equal(ack.restricted.kind, 'timeout');
    assert.equal(ack.restricted.viewerId, viewer.snapshot.you!.viewerId);
    await deleted.until((s) => s.some((d) => d.ids.includes(viewer.message.id)));
    const [notice] = await notices.until((s) => s.length > 0);
    assert.equal(notice!.restriction?.kind, 'timeout');
    assert.ok(notice!.restriction!.until! > Date.now() + 590_000);
    await staff.until((s) => s.some((m) => m.restricted.some((r) => r.viewerId === ack.restricted.viewerId)));
    const refused = await request(viewer.socket, 'chat:send', { text: 'let me talk' });
    assert.equal(refused.error?.code, 'restricted');
    assert.match(refused.error.message, /timed out/);

    assert.equal(
      (await request(viewer.socket, 'viewer:unban', { viewerId: ack.restricted.viewerId })).error?.code,
      'forbidden',
    );
    assert.equal((await request(mod.socket, 'viewer:unban', { viewerId: ack.restricted.viewerId })).ok, true);
    await notices.until((s) => s.at(-1)?.restriction === null, 'lifted');
    assert.equal((await request(viewer.socket, 'chat:send', { text: 'sorry' })).ok, true);
  });

  it('a ban sticks to the viewer id: reconnecting under a new name, or in another show, does not evade it', async () => {
    const troll = await chatter({ name: 'Troll' }, 'spam spam');
    const { credential, viewerId } = troll.snapshot.you!;
    assert.match(credential, /^lsv1\./);
    const ack = await request(host.socket, 'viewer:ban', { messageId: troll.message.id });
    assert.equal(ack.restricted.kind, 'ban');
    assert.equal(ack.restricted.until, null);
    troll.socket.disconnect();

    const back = await h.connect({ show: show.id, name: 'TotallyNew', viewer: credential });
    assert.equal(back.snapshot.you!.viewerId, viewerId, 'the credential keeps the id');
    assert.deepEqual(back.snapshot.you!.restriction, { kind: 'ban', until: null });
    assert.equal(
      (await request(back.socket, 'chat:send', { text: 'hi again', name: 'Other' })).error?.code,
      'restricted',
    );

    const other = await h.createShow({ title: 'Next week' });
    const elsewhere = await h.connect({ show: other.id, name: 'Again', viewer: credential });
    assert.equal(elsewhere.snapshot.you!.restriction?.kind, 'ban', 'bans hold in every show');
    assert.equal((await request(elsewhere.socket, 'chat:send', { text: 'hi' })).error?.code, 'restricted');

    const forged = await h.connect({ show: show.id, name: 'Forger', viewer: credential.slice(0, -2) + 'xx' });
    assert.notEqual(
      forged.snapshot.you!.viewerId,
      viewerId,
      'a forged credential gets a fresh id, never the claimed one',
    );
  });

  it('a message still waiting for its batch when its author is banned is refused, and nobody ever sees it', async () => {
    const troll = await chatter({ name: 'Quick' }, 'first');
    const watcher = await h.connect({ show: show.id });
    const seen = record<ChatMessage[]>(watcher.socket, 'chat:messages');
    const second = request(troll.socket, 'chat:send', { text: 'second, past the check' });
    // Taken (its checks passed) and waiting for its batch (100 ms) when the ban arrives.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const ban = await request(host.socket, 'viewer:ban', { messageId: troll.message.id });
    assert.equal(ban.restricted.kind, 'ban');
    const refused = await second;
    assert.equal(refused.ok, false, JSON.stringify(refused));
    assert.equal(refused.error.code, 'restricted');
    assert.equal((await request(watcher.socket, 'chat:send', { text: 'after the ban', name: 'W' })).ok, true);
    const texts = (await seen.until((m) => m.flat().some((x) => x.text === 'after the ban'))).flat().map((m) => m.text);
    assert.deepEqual(texts, ['after the ban']);
  });

  it('merchant-signed identity: verified fixed name, and a ban follows the account to a new device', async () => {
    const identity = signIdentity(IDENTITY_SECRET, { viewerId: 'cust_42', name: 'Ada L.' });
    const ada = await h.connect({ show: show.id, identity, name: 'Someone else' });
    assert.equal(ada.snapshot.you!.verified, true);
    assert.equal(ada.snapshot.you!.name, 'Ada L.');
    assert.equal(ada.snapshot.you!.viewerId, 'm:cust_42');
    const sent = await request(ada.socket, 'chat:send', { text: 'love it', name: 'Renamed' });
    assert.equal(sent.message.name, 'Ada L.', 'a signed name cannot be changed from the client');
    assert.equal(sent.message.verified, true);
    const plain = await chatter({ name: 'Ada L.' }, 'me too');
    assert.equal(plain.message.verified, undefined, 'the same name unsigned is not verified');

    await request(mod.socket, 'viewer:ban', { messageId: sent.message.id });
    const nul = await h.connectError({
      show: show.id,
      identity: signIdentity(IDENTITY_SECRET, { viewerId: 'c', name: 'A\u0000' }),
    });
    assert.equal(nul.data?.code, 'unauthorized');
    assert.match(nul.data!.message, /name must not contain a NUL character/);
    const newDevice = await h.connect({ show: show.id, identity });
    assert.equal(newDevice.snapshot.you!.restriction?.kind, 'ban');
    const oldDevice = await h.connect({ show: show.id, viewer: ada.snapshot.you!.credential });
    assert.equal(oldDevice.snapshot.you!.restriction?.kind, 'ban', 'the device id of the banned account is banned too');

    for (const [bad, code] of [
      [signIdentity('wrong-secret', { viewerId: 'cust_42', name: 'Ada L.' }), 'unauthorized'],
      [identity.replace(/\.[^.]+$/, '.AAAA'), 'unauthorized'],
      [
        signIdentity(IDENTITY_SECRET, { viewerId: 'cust_42', name: 'Ada L.', exp: Math.floor(Date.now() / 1000) - 10 }),
        'token_expired',
      ],
      ['not-a-jwt', 'unauthorized'],
    ] as const) {
      assert.equal((await h.connectError({ show: show.id, identity: bad })).data?.code, code, bad);
    }
  });

  it('slow mode: one message per window per viewer, staff exempt, everyone told', async () => {
    const viewer = await h.connect({ show: show.id, name: 'Sam' });
    const settings = record<ShowSettings>(viewer.socket, 'show:settings');
    assert.equal((await request(viewer.socket, 'chat:slow-mode', { seconds: 30 })).error?.code, 'forbidden');
    const on = await request(mod.socket, 'chat:slow-mode', { seconds: 30 });
    assert.equal(on.settings.slowModeSeconds, 30);
    await settings.until((s) => s.some((x) => x.slowModeSeconds === 30));
    assert.equal((await request(viewer.socket, 'chat:send', { text: 'one' })).ok, true);
    const second = await request(viewer.socket, 'chat:send', { text: 'two' });
    assert.equal(second.error?.code, 'rate_limited');
    assert.match(second.error.message, /Slow mode: wait (29|30) s/);
    assert.equal((await request(host.socket, 'chat:send', { text: 'host one' })).ok, true);
    assert.equal((await request(host.socket, 'chat:send', { text: 'host two' })).ok, true);
    await request(mod.socket, 'chat:slow-mode', { seconds: 0 });
    assert.equal((await request(viewer.socket, 'chat:send', { text: 'three' })).ok, true);
  });

  it('blocklist: matching messages are held back for staff, approve publishes, whole words only', async () => {
    const listAck = await request(mod.socket, 'chat:blocklist', { terms: ['spam-shop.example', 'Scam', ' scam '] });
    assert.deepEqual(listAck.blocklist, ['spam-shop.example', 'Scam']);
    const author = await h.connect({ show: show.id, name: 'Lee' });
    const bystander = await h.connect({ show: show.id });
    const seen = record<ChatMessage[]>(bystander.socket, 'chat:messages');
    const staff = record<ModerationState>(mod.socket, 'moderation:state');

    const held = await request(author.socket, 'chat:send', { text: 'deals at HTTPS://SPAM-SHOP.EXAMPLE/x' });
    assert.equal(held.message.held, true, 'the author learns it is held');
    const sneaky = await request(author.socket, 'chat:send', { text: 'total s\u200bcam' });
    assert.equal(sneaky.message.held, true, 'invisible characters do not hide a term');
    const fine = await request(author.socket, 'chat:send', { text: 'scampi for dinner' });
    assert.equal(fine.message.held, undefined, 'terms match whole words');
    await seen.until((s) => s.flat().some((m) => m.id === fine.message.id));
    assert.ok(
      !seen.seen.flat().some((m) => m.id === held.message.id || m.id === sneaky.message.id),
      'held messages are not broadcast',
    );
    await staff.until((s) => s.at(-1)?.held.some((m) => m.id === sneaky.message.id) ?? false);
    const late = await h.connect({ show: show.id });
    assert.ok(!late.snapshot.chat.some((m) => m.id === held.message.id), 'nor in history');

    assert.equal((await request(author.socket, 'chat:approve', { id: held.message.id })).error?.code, 'forbidden');
    const approved = await request(mod.socket, 'chat:approve', { id: held.message.id });
    assert.equal(approved.ok, true);
    await seen.until((s) => s.flat().some((m) => m.id === held.message.id), 'approved message broadcast');
    assert.equal(
      (await request(mod.socket, 'chat:approve', { id: held.message.id })).error?.code,
      'not_found',
      'approving twice',
    );
    assert.equal((await request(mod.socket, 'chat:delete', { id: sneaky.message.id })).ok, true);
    await staff.until((s) => s.at(-1)?.held.length === 0, 'held queue emptied');
    await request(mod.socket, 'chat:blocklist', { terms: [] });
  });

  it('revoking a moderator closes their connections at once; the token no longer connects', async () => {
    const invite = await request(host.socket, 'moderator:invite', { label: 'Temp' });
    const temp = await h.connect({ show: show.id, token: invite.token });
    const closed = disconnected(temp.socket);
    assert.equal(
      (await request(mod.socket, 'moderator:revoke', { id: invite.moderator.id })).error?.code,
      'forbidden',
      'only the host revokes',
    );
    assert.equal((await request(host.socket, 'moderator:revoke', { id: invite.moderator.id })).ok, true);
    assert.equal(await closed, 'io server disconnect');
    assert.equal((await h.connectError({ show: show.id, token: invite.token })).data?.code, 'token_expired');
    const state = await request(host.socket, 'moderator:revoke', { id: 'nope' });
    assert.equal(state.error?.code, 'not_found');
  });

  it('admin tokens API: mint, list and revoke host and moderator tokens; secrets never listed', async () => {
    const created = await h.api('POST', `/api/shows/${show.id}/tokens`, {
      body: { role: 'host', label: 'Backup laptop', hours: 48 },
    });
    assert.equal(created.status, 201, created.text);
    assert.match(created.json.token, /^lsh2\./);
    assert.ok(created.json.expiresAt - Date.now() > 47 * 3_600_000);
    const second = await h.connect({ show: show.id, token: created.json.token });
    assert.equal(second.snapshot.role, 'host');
    const list = await h.api('GET', `/api/shows/${show.id}/tokens`);
    assert.ok(
      list.json.tokens.some(
        (t: { id: string; label: string }) => t.id === created.json.id && t.label === 'Backup laptop',
      ),
    );
    assert.doesNotMatch(list.text, /lsh2\./);
    assert.equal((await h.api('GET', `/api/shows/${show.id}/tokens`, { admin: false })).status, 401);
    const closed = disconnected(second.socket);
    assert.equal((await h.api('DELETE', `/api/shows/${show.id}/tokens/${created.json.id}`)).status, 204);
    await closed;
    assert.equal((await h.connectError({ show: show.id, token: created.json.token })).data?.code, 'token_expired');
    assert.equal((await h.api('POST', `/api/shows/${show.id}/tokens`, { body: { role: 'admin' } })).status, 400);
  });

  it('a connection flooding events is refused with rate_limited, and keeps working after', async () => {
    const viewer = await h.connect({ show: show.id });
    const acks = await Promise.all(
      Array.from({ length: 80 }, () => request(viewer.socket, 'product:pin', { productId: 'x' })),
    );
    const limited = acks.filter((a) => a.error?.code === 'rate_limited').length;
    assert.ok(limited >= 30, `limited ${limited} of 80`);
    assert.ok(
      acks.slice(0, 30).every((a) => a.error?.code === 'forbidden'),
      'the first burst is answered normally',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(
      (await request(viewer.socket, 'product:pin', { productId: 'x' })).error?.code,
      'forbidden',
      'tokens refill',
    );
  });
});
