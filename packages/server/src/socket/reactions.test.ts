/**
 * Reactions: taps summed per show and 250 ms window into `reactions:counts` (never one event per tap),
 * the per-connection tap limit, typed refusals, and the running totals in staff snapshots.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  addReactionCounts,
  DEFAULT_REACTIONS,
  REACTION_LIMITS,
  type CreatedShow,
  type ReactionCounts,
  type ReactionCountsPayload,
} from '@live-shop/protocol';
import { record, request, startHarness, withTimeout, type ClientSocket, type Harness } from '../testing/harness.js';
import { dropTestDatabase, TEST_DATABASE_URL, testDatabaseUrl } from '../testing/test-database.js';

const sum = (counts: ReactionCounts) => Object.values(counts).reduce((a, n) => a + n, 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function liveShow(h: Harness): Promise<{ show: CreatedShow; host: ClientSocket }> {
  const show = await h.createShow();
  const { socket: host } = await h.connect({ show: show.id, token: show.hostToken });
  assert.equal((await request(host, 'show:start', {})).ok, true);
  await h.server.service.signal(show.id, 'mediaUp');
  return { show, host };
}

describe('reactions: 500 viewers tapping', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ rateLimits: false });
  });
  after(() => h.close());

  it('reach every viewer as at most 4 broadcasts a second, whose counts add up to the accepted taps', async function () {
    const { show } = await liveShow(h);
    const viewers: ClientSocket[] = [];
    // In groups: 500 handshakes at once would only measure the machine.
    for (let i = 0; i < 500; i += 50)
      viewers.push(
        ...(await Promise.all(Array.from({ length: 50 }, () => h.connect({ show: show.id })))).map((v) => v.socket),
      );
    const watched = [viewers[0]!, viewers[250]!, viewers[499]!].map((v) =>
      record<ReactionCountsPayload>(v, 'reactions:counts'),
    );

    // Each viewer taps for a bounded 2 s: a batch of 1..3 taps every 250 ms (a client's batching of a fast
    // thumb), the viewers spread over the window so that taps arrive all the time.
    const rounds = 8;
    const started = Date.now();
    let accepted = 0;
    let sent = 0;
    await Promise.all(
      viewers.map(async (v, i) => {
        await sleep((i * 7) % REACTION_LIMITS.windowMs);
        for (let round = 0; round < rounds; round++) {
          const kind = DEFAULT_REACTIONS[(i + round) % DEFAULT_REACTIONS.length]!;
          const count = 1 + ((i + round) % 3);
          sent += count;
          const ack = await request(v, 'reaction:send', { kind, count });
          assert.equal(ack.ok, true, JSON.stringify(ack));
          accepted += ack.accepted as number;
          await sleep(REACTION_LIMITS.windowMs);
        }
      }),
    );
    assert.equal(accepted, sent, 'no viewer went over the limit');

    const [first, ...others] = watched;
    const all = await first!.until((seen) => sum(total(seen)) === accepted, 'the counts of every accepted tap');
    const seconds = (Date.now() - started) / 1000;
    assert.ok(
      all.length <= Math.ceil(4 * seconds) + 1,
      `${all.length} reactions:counts in ${seconds.toFixed(2)} s: at most 4 a second (+1 for the edges)`,
    );
    assert.ok(all.length < rounds * viewers.length, 'never one event per tap');
    // Windows never overlap: each broadcast is a window's end, at least a window after the one before.
    for (let i = 1; i < all.length; i++) assert.ok(all[i]!.at - all[i - 1]!.at >= REACTION_LIMITS.windowMs - 1);
    for (const other of others) {
      const theirs = await other.until((seen) => seen.length === all.length);
      assert.deepEqual(theirs, all, 'every viewer gets the same counts');
    }
    await sleep(REACTION_LIMITS.windowMs * 2);
    assert.equal(first!.seen.length, all.length, 'quiet: no broadcast without taps');
  });
});

/** All windows' counts added up, per kind. */
function total(seen: ReactionCountsPayload[]): ReactionCounts {
  return seen.reduce<ReactionCounts>((totals, { counts }) => addReactionCounts(totals, counts), {});
}

describe('reactions: limits, refusals, totals', () => {
  let h: Harness;
  let show: CreatedShow;
  let host: ClientSocket;
  before(async () => {
    h = await startHarness();
    ({ show, host } = await liveShow(h));
  });
  after(() => h.close());

  it('cuts a batch to what the connection has left, then answers rate_limited', async () => {
    const { socket } = await h.connect({ show: show.id });
    const max = REACTION_LIMITS.countMax;
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await request(socket, 'reaction:send', { kind: 'heart', count: max }));
    assert.deepEqual(answers.slice(0, 2), [
      { ok: true, accepted: max },
      { ok: true, accepted: REACTION_LIMITS.burst - max },
    ]);
    assert.equal(answers[2].ok, false);
    assert.equal(answers[2].error.code, 'rate_limited');
  });

  it('refuses malformed taps, kinds the show did not enable, and anyone but viewers, typed', async () => {
    const { socket } = await h.connect({ show: show.id });
    const refused = async (payload: unknown, code: string, from = socket) => {
      const ack = await request(from, 'reaction:send', payload);
      assert.equal(ack.ok, false, JSON.stringify(payload));
      assert.equal(ack.error.code, code, JSON.stringify(payload));
    };
    assert.ok(!DEFAULT_REACTIONS.includes('wow'));
    await refused({ kind: 'wow' }, 'bad_request');
    await refused({ kind: 'poop' }, 'bad_request');
    await refused({ kind: 'heart', count: 0 }, 'bad_request');
    await refused({ kind: 'heart', count: REACTION_LIMITS.countMax + 1 }, 'bad_request');
    await refused({ kind: 'heart', count: 1.5 }, 'bad_request');
    await refused({ kind: 'heart', extra: true }, 'bad_request');
    await refused('heart', 'bad_request');
    await refused(null, 'bad_request');
    await refused({ kind: 'heart' }, 'forbidden', host);
  });

  it('follows the host’s choice of reactions (show:update), and only while the show is on air', async () => {
    const { socket } = await h.connect({ show: show.id });
    const settings = record(socket, 'show:settings');
    const ack = await request(host, 'show:update', { reactions: ['wow', 'heart'] });
    assert.deepEqual(ack.settings.reactions, ['wow', 'heart']);
    await settings.until((seen) => seen.length === 1);
    assert.equal((await request(socket, 'reaction:send', { kind: 'wow' })).accepted, 1);
    assert.equal((await request(socket, 'reaction:send', { kind: 'fire' })).error.code, 'bad_request');
    for (const reactions of [['heart', 'heart'], ['nope'], 'heart'])
      assert.equal((await request(host, 'show:update', { reactions })).error.code, 'bad_request');

    const other = await liveShow(h);
    assert.equal((await request(other.host, 'show:end', {})).ok, true);
    const { socket: late } = await h.connect({ show: other.show.id });
    assert.equal((await request(late, 'reaction:send', { kind: 'heart' })).error.code, 'invalid_state');
  });

  it('gives a studio opened mid-show the totals so far; viewers’ snapshots carry none', async () => {
    const fresh = await liveShow(h);
    const { socket: viewer, snapshot } = await h.connect({ show: fresh.show.id });
    assert.equal(snapshot.reactions, undefined);
    assert.equal((await request(viewer, 'reaction:send', { kind: 'heart', count: 3 })).accepted, 3);
    assert.equal((await request(viewer, 'reaction:send', { kind: 'clap', count: 2 })).accepted, 2);
    // Pending on this node, then written on the analytics beat: the same totals either way.
    const { snapshot: studio } = await h.connect({ show: fresh.show.id, token: fresh.show.hostToken });
    assert.deepEqual(studio.reactions, { heart: 3, clap: 2 });
    await withTimeout(h.server.minutes.flush(), 'flush');
    const { snapshot: again } = await h.connect({ show: fresh.show.id, token: fresh.show.hostToken });
    assert.deepEqual(again.reactions, { heart: 3, clap: 2 });
  });
});

const REDIS_URL = process.env.LIVE_SHOP_TEST_REDIS_URL || null;

describe(
  'reactions across two nodes',
  { skip: !TEST_DATABASE_URL || !REDIS_URL ? 'needs PostgreSQL and Redis (npm run test:node:postgres)' : false },
  () => {
    let dataDir: string;
    let nodes: [Harness, Harness];
    before(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'live-shop-reactions-'));
      const databaseUrl = (await testDatabaseUrl(dataDir))!;
      const start = () => startHarness({ databaseUrl, redisUrl: REDIS_URL! });
      nodes = [await start(), await start()];
    });
    after(async () => {
      for (const node of nodes) await node.close();
      await dropTestDatabase(dataDir);
      await rm(dataDir, { recursive: true, force: true });
    });

    it('each node sends its own windows to every viewer; the studio’s totals add up both nodes', async () => {
      const [a, b] = nodes;
      const { show } = await liveShow(a);
      const onA = await a.connect({ show: show.id });
      const onB = await b.connect({ show: show.id });
      assert.equal(onB.snapshot.show.status, 'live');
      const seen = [onA, onB].map((v) => record<ReactionCountsPayload>(v.socket, 'reactions:counts'));
      assert.equal((await request(onA.socket, 'reaction:send', { kind: 'heart', count: 3 })).accepted, 3);
      assert.equal((await request(onB.socket, 'reaction:send', { kind: 'fire', count: 2 })).accepted, 2);
      for (const recording of seen) {
        const windows = await recording.until((all) => sum(total(all)) === 5, 'both nodes’ windows');
        assert.deepEqual(total(windows), { heart: 3, fire: 2 });
      }
      // B's beat now rather than in a few seconds; A's taps are still pending on A.
      await b.server.minutes.flush();
      const { snapshot } = await a.connect({ show: show.id, token: show.hostToken });
      assert.deepEqual(snapshot.reactions, { heart: 3, fire: 2 });
    });
  },
);
