import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatMessage, Poll, TimelineEntry, TimelinePage } from '@live-shop/protocol';
import { request } from '@live-shop/server/testing';
import {
  loadReplayTimeline,
  recordingPositionOf,
  recordingTimeAt,
  REPLAY_POLL_LINGER_MS,
  ReplayTimeline,
} from './index.js';
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
    assert.deepEqual(replay.at(T0 + 999), { productIds: [], chat: [], status: 'live', poll: null });
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
    assert.deepEqual(
      replay.at(T0 - 5000),
      { productIds: [], chat: [], status: null, poll: null },
      'before anything happened',
    );
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

  it('a poll shows open from its opening, final results after it closed, and is gone the linger after', () => {
    const poll: Poll = {
      id: 'q1',
      question: 'Colour?',
      options: ['Red', 'Blue'],
      counts: [2, 3],
      total: 5,
      openedAt: T0 + 2000,
      endsAt: T0 + 4000,
      closedAt: T0 + 4000,
    };
    const replay = new ReplayTimeline([
      page(0, entries.length),
      { ...page(0, 0), entries: [{ kind: 'poll', id: 'q1', at: T0 + 2000, t: 2000, poll }] },
    ]);
    assert.equal(replay.at(T0 + 1999).poll, null);
    assert.deepEqual(replay.at(T0 + 3000).poll, { ...poll, closedAt: null }, 'open then, final counts, its timer');
    assert.deepEqual(replay.at(T0 + 4000).poll, poll, 'closed at its moment: final results');
    assert.deepEqual(replay.at(T0 + 4000 + REPLAY_POLL_LINGER_MS - 1).poll, poll);
    assert.equal(replay.at(T0 + 4000 + REPLAY_POLL_LINGER_MS).poll, null, 'gone a few seconds after');
    assert.deepEqual(replay.at(T0 + 2500).poll?.closedAt, null, 'a seek back opens it again');
  });

  it('a poll still open when the show ended closes with the show', () => {
    const poll: Poll = {
      id: 'q2',
      question: 'Size?',
      options: ['S', 'M'],
      counts: [1, 0],
      total: 1,
      openedAt: T0 + 6500,
      endsAt: null,
      closedAt: null,
    };
    const replay = new ReplayTimeline([
      page(0, entries.length),
      { ...page(0, 0), entries: [{ kind: 'poll', id: 'q2', at: T0 + 6500, t: 6500, poll }] },
    ]);
    assert.equal(replay.at(T0 + 6900).poll?.closedAt, null);
    assert.equal(replay.at(T0 + 7000).poll?.closedAt, T0 + 7000, 'final results when the show ended');
    assert.equal(replay.at(T0 + 7000 + REPLAY_POLL_LINGER_MS).poll, null);
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

  // polls in replays: each poll over the video from its opening to a few seconds after it closed
  it('shows each poll from the moment it opened, read-only with its final counts, until just after it closed', async () => {
    const show = await ref.h.createShow(); // a show of its own: polls from the start of its timeline
    const host = await ref.h.connect({ show: show.id, token: show.hostToken });
    const viewer = await ref.h.connect({ show: show.id, name: 'Ann' });
    assert.equal((await request(host.socket, 'show:start', {})).ok, true);
    await ref.h.server.service.signal(show.id, 'mediaUp');
    const started = await request(host.socket, 'poll:start', { question: 'Colour?', options: ['Red', 'Blue'] });
    assert.equal(started.ok, true);
    assert.equal((await request(viewer.socket, 'poll:vote', { pollId: started.poll.id, option: 1 })).ok, true);
    const ended = await request(host.socket, 'poll:end', { pollId: started.poll.id });
    assert.equal(ended.ok, true);
    // The next poll opens at least 2 ms later, so the moment just after the first closed is still its own.
    while (Date.now() < ended.poll.closedAt + 2) await new Promise((resolve) => setTimeout(resolve, 1));
    const second = await request(host.socket, 'poll:start', {
      question: 'Size?',
      options: ['S', 'M', 'L'],
      seconds: 60,
    });
    assert.equal(second.ok, true);

    const replay = await loadReplayTimeline({ server: ref.h.url, show: show.id });
    const { openedAt, id } = started.poll;
    const { closedAt } = ended.poll;
    assert.equal(replay.at(openedAt - 1).poll, null, 'before it opened');
    const during = replay.at(openedAt);
    assert.deepEqual(
      [during.poll?.id, during.poll?.closedAt, during.poll?.counts, during.poll?.total],
      [id, null, [0, 1], 1],
      'open at its own moment, with the final counts (a replay cannot vote)',
    );
    const after = replay.at(closedAt + 1);
    assert.deepEqual([after.poll?.id, after.poll?.closedAt], [id, closedAt], 'closed: its final results');
    assert.equal(replay.at(openedAt).poll?.id, id, 'a seek back shows it again');
    const timed = replay.at(second.poll.openedAt).poll;
    assert.deepEqual(
      [timed?.id, timed?.closedAt, timed?.endsAt],
      [second.poll.id, null, second.poll.endsAt],
      'the next poll, still open, with its timer',
    );
  });

  it('an unknown show rejects with the server’s not_found', async () => {
    await assert.rejects(loadReplayTimeline({ server: ref.h.url, show: 'no-such-show' }), { code: 'not_found' });
  });
});
