import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChatMessage, CreatedShow, RestrictionPayload } from '@live-shop/protocol';
import { record, request, startHarness, type Harness } from '../testing/harness.js';

type Connection = Awaited<ReturnType<Harness['connect']>>;

describe('bans belong to the show that set them', () => {
  let h: Harness;
  let showA: CreatedShow;
  let showB: CreatedShow;
  let hostA: Connection;
  let hostB: Connection;
  let modB: Connection;

  before(async () => {
    h = await startHarness();
    showA = await h.createShow({ title: 'Show A' });
    showB = await h.createShow({ title: 'Show B' });
    hostA = await h.connect({ show: showA.id, token: showA.hostToken });
    hostB = await h.connect({ show: showB.id, token: showB.hostToken });
    const invite = await request(hostB.socket, 'moderator:invite', { label: 'B mod' });
    modB = await h.connect({ show: showB.id, token: invite.token });
  });
  after(() => h.close());

  /** A viewer who chatted once in `showId` (with `credential`, the same viewer). */
  async function chatter(showId: string, credential?: string) {
    const viewer = await h.connect({ show: showId, name: 'Troll', ...(credential && { viewer: credential }) });
    const ack = await request(viewer.socket, 'chat:send', { text: 'spam' });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    return { ...viewer, message: ack.message as ChatMessage, credential: viewer.snapshot.you!.credential };
  }
  const staffList = async (showId: string, token: string) =>
    (await h.connect({ show: showId, token })).snapshot.moderation!.restricted.map((r) => r.viewerId);

  it("another show's staff neither see nor lift a ban; it still holds there; its own show lifts it", async () => {
    const troll = await chatter(showA.id);
    const ban = await request(hostA.socket, 'viewer:ban', { messageId: troll.message.id });
    const { viewerId } = ban.restricted;

    assert.ok((await staffList(showA.id, showA.hostToken)).includes(viewerId), 'show A lists its ban');
    assert.ok(!(await staffList(showB.id, showB.hostToken)).includes(viewerId), "show B does not list show A's ban");
    assert.ok(!(await h.server.moderation.state(showB.id)).restricted.some((r) => r.viewerId === viewerId));

    const inB = await h.connect({ show: showB.id, viewer: troll.credential, name: 'Troll' });
    assert.equal(inB.snapshot.you!.restriction?.kind, 'ban', 'the ban holds in every show');
    for (const staff of [hostB, modB]) {
      const refused = await request(staff.socket, 'viewer:unban', { viewerId });
      assert.equal(refused.error?.code, 'forbidden', JSON.stringify(refused));
      assert.match(refused.error.message, /another show/);
    }
    assert.equal((await request(inB.socket, 'chat:send', { text: 'still here' })).error?.code, 'restricted');

    const notices = record<RestrictionPayload>(troll.socket, 'viewer:restriction');
    assert.equal((await request(hostA.socket, 'viewer:unban', { viewerId })).ok, true);
    await notices.until((s) => s.at(-1)?.restriction === null, 'lifted');
    assert.equal((await request(inB.socket, 'chat:send', { text: 'sorry' })).ok, true);
  });

  it('two shows banning one viewer: each lifts only its own, and the other still holds everywhere', async () => {
    const troll = await chatter(showA.id);
    const again = await chatter(showB.id, troll.credential);
    const { viewerId } = (await request(hostA.socket, 'viewer:ban', { messageId: troll.message.id })).restricted;
    const inB = await h.connect({ show: showB.id, viewer: troll.credential, name: 'Troll' });
    assert.equal((await request(hostB.socket, 'viewer:ban', { messageId: again.message.id })).ok, true);
    assert.ok((await staffList(showB.id, showB.hostToken)).includes(viewerId), 'show B lists its own ban');

    const notices = record<RestrictionPayload>(troll.socket, 'viewer:restriction');
    assert.equal((await request(hostA.socket, 'viewer:unban', { viewerId })).ok, true);
    await notices.until((s) => s.length > 0);
    assert.deepEqual(
      notices.seen.at(-1)!.restriction,
      { kind: 'ban', until: null },
      "show B's ban still holds in show A",
    );
    assert.ok(!(await staffList(showA.id, showA.hostToken)).includes(viewerId));
    assert.equal((await request(troll.socket, 'chat:send', { text: 'hi' })).error?.code, 'restricted');
    assert.equal((await request(inB.socket, 'chat:send', { text: 'hi' })).error?.code, 'restricted');
    assert.equal((await request(modB.socket, 'viewer:unban', { viewerId })).ok, true);
    assert.equal((await request(troll.socket, 'chat:send', { text: 'hi' })).ok, true);
  });

  it("timeouts stay in their show: another show's staff neither see nor lift them", async () => {
    const troll = await chatter(showA.id);
    const { viewerId } = (await request(hostA.socket, 'viewer:timeout', { messageId: troll.message.id, seconds: 600 }))
      .restricted;
    assert.ok(!(await staffList(showB.id, showB.hostToken)).includes(viewerId));
    assert.equal((await request(hostB.socket, 'viewer:unban', { viewerId })).error?.code, 'not_found');
    assert.equal((await request(troll.socket, 'chat:send', { text: 'hi' })).error?.code, 'restricted');
    assert.equal((await request(hostA.socket, 'viewer:unban', { viewerId })).ok, true);
  });

  it('the admin lists every ban with its show and lifts any of them', async () => {
    const troll = await chatter(showA.id);
    const { viewerId } = (await request(hostA.socket, 'viewer:ban', { messageId: troll.message.id })).restricted;
    const inB = await h.connect({ show: showB.id, viewer: troll.credential, name: 'Troll' });

    assert.equal((await h.api('GET', '/api/bans', { admin: false })).status, 401);
    assert.equal(
      (await h.api('DELETE', `/api/bans/${encodeURIComponent(viewerId)}`, { admin: 'wrong-key' })).status,
      401,
    );
    const list = await h.api('GET', '/api/bans');
    assert.equal(list.status, 200, list.text);
    const listed = list.json.bans.find((b: { viewerId: string }) => b.viewerId === viewerId);
    assert.deepEqual(
      { ...listed, at: 0 },
      { viewerId, showId: showA.id, name: 'Troll', kind: 'ban', until: null, at: 0 },
    );

    assert.equal((await h.api('DELETE', `/api/bans/${encodeURIComponent(viewerId)}`)).status, 204);
    assert.equal((await request(inB.socket, 'chat:send', { text: 'back' })).ok, true);
    assert.ok(!(await h.api('GET', '/api/bans')).json.bans.some((b: { viewerId: string }) => b.viewerId === viewerId));
    const none = await h.api('DELETE', `/api/bans/${encodeURIComponent(viewerId)}`);
    assert.equal(none.status, 404);
    assert.equal(none.json.error.code, 'not_found');
  });
});
