import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import type { CreatedShow } from '@live-shop/protocol';
import { startHarness, withTimeout, type Harness } from '@live-shop/server/testing';
import { LiveShopClient } from './index.js';
import { referenceServer, type Options } from './testing/clients.js';
import { until } from './testing/until.js';

// Moderation and signed identities against the real reference server (moderation.test.ts: the same
// events from a bare peer).
// The other end is the real reference server.
const ref = referenceServer();
const { client } = ref;

describe('LiveShopClient moderation against the reference server', () => {
  /** An in-memory Storage: where the viewer credential is kept between visits. */
  const memory = () => {
    const data = new Map<string, string>();
    return {
      data,
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
    };
  };
  /** A host and a viewer of a fresh show, both ready. */
  async function staffed(viewer: Partial<Options> = {}) {
    const fresh = await ref.h.createShow({ title: 'Moderated' });
    const host = client({ show: fresh.id, token: fresh.hostToken });
    const v = client({ show: fresh.id, name: 'Troll', storage: memory(), ...viewer });
    host.connect();
    v.connect();
    await until(host, (st) => st.ready);
    await until(v, (st) => st.ready);
    return { fresh, host, v };
  }
  const restriction = (c: LiveShopClient) =>
    withTimeout(
      new Promise<unknown>((resolve) => {
        const off = c.on('restriction', (r) => (off(), resolve(r)));
      }),
      'restriction',
    );

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
    await until(
      host,
      (st) => st.moderation?.restricted.some((r) => r.viewerId === viewerId) ?? false,
      'listed for staff',
    );
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
    const other = await ref.h.createShow({ title: 'Elsewhere' });
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
    await assert.rejects(
      v.sendChat('two'),
      (err: { code: string; message: string }) => err.code === 'rate_limited' && /\d+ ?s/.test(err.message),
    );
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
    assert.ok(
      v.state.chat.some((m) => m.id === message.id && m.held),
      'its author sees it, held',
    );
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
    assert.ok(invite.studioUrl.startsWith(`${ref.h.url}/studio`), invite.studioUrl);
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
    const c = new LiveShopClient({
      server: signed.url,
      show: shop.id,
      storage: null,
      ...options,
      socketOptions: { WebSocket },
    });
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
    const identity = signIdentity({
      viewerId: 'cust-42',
      name: 'Ann Shopper',
      exp: Math.floor(Date.now() / 1000) + 600,
    });
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
