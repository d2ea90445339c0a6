import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatMessage, TimelineEntry, TimelinePage } from '@live-shop/protocol';
import { request } from '@live-shop/server/testing';
import { loadReplayTimeline, recordingPositionOf, recordingTimeAt, ReplayTimeline } from './index.js';
import { referenceServer } from './testing/clients.js';

const T0 = 1_000_000;
const message = (id: string, at: number): ChatMessage => ({ id, name: 'Ann', text: id, role: 'viewer', at });
const entries: TimelineEntry[] = [
  { kind: 'status', id: 's1', at: T0, t: 0, status: 'live' },
  { kind: 'pins', id: 'p1', at: T0 + 1000, t: 1000, productIds: ['kettle'] },
  { kind: 'chat', id: 'c1', at: T0 + 1500, t: 1500, message: message('c1', T0 + 1500) },
  { kind: 'chat', id: 'c2', at: T0 + 2000, t: 2000, message: message('c2', T0 + 2000) },
  { kind: 'pins', id: 'p2', at: T0 + 3000, t: 3000, productIds: ['kettle', 'mug'] },
  { kind: 'sold', id: 'o1', at: T0 + 3500, t: 3500, productId: 'mug', quantity: 1 },
  { kind: 'chat', id: 'c3', at: T0 + 4000, t: 4000, message: message('c3', T0 + 4000) },
  { kind: 'pins', id: 'p3', at: T0 + 5000, t: 5000, productIds: ['mug'] },
  { kind: 'pins', id: 'p4', at: T0 + 6000, t: 6000, productIds: ['kettle'] },
  { kind: 'status', id: 's2', at: T0 + 7000, t: 7000, status: 'ended' },
];
const page = (from: number, to: number, next: string | null = null): TimelinePage => ({
  showId: 's',
  startedAt: T0,
  entries: entries.slice(from, to),
  next,
});
const ids = (chat: ChatMessage[]) => chat.map((m) => m.id);

describe('ReplayTimeline (a replay re-runs the show from its timeline)', () => {
  it('answers what was pinned and said at any moment, the same forwards, backwards and after a seek', () => {
    const replay = new ReplayTimeline([page(0, entries.length)]);
    assert.deepEqual(replay.at(T0 + 999), { productIds: [], chat: [], status: 'live' });
    assert.deepEqual(replay.at(T0 + 1000).productIds, ['kettle'], 'a pin shows from its own moment');
    const later = replay.at(T0 + 4200);
    assert.deepEqual(
      [later.productIds, ids(later.chat), later.status],
      [['kettle', 'mug'], ['c1', 'c2', 'c3'], 'live'],
    );
    assert.deepEqual(ids(replay.at(T0 + 2000).chat), ['c1', 'c2'], 'seek back: later messages are gone, none twice');
    assert.deepEqual(replay.at(T0 + 2000).productIds, ['kettle']);
    const over = replay.at(T0 + 9000);
    assert.deepEqual([over.productIds, over.status], [['kettle'], 'ended']);
    assert.deepEqual(ids(replay.at(T0 + 9000, 2).chat), ['c2', 'c3'], 'the newest chatLimit messages');
    assert.deepEqual(replay.at(T0 - 5000), { productIds: [], chat: [], status: null }, 'before anything happened');
  });

  it('chapters: each time a product came on screen, with its show-time', () => {
    const replay = new ReplayTimeline([page(0, entries.length)]);
    assert.deepEqual(replay.chapters(), [
      { productId: 'kettle', at: T0 + 1000, t: 1000 },
      { productId: 'mug', at: T0 + 3000, t: 3000 },
      { productId: 'kettle', at: T0 + 6000, t: 6000 },
    ]);
    assert.deepEqual(
      replay.chapters().map((c) => replay.until(c)),
      [T0 + 5000, T0 + 6000, null],
      'until the product left the screen (a clip’s default span); the last kettle stayed to the end',
    );
    assert.equal(replay.timeAt(4000), T0 + 4000, 'a position in the recording (Mux asset) to server time');
    assert.equal(new ReplayTimeline().timeAt(4000), null);
  });

  it('pages in any order, or twice, give the same replay', () => {
    const whole = new ReplayTimeline([page(0, entries.length)]);
    const paged = new ReplayTimeline([page(5, 10), page(0, 6), page(3, 7)]);
    for (const time of [T0 - 1, T0 + 1000, T0 + 2500, T0 + 4000, T0 + 5500, T0 + 8000])
      assert.deepEqual(paged.at(time), whole.at(time), `at ${time - T0}`);
    assert.deepEqual(paged.chapters(), whole.chapters());
  });
});

describe('a recording in stretches (a Mux replay with a reconnect): position ↔ server time', () => {
  // 30 s recorded, a 10 s gap while the encoder was away, then 12.5 s more.
  const spans = [
    { at: 1_000_000, duration: 30_000 },
    { at: 1_040_000, duration: 12_500 },
  ];

  it('maps positions into each stretch, jumping over the gap', () => {
    assert.equal(recordingTimeAt(spans, 0), 1_000_000);
    assert.equal(recordingTimeAt(spans, 29_999), 1_029_999);
    assert.equal(recordingTimeAt(spans, 30_000), 1_040_000);
    assert.equal(recordingTimeAt(spans, 42_500), 1_052_500);
    assert.equal(recordingTimeAt([], 5), null);
  });

  it('maps server times back to positions; a time in the gap lands where the recording resumes', () => {
    for (const position of [0, 12_345, 29_999, 30_000, 41_000]) {
      assert.equal(recordingPositionOf(spans, recordingTimeAt(spans, position)!), position);
    }
    assert.equal(recordingPositionOf(spans, 1_035_000), 30_000);
    assert.equal(recordingPositionOf(spans, 999_000), 0);
    assert.equal(recordingPositionOf(spans, 2_000_000), 42_500);
  });
});

describe('loadReplayTimeline (against the reference server)', () => {
  const ref = referenceServer();

  it('reads every page of a show’s timeline and replays it', async () => {
    const host = await ref.h.connect({ show: ref.show.id, token: ref.show.hostToken });
    const [kettle, mug] = ref.show.products.map((p) => p.id) as [string, string];
    const viewer = await ref.h.connect({ show: ref.show.id, name: 'Ann' });
    assert.equal((await request(host.socket, 'show:start', {})).ok, true);
    await ref.h.server.service.signal(ref.show.id, 'mediaUp');
    const pinned = await request(host.socket, 'product:pin', { productId: kettle });
    const said = await request(viewer.socket, 'chat:send', { text: 'Lovely' });
    const both = await request(host.socket, 'product:pin', { productId: mug });
    for (let i = 0; i < 3; i++) assert.equal((await request(viewer.socket, 'chat:send', { text: `m${i}` })).ok, true);

    const pages: number[] = [];
    const replay = await loadReplayTimeline(
      { server: ref.h.url, show: ref.show.id },
      { onPage: () => pages.push(pages.length) },
    );
    assert.ok(pages.length >= 1);
    assert.deepEqual(replay.at(pinned.pins.at).productIds, [kettle]);
    assert.deepEqual(
      replay.at(said.message.at).chat.map((m: ChatMessage) => m.text),
      ['Lovely'],
    );
    assert.deepEqual(replay.at(both.pins.at).productIds, [kettle, mug]);
    assert.deepEqual(
      replay.chapters().map((c) => c.productId),
      [kettle, mug],
    );
    assert.equal(replay.at(Date.now()).chat.length, 4);
  });

  it('an unknown show rejects with the server’s not_found', async () => {
    await assert.rejects(loadReplayTimeline({ server: ref.h.url, show: 'no-such-show' }), { code: 'not_found' });
  });
});
