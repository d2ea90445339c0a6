import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StageGuest, StageSignalMessage } from '@live-shop/protocol';
import { withTimeout } from '@live-shop/server/testing';
import type { LiveShopClient } from './index.js';
import { referenceServer } from './testing/clients.js';
import { until } from './testing/until.js';

// The co-hosts' stage from the headless client, against the real reference server.
const ref = referenceServer();
const fast = { reconnectionDelay: 50, reconnectionDelayMax: 200 };

const next = <T>(c: LiveShopClient, event: 'stage-signal' | 'error') =>
  withTimeout(
    new Promise<T>((resolve) => {
      const off = c.on(event, (detail) => (off(), resolve(detail as T)));
    }),
    event,
  );

describe('LiveShopClient on stage against the reference server', () => {
  /** A host of a fresh show and a guest it invited, both connected; the guest not yet joined. */
  async function staged() {
    const show = await ref.h.createShow({ title: 'Co-hosted' });
    const host = ref.client({ show: show.id, token: show.hostToken });
    host.connect();
    await until(host, (s) => s.ready);
    const invite = await host.inviteGuest({ label: 'Stylist' });
    const guest = ref.client({ show: show.id, token: invite.token, socketOptions: fast });
    guest.connect();
    await until(guest, (s) => s.ready);
    return { show, host, guest, invite };
  }
  const mine = (c: LiveShopClient, id: string): StageGuest | undefined =>
    c.state.stage?.guests.find((g) => g.id === id);
  /** The server's socket of a client connection (by its peer id). */
  const serverSocket = (peer: string) => ref.h.server.io.sockets.sockets.get(peer)!;

  it('the host invites, the guest joins backstage, the host arranges: both states follow', async () => {
    const { host, guest, invite } = await staged();
    assert.ok(invite.studioUrl.startsWith(`${ref.h.url}/studio?show=`), invite.studioUrl);
    assert.deepEqual(
      host.state.guestLinks.map((l) => l.label),
      ['Stylist'],
    );
    assert.equal(guest.state.role, 'guest');
    assert.equal(typeof guest.state.peer, 'string');
    assert.deepEqual(guest.state.iceServers, []);
    assert.deepEqual(guest.state.guestLinks, [], 'guests do not list links');
    assert.equal(guest.state.moderation, null);
    assert.deepEqual(host.state.stage, { layout: 'solo', guests: [] });

    const { stage } = await guest.joinStage('Gia');
    assert.equal(stage.guests[0]!.place, 'backstage');
    await until(host, (s) => s.stage?.guests[0]?.name === 'Gia', 'the host sees the guest backstage');
    const id = invite.guest.id;
    await host.moveGuest(id, 'stage');
    await host.muteGuest(id, true);
    await host.setStageLayout('side-by-side');
    assert.deepEqual(
      [mine(host, id)?.place, mine(host, id)?.muted, host.state.stage?.layout],
      ['stage', true, 'side-by-side'],
    );
    await until(
      guest,
      (s) => s.stage?.layout === 'side-by-side' && s.stage.guests[0]?.muted === true,
      'the guest sees it too',
    );
    await assert.rejects(guest.moveGuest(id, 'backstage'), { name: 'LiveShopError', code: 'forbidden' });
    await assert.rejects(host.joinStage('Host'), { code: 'forbidden' });
  });

  it('signalling: the host offers, the guest answers, each hears the other as a typed stage-signal event', async () => {
    const { host, guest, invite } = await staged();
    await guest.joinStage('Gia');
    const guestPeer = (await until(host, (s) => !!s.stage?.guests[0]?.peer)).stage!.guests[0]!.peer!;
    assert.equal(guestPeer, guest.state.peer);
    const offered = next<StageSignalMessage>(guest, 'stage-signal');
    await host.sendSignal(guestPeer, { description: { type: 'offer', sdp: 'v=0\r\n' } });
    const offer = await offered;
    assert.deepEqual(offer, {
      from: host.state.peer,
      role: 'host',
      guestId: null,
      signal: { description: { type: 'offer', sdp: 'v=0\r\n' } },
    });
    const answered = next<StageSignalMessage>(host, 'stage-signal');
    await guest.sendSignal(offer.from, { description: { type: 'answer', sdp: 'v=0\r\n' } });
    assert.equal((await answered).guestId, invite.guest.id);
    await assert.rejects(guest.sendSignal(guestPeer, { candidate: null }), { code: 'not_found' });
  });

  it('a guest whose connection is replaced joins again by itself, where it was; after leaveStage it does not', async () => {
    const { host, guest, invite } = await staged();
    const id = invite.guest.id;
    await guest.joinStage('Gia');
    await host.moveGuest(id, 'stage');
    // The server closes the guest's connection (not a resumable drop): a new connection, a new snapshot.
    const first = guest.state.peer!;
    serverSocket(first).disconnect(true);
    const back = await until(
      host,
      () => !!mine(host, id)?.peer && mine(host, id)?.peer !== first,
      'the guest is back, with a new peer',
    );
    assert.equal(mine(host, id)?.place, 'stage', 'where it was');
    assert.equal(back.stage?.guests.length, 1);
    assert.equal(mine(host, id)?.peer, guest.state.peer);

    // A transport drop resumes the session (same peer, no snapshot): the server marks it connected again.
    serverSocket(guest.state.peer!).conn.close();
    await until(host, (s) => s.stage?.guests[0]?.peer === null, 'shown as dropped');
    await until(host, (s) => s.stage?.guests[0]?.peer === guest.state.peer, 'connected again');

    await guest.leaveStage();
    await until(host, (s) => s.stage?.guests.length === 0, 'left');
    // A new session (no resumption): a snapshot, after which a joined guest would join again.
    const second = guest.state.peer!;
    guest.close();
    guest.connect();
    await until(guest, (s) => s.connection === 'connected' && !!s.peer && s.peer !== second, 'a new session');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(host.state.stage?.guests, [], 'no join after leaveStage');
  });

  it('the host removes a guest: the link leaves guestLinks, the guest is closed with token_expired', async () => {
    const { host, guest, invite } = await staged();
    await guest.joinStage('Gia');
    const refused = next<{ code: string }>(guest, 'error');
    const { stage } = await host.removeGuest(invite.guest.id);
    assert.deepEqual(stage.guests, []);
    assert.deepEqual(host.state.guestLinks, []);
    assert.equal((await refused).code, 'token_expired');
    assert.equal(guest.state.connection, 'error');
    const again = await host.inviteGuest();
    await host.revokeGuest(again.guest.id);
    assert.deepEqual(host.state.guestLinks, []);
  });
});
