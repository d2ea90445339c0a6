import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ErrorCode,
  LIMITS,
  LiveShopError,
  type ChatMessage,
  type PublicShow,
  type ShowSnapshot,
} from '@live-shop/protocol';
import type { LiveShopSocket } from '../socket/types.js';
import { sendSnapshot } from '../socket/snapshots.js';
import { SnapshotCache } from './snapshot-cache.js';

/** A source whose every read is counted and answered with the current "database" contents. */
function fakeSource() {
  const db = { pins: [] as string[], chat: [] as ChatMessage[], recentSales: [] as PublicShow['recentSales'] };
  const reads = { show: 0, chat: 0 };
  const gates: Array<() => void> = [];
  let gated = false;
  const source = {
    async publicShow(showId: string): Promise<PublicShow> {
      reads.show++;
      if (showId === 'missing') throw new LiveShopError(ErrorCode.NotFound, 'Show not found');
      // What the read sees is taken now; a gate holds the answer back (a slow query).
      const pins = { productIds: [...db.pins], at: reads.show };
      const recentSales = [...db.recentSales];
      if (gated) await new Promise<void>((resolve) => gates.push(resolve));
      return {
        id: showId,
        title: 'T',
        status: 'live',
        statusAt: 1,
        createdAt: 1,
        products: [],
        pins,
        playback: null,
        settings: { socialProof: true, slowModeSeconds: 0, reactions: [] },
        recentSales,
        guestsOnStage: [],
      };
    },
    async recentChat(): Promise<ChatMessage[]> {
      reads.chat++;
      return [...db.chat];
    },
  };
  return {
    db,
    reads,
    source,
    hold: () => (gated = true),
    release: () => ((gated = false), gates.splice(0).forEach((open) => open())),
  };
}

const message = (id: string): ChatMessage => ({ id, name: 'A', text: id, role: 'viewer', at: 1 });

describe('snapshot cache', () => {
  it('one read per show for any number of concurrent joins (single flight), none while nothing changed', async () => {
    const f = fakeSource();
    const cache = new SnapshotCache(f.source);
    const reads = await Promise.all(Array.from({ length: 50 }, () => cache.read('s1')));
    assert.deepEqual(f.reads, { show: 1, chat: 1 });
    await cache.read('s1');
    await cache.show('s1');
    assert.deepEqual(f.reads, { show: 1, chat: 1 });
    assert.ok(reads.every((r) => cache.isCurrent(r)));
  });

  it('a change drops the cached part: the next read sees the new data, older reads are no longer current', async () => {
    const f = fakeSource();
    const cache = new SnapshotCache(f.source);
    const before = await cache.read('s1');
    f.db.pins = ['p1'];
    cache.changed('s1', ['show', 'chat']);
    assert.equal(cache.isCurrent(before), false);
    const after = await cache.read('s1');
    assert.deepEqual(after.show.pins.productIds, ['p1']);
    assert.ok(cache.isCurrent(after));
    assert.deepEqual(f.reads, { show: 2, chat: 2 });
  });

  it('chat changes re-read the chat only; other shows are untouched; null means every show', async () => {
    const f = fakeSource();
    const cache = new SnapshotCache(f.source);
    await cache.read('s1');
    const other = await cache.read('s2');
    f.db.chat = [message('m1')];
    cache.changed('s1', ['chat']);
    assert.deepEqual((await cache.read('s1')).chat, [message('m1')]);
    assert.deepEqual(f.reads, { show: 2, chat: 3 });
    assert.ok(cache.isCurrent(other));
    cache.changed(null, ['show']);
    assert.equal(cache.isCurrent(other), false);
  });

  it('a read that was in flight during a change is not kept: joins after the change wait for a new read', async () => {
    const f = fakeSource();
    const cache = new SnapshotCache(f.source);
    f.hold();
    const during = cache.read('s1');
    await Promise.resolve();
    f.db.pins = ['p1'];
    cache.changed('s1', ['show']);
    const next = cache.read('s1');
    f.release();
    const [old, fresh] = await Promise.all([during, next]);
    assert.deepEqual(old.show.pins.productIds, [], 'the old read saw the database before the change');
    assert.equal(cache.isCurrent(old), false, '…so it may not be sent');
    assert.deepEqual(fresh.show.pins.productIds, ['p1']);
    assert.ok(cache.isCurrent(fresh));
    assert.deepEqual((await cache.read('s1')).show.pins.productIds, ['p1'], 'and the new one is what is kept');
  });

  it('a missing show is not cached: it is asked again (it may be created on another node)', async () => {
    const f = fakeSource();
    const cache = new SnapshotCache(f.source);
    for (let i = 0; i < 2; i++)
      await assert.rejects(
        cache.show('missing'),
        (e: unknown) => e instanceof LiveShopError && e.code === ErrorCode.NotFound,
      );
    assert.equal(f.reads.show, 2);
  });

  it('reads again after maxAgeMs, and drops social proof that aged out since the read', async () => {
    let now = 1_000_000;
    const f = fakeSource();
    f.db.recentSales = [
      { productId: 'p1', quantity: 1, at: now - LIMITS.soldWindowMs + 1000 },
      { productId: 'p1', quantity: 2, at: now - 10 },
    ];
    const cache = new SnapshotCache(f.source, { maxAgeMs: 5000, now: () => now });
    const read = await cache.read('s1');
    assert.equal(cache.snapshot(read, 'viewer', 3).show.recentSales.length, 2);
    now += 2000;
    const later = cache.snapshot(await cache.read('s1'), 'viewer', 3);
    assert.deepEqual(
      later.show.recentSales.map((s) => s.quantity),
      [2],
      'the sale older than the window is gone, as a fresh read would say',
    );
    assert.equal(read.show.recentSales.length, 2, 'the cached show itself is never mutated');
    assert.equal(f.reads.show, 1);
    now += 4000;
    await cache.read('s1');
    assert.equal(f.reads.show, 2, 'older than maxAgeMs: read again');
  });

  it('sendSnapshot reads again when the show changed between its read and the emit', async () => {
    const f = fakeSource();
    const cache = new SnapshotCache(f.source);
    const emitted: ShowSnapshot[] = [];
    const emit = (_event: string, s: ShowSnapshot) => emitted.push(s);
    // The snapshot goes to this node's socket only (`nsp.local.to(id)`), never through the adapter's stream.
    const socket = {
      id: 'sock1',
      data: { showId: 's1', role: 'host' },
      nsp: { local: { to: (id: string) => (assert.equal(id, 'sock1'), { emit }) } },
    } as unknown as LiveShopSocket;
    let summaries = 0;
    const deps = {
      snapshots: cache,
      viewers: { count: () => 7 },
      commerce: {
        // The host's sales summary is read after the snapshot: a pin lands meanwhile.
        summary: async () => {
          if (summaries++ === 0) {
            f.db.pins = ['p1'];
            cache.changed('s1', ['show']);
          }
          return { at: summaries } as never;
        },
        countImpressions: () => {},
      },
      moderation: { state: async () => ({ restricted: [], held: [], blocklist: [], moderators: [] }) },
      stage: { reconcile: async () => {}, state: async () => ({ layout: 'solo', guests: [] }) },
      reactions: { totals: async () => ({}) },
      banners: { questions: async () => [] },
      polls: { voteOf: async () => null },
      iceServers: [],
      service: { access: { guests: async () => [] } },
      logger: { error: () => {} },
    } as unknown as Parameters<typeof sendSnapshot>[1];
    await sendSnapshot(socket, deps);
    assert.equal(emitted.length, 1);
    assert.deepEqual(emitted[0]!.show.pins.productIds, ['p1'], 'not the snapshot read before the pin');
    assert.equal(emitted[0]!.viewers, 7);
    assert.equal(summaries, 2);
  });
});
