/**
 * Polls over real sockets: who may start, end and vote; one vote per viewer id across reconnects;
 * results batched per window; an expired poll closes when next read; the timeline keeps final counts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ClientEvent,
  EVENT_ROLES,
  type CreatedShow,
  type PollResultsPayload,
  type PollStatePayload,
  type TimelinePage,
} from '@live-shop/protocol';
import { record, request, startHarness, type ClientSocket, type Harness } from '../testing/harness.js';

const STAFF_EVENTS = Object.entries(EVENT_ROLES)
  .filter(([event, roles]) => /^(poll|announcement|question):/.test(event) && !roles.includes('viewer'))
  .map(([event]) => event);

async function staffOf(h: Harness, show: CreatedShow, role: 'moderator' | 'guest'): Promise<ClientSocket> {
  const minted = await h.api('POST', `/api/shows/${show.id}/tokens`, { body: { role } });
  return (await h.connect({ show: show.id, token: minted.json.token })).socket;
}

const POLL = { question: 'Which colour next?', options: ['Red', 'Green', 'Blue'] };

describe('polls', () => {
  let h: Harness;
  let skew = 0;
  before(async () => {
    h = await startHarness({ rateLimits: false, now: () => Date.now() + skew });
  });
  after(() => h.close());

  it('answers every staff event from a viewer and a guest with forbidden, and a vote from staff too', async () => {
    assert.deepEqual(STAFF_EVENTS.sort(), [
      'announcement:set',
      'poll:end',
      'poll:start',
      'question:answer',
      'question:clear',
      'question:on-air',
    ]);
    const show = await h.createShow();
    const viewer = (await h.connect({ show: show.id })).socket;
    const guest = await staffOf(h, show, 'guest');
    const moderator = await staffOf(h, show, 'moderator');
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    for (const socket of [viewer, guest])
      for (const event of STAFF_EVENTS) {
        const ack = await request(socket, event, { ...POLL, pollId: 'x', id: 'x', text: 'hi' });
        assert.equal(ack.error?.code, 'forbidden', `${event}: ${JSON.stringify(ack)}`);
      }
    for (const socket of [host, moderator, guest]) {
      const ack = await request(socket, ClientEvent.PollVote, { pollId: 'x', option: 0 });
      assert.equal(ack.error?.code, 'forbidden');
    }
    // A moderator may run polls like the host.
    const started = await request(moderator, 'poll:start', POLL);
    assert.equal(started.ok, true, JSON.stringify(started));
    assert.equal((await request(host, 'poll:end', { pollId: started.poll.id })).ok, true);
  });

  it('refuses bad polls with typed errors and a second open poll with poll_open', async () => {
    const show = await h.createShow();
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    for (const bad of [
      { question: 'One?', options: ['Only'] },
      { question: 'Five?', options: ['a', 'b', 'c', 'd', 'e'] },
      { question: 'Twice?', options: ['Same', 'same'] },
      { question: '', options: ['a', 'b'] },
      { ...POLL, seconds: 1 },
      { ...POLL, seconds: 99_999 },
      { ...POLL, extra: true },
      'not an object',
    ])
      assert.equal((await request(host, 'poll:start', bad)).error?.code, 'bad_request', JSON.stringify(bad));
    const first = await request(host, 'poll:start', POLL);
    assert.equal(first.ok, true);
    const second = await request(host, 'poll:start', POLL);
    assert.equal(second.error?.code, 'poll_open');
    assert.match(second.error.message, /already open/);
    assert.equal((await request(host, 'poll:end', { pollId: 'nope' })).error?.code, 'not_found');
    assert.equal((await request(host, 'poll:end', { pollId: first.poll.id })).ok, true);
    assert.equal((await request(host, 'poll:end', { pollId: first.poll.id })).error?.code, 'invalid_state');
    assert.equal((await request(host, 'poll:start', POLL)).ok, true, 'a new poll once the first ended');
  });

  it('counts a viewer once across reconnects, keeps their choice in the snapshot, and ends with final counts', async () => {
    const show = await h.createShow();
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    const first = await h.connect({ show: show.id });
    const states = record<PollStatePayload>(first.socket, 'poll:state');
    const results = record<PollResultsPayload>(host, 'poll:results');
    const started = await request(host, 'poll:start', POLL);
    const pollId = started.poll.id as string;
    await states.until((s) => s.length === 1);
    assert.equal(states.seen[0]!.poll.closedAt, null);
    assert.equal(typeof states.seen[0]!.at, 'number');

    assert.equal((await request(first.socket, 'poll:vote', { pollId, option: 3 })).error?.code, 'bad_request');
    const vote = await request(first.socket, 'poll:vote', { pollId, option: 1 });
    assert.deepEqual(vote, { ok: true, vote: { pollId, option: 1 } });
    const again = await request(first.socket, 'poll:vote', { pollId, option: 2 });
    assert.equal(again.error?.code, 'already_voted');

    // The same viewer on a new socket (its credential): the snapshot has their vote; voting again is refused.
    first.socket.disconnect();
    const back = await h.connect({ show: show.id, viewer: first.snapshot.you!.credential });
    assert.equal(back.snapshot.you!.viewerId, first.snapshot.you!.viewerId);
    assert.deepEqual(back.snapshot.you!.vote, { pollId, option: 1 });
    assert.equal((await request(back.socket, 'poll:vote', { pollId, option: 0 })).error?.code, 'already_voted');

    const other = await h.connect({ show: show.id });
    assert.equal(other.snapshot.you!.vote, undefined);
    assert.equal((await request(other.socket, 'poll:vote', { pollId, option: 1 })).ok, true);
    await results.until((r) => r.at(-1)?.total === 2, 'results with both votes');
    assert.deepEqual(results.seen.at(-1)!.counts, [0, 2, 0]);

    const ended = record<PollStatePayload>(back.socket, 'poll:state');
    const end = await request(host, 'poll:end', { pollId });
    assert.deepEqual(end.poll.counts, [0, 2, 0]);
    const [closed] = await ended.until((s) => s.length === 1);
    assert.equal(closed!.poll.closedAt, closed!.at);
    assert.deepEqual(closed!.poll.counts, [0, 2, 0]);
    assert.equal((await request(other.socket, 'poll:vote', { pollId, option: 0 })).error?.code, 'already_voted');
    const late = await h.connect({ show: show.id });
    assert.equal((await request(late.socket, 'poll:vote', { pollId, option: 0 })).error?.code, 'invalid_state');
    assert.deepEqual(late.snapshot.show.poll?.counts, [0, 2, 0]);

    // The replay timeline keeps the poll with its final counts.
    const page = (await h.api('GET', `/api/shows/${show.id}/timeline`, { admin: false })).json as TimelinePage;
    const entry = page.entries.find((e) => e.kind === 'poll');
    assert.ok(entry?.kind === 'poll');
    assert.equal(entry.poll.id, pollId);
    assert.deepEqual(entry.poll.counts, [0, 2, 0]);
    assert.equal(entry.poll.closedAt, closed!.at);
  });

  it('sends results in few batches however many vote, with the right totals', async () => {
    const show = await h.createShow();
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    const viewers: ClientSocket[] = [];
    for (let i = 0; i < 120; i += 40)
      viewers.push(
        ...(await Promise.all(Array.from({ length: 40 }, () => h.connect({ show: show.id })))).map((v) => v.socket),
      );
    const watched = record<PollResultsPayload>(viewers[0]!, 'poll:results');
    const { poll } = await request(host, 'poll:start', POLL);
    const acks = await Promise.all(viewers.map((v, i) => request(v, 'poll:vote', { pollId: poll.id, option: i % 3 })));
    assert.ok(acks.every((a) => a.ok));
    const seen = await watched.until((r) => r.at(-1)?.total === 120, 'all 120 votes');
    assert.deepEqual(seen.at(-1)!.counts, [40, 40, 40]);
    assert.ok(seen.length < 120 / 4, `${seen.length} poll:results for 120 votes: batched, never one per vote`);
  });

  it('closes a poll whose timer ran out when it is next read, at its end time', async () => {
    const show = await h.createShow();
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    const voter = await h.connect({ show: show.id });
    const { poll } = await request(host, 'poll:start', { ...POLL, seconds: 30 });
    assert.equal(poll.endsAt, poll.openedAt + 30_000);
    assert.equal((await request(voter.socket, 'poll:vote', { pollId: poll.id, option: 0 })).ok, true);
    const states = record<PollStatePayload>(host, 'poll:state');
    // As after a restart: the clock passed the end and no timer of this node fired (it waits real time).
    skew += 31_000;
    try {
      const late = await h.connect({ show: show.id });
      assert.equal(late.snapshot.show.poll?.closedAt, poll.endsAt, 'read as closed at its end time');
      const [closed] = await states.until((s) => s.length === 1, 'poll:state closed');
      assert.equal(closed!.at, poll.endsAt);
      assert.deepEqual(closed!.poll.counts, [1, 0, 0]);
      assert.equal(
        (await request(late.socket, 'poll:vote', { pollId: poll.id, option: 1 })).error?.code,
        'invalid_state',
      );
      const next = await request(host, 'poll:start', POLL);
      assert.equal(next.ok, true, 'the expired poll no longer blocks a new one');
    } finally {
      skew = 0;
    }
  });

  it('closes the open poll when the show ends, untimed or timed, with its final counts', async () => {
    const show = await h.createShow();
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    const voter = await h.connect({ show: show.id });
    assert.equal((await request(host, 'show:start', {})).ok, true);
    const { poll } = await request(host, 'poll:start', POLL);
    assert.equal(poll.endsAt, null);
    assert.equal((await request(voter.socket, 'poll:vote', { pollId: poll.id, option: 2 })).ok, true);
    const states = record<PollStatePayload>(voter.socket, 'poll:state');
    assert.equal((await request(host, 'show:end', {})).ok, true);
    const [closed] = await states.until((s) => s.length === 1, 'poll:state closed');
    assert.equal(closed!.poll.id, poll.id);
    assert.ok(closed!.poll.closedAt! >= poll.openedAt);
    assert.deepEqual(closed!.poll.counts, [0, 0, 1]);
    const late = await h.connect({ show: show.id });
    assert.equal(late.snapshot.show.poll?.closedAt, closed!.poll.closedAt, 'stored closed');
  });
});

describe('polls on a server for signed-in customers', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ chatRequiresIdentity: true, identitySecret: 'x'.repeat(32) });
  });
  after(() => h.close());

  it('refuses a vote without a signed identity with identity_required', async () => {
    const show = await h.createShow();
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    const viewer = (await h.connect({ show: show.id })).socket;
    const { poll } = await request(host, 'poll:start', POLL);
    assert.equal((await request(viewer, 'poll:vote', { pollId: poll.id, option: 0 })).error?.code, 'identity_required');
  });
});
