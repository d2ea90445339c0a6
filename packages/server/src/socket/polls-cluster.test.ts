/**
 * Polls on two nodes (two servers on one PostgreSQL and one Redis, from scripts/with-services.mjs):
 * one open poll and one vote per viewer whichever node is asked, results reaching both nodes.
 * Without those services it is skipped, saying why.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PollResultsPayload, PollStatePayload } from '@live-shop/protocol';
import { record, request, startHarness, type Harness } from '../testing/harness.js';
import { dropTestDatabase, TEST_DATABASE_URL, testDatabaseUrl } from '../testing/test-database.js';

const REDIS_URL = process.env.LIVE_SHOP_TEST_REDIS_URL || null;
const skip =
  !TEST_DATABASE_URL || !REDIS_URL
    ? 'needs PostgreSQL and Redis: runs under scripts/with-services.mjs (npm run test:node:postgres)'
    : false;

const POLL = { question: 'Which size?', options: ['S', 'M', 'L'] };

describe('polls on two nodes', { skip }, () => {
  let dir: string;
  let a: Harness;
  let b: Harness;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'live-shop-polls-cluster-'));
    const databaseUrl = await testDatabaseUrl(dir);
    a = await startHarness({ databaseUrl, redisUrl: REDIS_URL!, rateLimits: false });
    b = await startHarness({ databaseUrl, redisUrl: REDIS_URL!, rateLimits: false });
  });
  after(async () => {
    await a?.close(true);
    await b?.close(true);
    await dropTestDatabase(dir);
    await rm(dir, { recursive: true, force: true });
  });

  it('opens one poll when both nodes are asked at once', async () => {
    const show = await a.createShow();
    const hostA = (await a.connect({ show: show.id, token: show.hostToken })).socket;
    const hostB = (await b.connect({ show: show.id, token: show.hostToken })).socket;
    const acks = await Promise.all([request(hostA, 'poll:start', POLL), request(hostB, 'poll:start', POLL)]);
    assert.deepEqual(acks.map((x) => x.ok).sort(), [false, true], JSON.stringify(acks));
    assert.equal(acks.find((x) => !x.ok).error.code, 'poll_open');
  });

  it('counts a viewer once whichever node they vote on, at once or after moving, and both nodes see the totals', async () => {
    const show = await a.createShow();
    const host = (await a.connect({ show: show.id, token: show.hostToken })).socket;
    const first = await a.connect({ show: show.id });
    const credential = first.snapshot.you!.credential;
    const onB = await b.connect({ show: show.id, viewer: credential });
    const resultsOnB = record<PollResultsPayload>(onB.socket, 'poll:results');
    const stateOnB = record<PollStatePayload>(onB.socket, 'poll:state');
    const { poll } = await request(host, 'poll:start', POLL);
    await stateOnB.until((s) => s.length === 1, 'the poll started on A, on B');

    // The same viewer on both nodes at once: the store's primary key lets one vote in.
    const both = await Promise.all([
      request(first.socket, 'poll:vote', { pollId: poll.id, option: 0 }),
      request(onB.socket, 'poll:vote', { pollId: poll.id, option: 2 }),
    ]);
    assert.deepEqual(both.map((x) => x.ok).sort(), [false, true], JSON.stringify(both));
    assert.equal(both.find((x) => !x.ok).error.code, 'already_voted');
    const chosen = both.find((x) => x.ok).vote.option as number;

    // Back on node B later, with a new connection: still one vote, and their choice in the snapshot.
    const again = await b.connect({ show: show.id, viewer: credential });
    assert.deepEqual(again.snapshot.you!.vote, { pollId: poll.id, option: chosen });
    assert.equal(
      (await request(again.socket, 'poll:vote', { pollId: poll.id, option: 1 })).error?.code,
      'already_voted',
    );

    const other = await b.connect({ show: show.id });
    assert.equal((await request(other.socket, 'poll:vote', { pollId: poll.id, option: 1 })).ok, true);
    const resultsOnA = record<PollResultsPayload>(first.socket, 'poll:results');
    const third = await a.connect({ show: show.id });
    assert.equal((await request(third.socket, 'poll:vote', { pollId: poll.id, option: 1 })).ok, true);
    const expected = [0, 2, 0];
    expected[chosen]! += 1;
    const best = (seen: PollResultsPayload[]) => seen.reduce((m, r) => (r.total > m.total ? r : m), seen[0]!);
    await resultsOnB.until((s) => s.length > 0 && best(s).total === 3, 'all three votes on B');
    await resultsOnA.until((s) => s.length > 0 && best(s).total === 3, 'all three votes on A');
    assert.deepEqual(best(resultsOnB.seen).counts, expected);

    const ended = await request(host, 'poll:end', { pollId: poll.id });
    assert.deepEqual(ended.poll.counts, expected);
    await stateOnB.until((s) => s.some((x) => x.poll.closedAt !== null), 'the end on B');
    assert.equal(
      (await request(other.socket, 'poll:vote', { pollId: poll.id, option: 0 })).error?.code,
      'already_voted',
    );
  });
});
