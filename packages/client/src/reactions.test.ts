import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { REACTION_LIMITS, type ReactionKind } from '@live-shop/protocol';
import type { ReactionsEvent } from './reactions.js';
import { referenceServer } from './testing/clients.js';
import { until } from './testing/until.js';

// The other end is the real reference server: what goes over the wire is read from its sockets.
const ref = referenceServer();
const { client } = ref;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every `reaction:send` the server receives from viewers, as `[kind, count]`. */
function sends(): [ReactionKind, number][] {
  const seen: [ReactionKind, number][] = [];
  for (const socket of ref.h.server.io.of('/').sockets.values())
    if (socket.data.role === 'viewer')
      socket.onAny((event: string, payload: { kind: ReactionKind; count: number }) => {
        if (event === 'reaction:send') seen.push([payload.kind, payload.count]);
      });
  return seen;
}

describe('LiveShopClient reactions', () => {
  it('batches a burst of taps into one reaction:send per kind; everyone gets the counts, the tapper marked as mine', async () => {
    const host = client({ token: ref.show.hostToken });
    host.connect();
    await until(host, (s) => s.ready);
    await host.goLive();
    await ref.h.server.service.signal(ref.show.id, 'mediaUp');
    const [a, b] = [client(), client()];
    a.connect();
    b.connect();
    await until(a, (s) => s.ready && s.status === 'live');
    await until(b, (s) => s.ready && s.status === 'live');
    assert.deepEqual(a.state.settings.reactions, ['heart', 'fire', 'clap', 'laugh']);
    const wire = sends();
    const aEvents: ReactionsEvent[] = [];
    const bEvents: ReactionsEvent[] = [];
    a.on('reactions', (e) => aEvents.push(e));
    b.on('reactions', (e) => bEvents.push(e));

    const taps = Array.from({ length: REACTION_LIMITS.countMax + 5 }, () => a.react('heart'));
    assert.ok(a.react('fire'));
    assert.deepEqual(taps.filter(Boolean).length, REACTION_LIMITS.countMax, 'a full batch drops the rest');
    await until(b, (s) => s.reactions.heart === REACTION_LIMITS.countMax && s.reactions.fire === 1, 'b sees them');
    await until(a, (s) => s.reactions.heart === REACTION_LIMITS.countMax && s.reactions.fire === 1, 'a sees them');
    assert.deepEqual(wire.sort(), [
      ['fire', 1],
      ['heart', REACTION_LIMITS.countMax],
    ]);
    assert.deepEqual(
      aEvents.map((e) => e.mine),
      aEvents.map((e) => e.counts),
      'all of them were a’s own taps',
    );
    assert.ok(
      bEvents.every((e) => Object.keys(e.mine).length === 0),
      'none of them were b’s',
    );
    assert.equal(host.state.reactions.heart, REACTION_LIMITS.countMax, 'the studio counts them too');
  });

  it('once the server cuts a batch or answers rate_limited, drops taps for a while instead of sending them', async () => {
    const c = client();
    c.connect();
    await until(c, (s) => s.ready && s.status === 'live');
    const wire = sends();
    // Full batches a window apart outrun the limit within a few windows: then taps are refused locally.
    let refused = false;
    for (let round = 0; round < 10 && !refused; round++) {
      for (let i = 0; i < REACTION_LIMITS.countMax; i++) c.react('clap');
      await sleep(REACTION_LIMITS.windowMs * 2);
      refused = !c.react('clap');
    }
    assert.ok(refused, 'a tap is dropped after rate_limited');
    const sent = wire.length;
    await sleep(REACTION_LIMITS.windowMs * 2);
    assert.equal(wire.length, sent, 'nothing sent while cooling off');
  });
});
