import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LIMITS, type CreatedShow, type StageSignalMessage, type StageState } from '@live-shop/protocol';
import { record, request, startHarness, withTimeout, type ClientSocket, type Harness } from '../testing/harness.js';

const disconnected = (socket: ClientSocket) =>
  withTimeout(new Promise<string>((resolve) => socket.once('disconnect', resolve)), 'disconnect');

const ICE_SERVERS = [{ urls: 'turn:127.0.0.1:3478', username: 'guest', credential: 'turn-secret-0123' }];
const OFFER = { description: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } };

describe('stage: guest links, the stage list, presence and the signalling relay', () => {
  let h: Harness;
  let show: CreatedShow;
  let host: Awaited<ReturnType<Harness['connect']>>;

  before(async () => {
    // The host sends more events than a person clicking would: the per-connection limit is tested elsewhere.
    h = await startHarness({ iceServers: ICE_SERVERS, socketEventLimit: false });
    show = await h.createShow();
    host = await h.connect({ show: show.id, token: show.hostToken });
  });
  after(() => h.close());

  /** A guest link from the host, connected; joined under `name` unless null. */
  async function guest(name: string | null = 'Gia', hostSocket = host.socket, showId = show.id) {
    const invite = await request(hostSocket, 'guest:invite', { label: name ?? 'link' });
    assert.equal(invite.ok, true, JSON.stringify(invite));
    const connection = await h.connect({ show: showId, token: invite.token });
    let stage: StageState | null = null;
    if (name !== null) {
      const joined = await request(connection.socket, 'stage:join', { name });
      assert.equal(joined.ok, true, JSON.stringify(joined));
      stage = joined.stage;
    }
    return { ...connection, token: invite.token as string, id: invite.guest.id as string, stage };
  }

  const entry = (stage: StageState, id: string) => stage.guests.find((g) => g.id === id);

  it('a guest link joins backstage: the host, moderators and guests hear stage:state, viewers nothing', async () => {
    const invite = await request(host.socket, 'guest:invite', { label: 'Brand guest', hours: 2 });
    assert.match(invite.studioUrl, new RegExp(`^/studio\\?show=${show.id}#token=lsh2\\.`));
    assert.equal(invite.guest.label, 'Brand guest');
    assert.ok(invite.guest.expiresAt <= Date.now() + 2 * 3600_000);
    const modInvite = await request(host.socket, 'moderator:invite', {});
    const mod = await h.connect({ show: show.id, token: modInvite.token });
    const viewer = await h.connect({ show: show.id, name: 'Vi' });
    const toHost = record<StageState>(host.socket, 'stage:state');
    const toMod = record<StageState>(mod.socket, 'stage:state');
    const toViewer = record<StageState>(viewer.socket, 'stage:state');

    const g = await h.connect({ show: show.id, token: invite.token });
    assert.equal(g.snapshot.role, 'guest');
    assert.equal(g.snapshot.peer, g.socket.id);
    assert.deepEqual(g.snapshot.iceServers, ICE_SERVERS);
    assert.equal(mod.snapshot.peer, undefined, 'moderators are no WebRTC peer');
    assert.equal(mod.snapshot.iceServers, undefined);
    assert.ok(mod.snapshot.stage, 'moderators see the stage');
    const joined = await request(g.socket, 'stage:join', { name: 'Bea' });
    assert.equal(joined.ok, true, JSON.stringify(joined));
    const bea = entry(joined.stage, invite.guest.id)!;
    assert.deepEqual(
      { ...bea, since: 0 },
      {
        id: invite.guest.id,
        name: 'Bea',
        place: 'backstage',
        muted: false,
        peer: g.socket.id,
        since: 0,
      },
    );
    await toHost.until((seen) => seen.some((s) => entry(s, bea.id)?.peer === g.socket.id), 'the host hears the join');
    await toMod.until((seen) => seen.some((s) => !!entry(s, bea.id)), 'the moderator hears the join');
    const again = await h.connect({ show: show.id, token: show.hostToken });
    assert.deepEqual(
      again.snapshot.guestLinks!.map((l) => l.id),
      [invite.guest.id],
      "the host's snapshot lists the guest links",
    );
    assert.equal(entry(again.snapshot.stage!, bea.id)?.name, 'Bea');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(toViewer.seen, [], 'viewers never get stage:state');
    assert.equal(viewer.snapshot.stage, undefined);
  });

  it('the host moves, mutes and lays out; at most stageMax on stage (stage_full); unknown guests not_found', async () => {
    const guests: Awaited<ReturnType<typeof guest>>[] = [];
    for (const name of ['One', 'Two', 'Three', 'Four']) guests.push(await guest(name));
    for (const g of guests.slice(0, LIMITS.stageMax - 1)) {
      const moved = await request(host.socket, 'stage:move', { guestId: g.id, place: 'stage' });
      assert.equal(moved.ok, true, JSON.stringify(moved));
      assert.equal(entry(moved.stage, g.id)!.place, 'stage');
    }
    const full = await request(host.socket, 'stage:move', { guestId: guests[3]!.id, place: 'stage' });
    assert.equal(full.error?.code, 'stage_full', JSON.stringify(full));
    const back = await request(host.socket, 'stage:move', { guestId: guests[0]!.id, place: 'backstage' });
    assert.equal(entry(back.stage, guests[0]!.id)!.place, 'backstage');
    const now = await request(host.socket, 'stage:move', { guestId: guests[3]!.id, place: 'stage' });
    assert.equal(now.ok, true, JSON.stringify(now));

    const heard = record<StageState>(guests[1]!.socket, 'stage:state');
    const muted = await request(host.socket, 'stage:mute', { guestId: guests[1]!.id, muted: true });
    assert.equal(entry(muted.stage, guests[1]!.id)!.muted, true);
    const layout = await request(host.socket, 'stage:layout', { layout: 'grid' });
    assert.equal(layout.stage.layout, 'grid');
    await heard.until((seen) => seen.some((s) => s.layout === 'grid'), 'guests hear the layout');
    assert.equal((await request(host.socket, 'stage:layout', { layout: 'mosaic' })).error?.code, 'bad_request');
    for (const [event, payload] of [
      ['stage:move', { guestId: 'nobody', place: 'stage' }],
      ['stage:mute', { guestId: 'nobody', muted: true }],
      ['stage:remove', { guestId: 'nobody' }],
      ['guest:revoke', { id: 'nobody' }],
    ] as const)
      assert.equal((await request(host.socket, event, payload)).error?.code, 'not_found', event);
    // Clean up: the next tests count from an empty stage.
    for (const g of guests) assert.equal((await request(g.socket, 'stage:leave', {})).ok, true);
    const left = await request(host.socket, 'stage:layout', { layout: 'solo' });
    assert.deepEqual(
      left.stage.guests.filter((s: { id: string }) => guests.some((g) => g.id === s.id)),
      [],
    );
  });

  it(`at most stageGuestsMax (${LIMITS.stageGuestsMax}) guests listed: the next join is stage_full`, async () => {
    const listed = (await request(host.socket, 'stage:layout', { layout: 'solo' })).stage.guests.length;
    const joined = [];
    for (let i = listed; i < LIMITS.stageGuestsMax; i++) joined.push(await guest(`G${i}`));
    const extra = await guest(null);
    const refused = await request(extra.socket, 'stage:join', { name: 'One too many' });
    assert.equal(refused.error?.code, 'stage_full', JSON.stringify(refused));
    for (const g of joined) await request(g.socket, 'stage:leave', {});
    assert.equal((await request(extra.socket, 'stage:join', { name: 'Now there is room' })).ok, true);
    await request(extra.socket, 'stage:leave', {});
  });

  it('presence: a guest who drops shows peer null; back and joined again, it is where it was with a new peer', async () => {
    const g = await guest('Dee');
    await request(host.socket, 'stage:move', { guestId: g.id, place: 'stage' });
    await request(host.socket, 'stage:mute', { guestId: g.id, muted: true });
    const heard = record<StageState>(host.socket, 'stage:state');
    g.socket.disconnect();
    await heard.until((seen) => seen.some((s) => entry(s, g.id)?.peer === null), 'the peer clears');
    const back = await h.connect({ show: show.id, token: g.token });
    const joined = await request(back.socket, 'stage:join', { name: 'Dee (reloaded)' });
    assert.deepEqual((({ name, place, muted, peer }) => ({ name, place, muted, peer }))(entry(joined.stage, g.id)!), {
      name: 'Dee (reloaded)',
      place: 'stage',
      muted: true,
      peer: back.socket.id,
    });
    // Two tabs of one guest: closing the older one does not clear the newer one's peer.
    const third = await h.connect({ show: show.id, token: g.token });
    await request(third.socket, 'stage:join', { name: 'Dee' });
    back.socket.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 150));
    const now = await request(host.socket, 'stage:layout', { layout: 'solo' });
    assert.equal(entry(now.stage, g.id)!.peer, third.socket.id);
    assert.equal((await request(third.socket, 'stage:leave', {})).ok, true);
  });

  it("a stale peer (a connection no node holds) shows as null in the host's snapshot", async () => {
    const g = await guest('Ghost');
    await h.server.store.setStagePeer(show.id, g.id, 'gone-connection');
    const fresh = await h.connect({ show: show.id, token: show.hostToken });
    assert.equal(entry(fresh.snapshot.stage!, g.id)!.peer, null);
    await request(g.socket, 'stage:leave', {});
  });

  it('signalling: host ↔ guest only, within the show; viewers and moderators refused; limits enforced', async () => {
    const g = await guest('Sig');
    const other = await guest('Other');
    const toGuest = record<StageSignalMessage>(g.socket, 'stage:signal');
    const toOther = record<StageSignalMessage>(other.socket, 'stage:signal');
    const toHost = record<StageSignalMessage>(host.socket, 'stage:signal');

    const sent = await request(host.socket, 'stage:signal', { to: g.socket.id, signal: OFFER });
    assert.equal(sent.ok, true, JSON.stringify(sent));
    const [offer] = await toGuest.until((seen) => seen.length === 1, 'the offer');
    assert.deepEqual(offer, { from: host.socket.id, role: 'host', guestId: null, signal: OFFER });
    const candidate = {
      candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0' },
    };
    assert.equal((await request(g.socket, 'stage:signal', { to: host.socket.id, signal: candidate })).ok, true);
    const [fromGuest] = await toHost.until((seen) => seen.length === 1, 'the candidate');
    assert.deepEqual(fromGuest, { from: g.socket.id, role: 'guest', guestId: g.id, signal: candidate });

    // A guest addresses host studios only: another guest is unreachable.
    const sideways = await request(g.socket, 'stage:signal', { to: other.socket.id, signal: OFFER });
    assert.equal(sideways.error?.code, 'not_found', JSON.stringify(sideways));
    // Another show's host cannot reach this show's guest, nor this host that show's guest.
    const show2 = await h.createShow({ title: 'Other show' });
    const host2 = await h.connect({ show: show2.id, token: show2.hostToken });
    const across = await request(host2.socket, 'stage:signal', { to: g.socket.id, signal: OFFER });
    assert.equal(across.error?.code, 'not_found', JSON.stringify(across));
    const g2 = await guest('Elsewhere', host2.socket, show2.id);
    const back = await request(g2.socket, 'stage:signal', { to: host.socket.id, signal: OFFER });
    assert.equal(back.error?.code, 'not_found', JSON.stringify(back));
    // Viewers and moderators: forbidden.
    const viewer = await h.connect({ show: show.id, name: 'Peeker' });
    const mod = await h.connect({
      show: show.id,
      token: (await request(host.socket, 'moderator:invite', {})).token,
    });
    for (const socket of [viewer.socket, mod.socket]) {
      const ack = await request(socket, 'stage:signal', { to: g.socket.id, signal: OFFER });
      assert.equal(ack.error?.code, 'forbidden', JSON.stringify(ack));
    }
    // Limits: payload_too_large beyond them, bad_request for a wrong shape.
    const big = { description: { type: 'offer', sdp: 'a'.repeat(LIMITS.signalSdpMax + 1) } };
    const longCandidate = { candidate: { candidate: 'c'.repeat(LIMITS.signalCandidateMax + 1) } };
    for (const signal of [big, longCandidate]) {
      const ack = await request(host.socket, 'stage:signal', { to: g.socket.id, signal });
      assert.equal(ack.error?.code, 'payload_too_large', JSON.stringify(ack).slice(0, 200));
    }
    const atLimit = { description: { type: 'answer', sdp: 'a'.repeat(LIMITS.signalSdpMax) } };
    assert.equal((await request(host.socket, 'stage:signal', { to: g.socket.id, signal: atLimit })).ok, true);
    // The size the host draws the guest at: relayed as it is.
    const size = { video: { width: 637, height: 357 } };
    assert.equal((await request(host.socket, 'stage:signal', { to: g.socket.id, signal: size })).ok, true);
    for (const payload of [
      { to: g.socket.id, signal: {} },
      { to: g.socket.id, signal: { video: { width: 0, height: 357 } } },
      { to: g.socket.id, signal: { video: { width: 640.5, height: 360 } } },
      { to: g.socket.id, signal: { video: { width: 100_000, height: 360 } } },
      { to: g.socket.id, signal: { video: { width: 640, height: 360, fps: 60 } } },
      { to: g.socket.id, signal: { description: { type: 'pranswer', sdp: 'x' } } },
      { to: g.socket.id, signal: OFFER, extra: 1 },
      { to: '', signal: OFFER },
    ]) {
      const ack = await request(host.socket, 'stage:signal', payload);
      assert.equal(ack.error?.code, 'bad_request', JSON.stringify(payload));
    }
    await toGuest.until((seen) => seen.length === 3, 'the answer at the limit and the size');
    assert.deepEqual(toGuest.seen[2]!.signal, size);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(toGuest.seen.length, 3, 'nothing else reached the guest');
    assert.deepEqual(toOther.seen, [], 'nothing reached the other guest');
    assert.equal(toHost.seen.length, 1, "another show's guest never reached this host");
    for (const x of [g, other]) await request(x.socket, 'stage:leave', {});
  });

  it('stage:remove and guest:revoke drop the guest, close its connections and refuse its link from then on', async () => {
    for (const event of ['stage:remove', 'guest:revoke'] as const) {
      const g = await guest(`Removed by ${event}`);
      const closed = disconnected(g.socket);
      const heard = record<StageState>(host.socket, 'stage:state');
      const ack = await request(host.socket, event, event === 'guest:revoke' ? { id: g.id } : { guestId: g.id });
      assert.equal(ack.ok, true, JSON.stringify(ack));
      assert.equal(entry(ack.stage, g.id), undefined);
      assert.equal(await closed, 'io server disconnect');
      await heard.until((seen) => seen.some((s) => !entry(s, g.id)), 'stage:state without the guest');
      const refused = await h.connectError({ show: show.id, token: g.token });
      assert.equal(refused.data?.code, 'token_expired');
    }
  });

  it('revoking the host token (admin) revokes the guests it invited: off the stage, connections closed', async () => {
    const created = await h.api('POST', `/api/shows/${show.id}/tokens`, { body: { role: 'host', label: 'Second' } });
    assert.equal(created.status, 201, created.text);
    const secondHost = await h.connect({ show: show.id, token: created.json.token });
    const g = await guest('Invited by the second host', secondHost.socket);
    const closed = disconnected(g.socket);
    const heard = record<StageState>(host.socket, 'stage:state');
    const res = await h.api('DELETE', `/api/shows/${show.id}/tokens/${created.json.id}`);
    assert.equal(res.status, 204);
    assert.equal(await closed, 'io server disconnect');
    await heard.until((seen) => seen.some((s) => !entry(s, g.id)), 'the guest left the stage');
  });

  it('the admin tokens API mints, lists and revokes guest links', async () => {
    const created = await h.api('POST', `/api/shows/${show.id}/tokens`, { body: { role: 'guest', label: 'Stylist' } });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.role, 'guest');
    assert.match(created.json.studioUrl, /\/studio\?show=.*#token=lsh2\./);
    assert.ok(created.json.expiresAt <= Date.now() + LIMITS.guestTokenHours * 3600_000);
    const g = await h.connect({ show: show.id, token: created.json.token });
    assert.equal(g.snapshot.role, 'guest');
    const list = await h.api('GET', `/api/shows/${show.id}/tokens`);
    assert.ok(
      list.json.tokens.some((t: { id: string; role: string }) => t.id === created.json.id && t.role === 'guest'),
    );
  });
});

describe('stage: signalling under the default event limit', () => {
  it('a burst of ICE candidates passes (its own, larger bucket), a flood does not; other events keep theirs', async () => {
    const h = await startHarness();
    try {
      const show = await h.createShow();
      const host = await h.connect({ show: show.id, token: show.hostToken });
      const invite = await request(host.socket, 'guest:invite', {});
      const g = await h.connect({ show: show.id, token: invite.token });
      const candidate = { candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host' } };
      const send = (n: number) =>
        Promise.all(
          Array.from({ length: n }, () => request(host.socket, 'stage:signal', { to: g.socket.id, signal: candidate })),
        );
      // 120 at once: three times what the general bucket would let through.
      const burst = await send(120);
      assert.deepEqual(
        burst.filter((a) => !a.ok),
        [],
      );
      const flood = await send(200);
      assert.ok(
        flood.some((a) => a.error?.code === 'rate_limited'),
        'the signalling bucket has a bottom',
      );
      // The general bucket was not spent by the signals.
      assert.equal((await request(host.socket, 'stage:layout', { layout: 'grid' })).ok, true);
    } finally {
      await h.close();
    }
  });
});

describe('stage: across a restart on the same data', () => {
  it('guests come back where they were; a peer recorded before the stop shows as null', async () => {
    let h = await startHarness();
    const show = await h.createShow();
    const host = await h.connect({ show: show.id, token: show.hostToken });
    const invites = [await request(host.socket, 'guest:invite', {}), await request(host.socket, 'guest:invite', {})];
    const [on, ghost] = invites.map((i) => ({ id: i.guest.id as string, token: i.token as string }));
    const onStage = await h.connect({ show: show.id, token: on!.token });
    await request(onStage.socket, 'stage:join', { name: 'Star' });
    const ghostly = await h.connect({ show: show.id, token: ghost!.token });
    await request(ghostly.socket, 'stage:join', { name: 'Ghost' });
    await request(host.socket, 'stage:move', { guestId: on!.id, place: 'stage' });
    await request(host.socket, 'stage:mute', { guestId: on!.id, muted: true });
    await request(host.socket, 'stage:layout', { layout: 'side-by-side' });
    // A node that crashes never writes its guests' disconnects: as if this connection were one of those.
    await h.server.store.setStagePeer(show.id, ghost!.id, 'connection-of-a-crashed-node');
    await h.close(false);

    h = await startHarness({ dataDir: h.dataDir });
    try {
      const stored = await h.server.store.getStage(show.id);
      assert.deepEqual(
        stored.guests.map((g) => g.peer),
        [null, null],
        'no connection survived the stop: no guest is shown connected',
      );
      const host2 = await h.connect({ show: show.id, token: show.hostToken });
      const stage = host2.snapshot.stage!;
      assert.equal(stage.layout, 'side-by-side');
      assert.deepEqual(
        stage.guests.map(({ id, name, place, muted, peer }) => ({ id, name, place, muted, peer })),
        [
          { id: on!.id, name: 'Star', place: 'stage', muted: true, peer: null },
          { id: ghost!.id, name: 'Ghost', place: 'backstage', muted: false, peer: null },
        ],
      );
      const back = await h.connect({ show: show.id, token: on!.token });
      const joined = await request(back.socket, 'stage:join', { name: 'Star' });
      assert.deepEqual(
        joined.stage.guests.map((g: { place: string; peer: string | null }) => [g.place, g.peer]),
        [
          ['stage', back.socket.id],
          ['backstage', null],
        ],
      );
    } finally {
      await h.close();
    }
  });
});
