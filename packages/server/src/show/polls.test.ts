/**
 * The poll timer on a real SQLite store: the node that started a poll closes it at `endsAt`, once, with
 * its final counts; and the results window, which widens with the show's audience.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it, mock } from 'node:test';
import type { PollResultsPayload, PollStatePayload } from '@live-shop/protocol';
import { silentLogger } from '../logger.js';
import { openSqliteStore } from '../store/sqlite.js';
import type { PollStore, Store } from '../store/store.js';
import { PollService } from './polls.js';

describe('PollService timer', () => {
  let dir: string;
  let store: Store;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'live-shop-poll-timer-'));
    store = await openSqliteStore(path.join(dir, 'db.sqlite'));
    for (const id of ['s1', 's2', 's3', 's4', 's5']) await createShow(id);
  });
  const createShow = (id: string) =>
    store.createShow(
      {
        id,
        title: 'Timer',
        startsAt: null,
        description: '',
        trailer: null,
        status: 'live',
        statusAt: 0,
        createdAt: 0,
        settings: { socialProof: false, slowModeSeconds: 0, reactions: [] },
      },
      [],
    );
  after(async () => {
    mock.timers.reset();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('closes the poll when its timer ends, at endsAt, with the final counts, and refuses later votes', async () => {
    let clock = 1_000_000;
    mock.timers.enable({ apis: ['setTimeout'] });
    const states: PollStatePayload[] = [];
    const results: PollResultsPayload[] = [];
    const polls = new PollService({
      store,
      publishState: (_, p) => states.push(p),
      publishResults: (_, r) => results.push(r),
      logger: silentLogger,
      now: () => clock,
    });
    const poll = await polls.start('s1', { question: 'Red or blue?', options: ['Red', 'Blue'], seconds: 30 });
    assert.equal(poll.endsAt, clock + 30_000);
    await polls.vote('s1', ['v:a'], poll.id, 1);
    clock += 29_000;
    mock.timers.tick(29_000);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(states.length, 1, 'still open a second before the end');
    clock += 1_000;
    mock.timers.tick(1_000);
    for (let i = 0; i < 20 && states.length < 2; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(states.length, 2, 'closed by its timer');
    assert.equal(states[1]!.at, poll.endsAt);
    assert.equal(states[1]!.poll.closedAt, poll.endsAt);
    assert.deepEqual(states[1]!.poll.counts, [0, 1]);
    assert.equal((await store.polls.get('s1', poll.id))?.closedAt, poll.endsAt, 'stored closed');
    await assert.rejects(polls.vote('s1', ['v:b'], poll.id, 0), { code: 'invalid_state' });
    polls.close();
    mock.timers.reset();
  });

  it('publishes results 4 times a second to a small audience, widening to once a second from 10,000 viewers', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const audience: Record<string, number> = { s2: 100, s3: 5000, s4: 40_000 };
    const results: { showId: string; total: number }[] = [];
    const polls = new PollService({
      store,
      publishState: () => {},
      publishResults: (showId, r) => results.push({ showId, total: r.total }),
      audience: (showId) => audience[showId] ?? 0,
      logger: silentLogger,
    });
    const windows: Record<string, number> = {};
    for (const showId of Object.keys(audience)) {
      const poll = await polls.start(showId, { question: 'Red or blue?', options: ['Red', 'Blue'] });
      await polls.vote(showId, ['v:a'], poll.id, 0);
      let waited = 0;
      while (!results.some((r) => r.showId === showId) && waited < 2000) {
        mock.timers.tick(50);
        waited += 50;
      }
      windows[showId] = waited;
    }
    assert.deepEqual(windows, { s2: 250, s3: 500, s4: 1000 });
    assert.deepEqual(
      results.map((r) => r.total),
      [1, 1, 1],
    );
    polls.close();
    mock.timers.reset();
  });

  it('never counts a vote twice when a read of the store sees it before the vote is answered', async () => {
    // A second voter's vote is stored while the first one's read of the counts runs, and answered after
    // it: the read already holds it, so adding it to this node's tally again would show 3 votes of 2.
    let readDone!: () => void;
    const read = new Promise<void>((resolve) => (readDone = resolve));
    const polls: PollStore = Object.create(store.polls, {
      vote: {
        value: async (pollId: string, voter: string, option: number, now: number) => {
          const outcome = await store.polls.vote(pollId, voter, option, now);
          if (voter === 'v:b') await read.then(() => new Promise((r) => setImmediate(r)));
          return outcome;
        },
      },
      counts: {
        value: async (pollId: string, options: number) => {
          const counts = await store.polls.counts(pollId, options);
          readDone();
          return counts;
        },
      },
    });
    const results: PollResultsPayload[] = [];
    const service = new PollService({
      store: { polls },
      publishState: () => {},
      publishResults: (_, r) => results.push(r),
      logger: silentLogger,
      windowMs: 5,
    });
    const poll = await service.start('s5', { question: 'Red or blue?', options: ['Red', 'Blue'] });
    await Promise.all([service.vote('s5', ['v:a'], poll.id, 0), service.vote('s5', ['v:b'], poll.id, 1)]);
    for (let i = 0; i < 100 && results.at(-1)?.total !== 2; i++) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(results.at(-1)?.counts, [1, 1]);
    assert.ok(
      results.every((r) => r.total <= 2),
      `totals ${results.map((r) => r.total).join(', ')}`,
    );
    service.close();
  });
});
