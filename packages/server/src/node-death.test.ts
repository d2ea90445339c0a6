/**
 * A node dies with a live show and the presenter does not come back (issue 16): two
 * `live-shop-server` processes on one PostgreSQL and one Redis; the studio publishes to node P,
 * viewers watch on node W; P is killed. W's viewers see the show go reconnecting (P stopped saying
 * it lives), then end when the grace runs out, as on one node.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CreatedShow, StatusPayload } from '@live-shop/protocol';
import {
  clusterSkip,
  connectTo,
  createShowOn,
  startServerProcess,
  TEST_REDIS_URL,
  type ServerProcess,
} from './testing/cli-process.js';
import { record, request, withTimeout, type ClientSocket } from './testing/harness.js';
import { makeWebm, publish, type Publisher } from './testing/media.js';
import { dropTestDatabase, testDatabaseUrl } from './testing/test-database.js';
import { NODE_DEAD_AFTER_MS, NODE_HEARTBEAT_MS } from './video/orphans.js';

const GRACE_SECONDS = 3;

describe('a node dies with a live show and nobody comes back', { skip: clusterSkip }, () => {
  const dirs: string[] = [];
  const sockets: ClientSocket[] = [];
  const publishers: Publisher[] = [];
  let p: ServerProcess;
  let w: ServerProcess;
  let show: CreatedShow;

  before(async () => {
    for (const name of ['p', 'w']) dirs.push(await mkdtemp(path.join(tmpdir(), `live-shop-death-${name}-`)));
    const databaseUrl = (await testDatabaseUrl(dirs[0]!))!;
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: TEST_REDIS_URL!,
      LIVE_SHOP_RECONNECT_GRACE_SECONDS: `${GRACE_SECONDS}`,
    };
    p = await startServerProcess(dirs[0]!, env);
    w = await startServerProcess(dirs[1]!, env);
    show = await createShowOn(p.url, { title: 'A show whose node dies' });
  });

  after(async () => {
    for (const publisher of publishers) publisher.close();
    for (const socket of sockets) socket.disconnect();
    for (const node of [p, w]) node?.child.kill('SIGKILL');
    await Promise.all([p?.exited, w?.exited]);
    if (dirs[0]) await dropTestDatabase(dirs[0]);
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('the other node says reconnecting once the dead one is silent, and ends the show after the grace', async () => {
    const host = await connectTo(w.url, { show: show.id, token: show.hostToken });
    const viewer = await connectTo(w.url, { show: show.id, name: 'Vi' });
    sockets.push(host, viewer);
    const statuses = record<StatusPayload>(viewer, 'show:status');
    assert.equal((await request(host, 'show:start', {})).ok, true);

    const webm = await makeWebm({ seconds: 10 });
    const publisher = publish(p.url, {
      show: show.id,
      token: show.hostToken,
      mimeType: 'video/webm',
      capturedAt: Date.now(),
    });
    publishers.push(publisher);
    await publisher.next('ready');
    const streaming = publisher.stream(webm, { chunks: 100, intervalMs: 100 });
    await statuses.until((s) => s.some((x) => x.status === 'live'), 'live on P');

    p.child.kill('SIGKILL');
    const killedAt = Date.now();
    await withTimeout(p.exited, 'node P to die', 10_000);
    await streaming.catch(() => {});

    // P said it lived at most one heartbeat before it died; W sweeps once a heartbeat.
    const bound = NODE_DEAD_AFTER_MS + 2 * NODE_HEARTBEAT_MS + 5000;
    await statuses.until((s) => s.some((x) => x.status === 'reconnecting'), 'reconnecting, from W', bound);
    const reconnecting = statuses.seen.find((x) => x.status === 'reconnecting')!;
    assert.ok(
      reconnecting.at - killedAt >= NODE_DEAD_AFTER_MS - NODE_HEARTBEAT_MS - 1000,
      `not before P could have been silent that long (${reconnecting.at - killedAt} ms after the kill)`,
    );
    await statuses.until(
      (s) => s.some((x) => x.status === 'ended'),
      'ended after the grace',
      GRACE_SECONDS * 1000 + 10_000,
    );
    const ended = statuses.seen.find((x) => x.status === 'ended')!;
    assert.ok(ended.at - reconnecting.at >= GRACE_SECONDS * 1000 - 50, 'after the grace, not sooner');
    assert.deepEqual(
      statuses.seen.map((x) => x.status),
      ['starting', 'live', 'reconnecting', 'ended'],
    );
  });
});
