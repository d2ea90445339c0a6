/**
 * Local video on any node (issue 16): two `live-shop-server` processes on one PostgreSQL and one
 * Redis (scripts/with-services.mjs) behind a loopback balancer; the studio publishes to node A,
 * viewers fetch HLS from node B; A is killed and the publisher goes on on B.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CreatedShow, StatusPayload } from '@live-shop/protocol';
import { startBalancer } from './testing/balancer.js';
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

/** A live playlist's first media sequence number and segment URIs. */
function parse(text: string): { first: number; uris: string[]; last: number } {
  const first = Number(/^#EXT-X-MEDIA-SEQUENCE:(\d+)$/m.exec(text)?.[1]);
  const uris = text.split('\n').filter((line) => line && !line.startsWith('#'));
  return { first, uris, last: first + uris.length - 1 };
}

const get = (url: string) => withTimeout(fetch(url), `GET ${url}`, 15_000);

describe(
  'local video on any node: HLS from every node, the pipeline moves with its publisher',
  { skip: clusterSkip },
  () => {
    const dirs: string[] = [];
    const sockets: ClientSocket[] = [];
    const publishers: Publisher[] = [];
    let a: ServerProcess;
    let b: ServerProcess;
    let balancer: Awaited<ReturnType<typeof startBalancer>>;
    let show: CreatedShow;

    before(async () => {
      for (const name of ['a', 'b']) dirs.push(await mkdtemp(path.join(tmpdir(), `live-shop-hls-${name}-`)));
      const databaseUrl = (await testDatabaseUrl(dirs[0]!))!;
      // --host 127.0.0.1 (cli-process.ts): each node's URL defaults to http://127.0.0.1:<its port>.
      a = await startServerProcess(dirs[0]!, { DATABASE_URL: databaseUrl, REDIS_URL: TEST_REDIS_URL! });
      b = await startServerProcess(dirs[1]!, { DATABASE_URL: databaseUrl, REDIS_URL: TEST_REDIS_URL! });
      balancer = await startBalancer([a.port, b.port]);
      show = await createShowOn(a.url, { title: 'Any node show' });
    });

    after(async () => {
      for (const publisher of publishers) publisher.close();
      for (const socket of sockets) socket.disconnect();
      await balancer?.close();
      for (const node of [a, b]) node?.child.kill('SIGKILL');
      await Promise.all([a?.exited, b?.exited]);
      if (dirs[0]) await dropTestDatabase(dirs[0]);
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    });

    it('B serves A’s playlist and segments byte for byte and holds blocking reloads; A killed, the show goes on from B above A’s numbering', async () => {
      const live = `/hls/${show.id}/live.m3u8`;
      const host = await connectTo(b.url, { show: show.id, token: show.hostToken });
      const viewer = await connectTo(b.url, { show: show.id, name: 'Vi' });
      sockets.push(host, viewer);
      const statuses = record<StatusPayload>(viewer, 'show:status');
      assert.equal((await request(host, 'show:start', {})).ok, true);

      const webm = await makeWebm({ seconds: 10 });
      const hello = () => ({ show: show.id, token: show.hostToken, mimeType: 'video/webm', capturedAt: Date.now() });
      const first = publish(balancer.url, hello());
      publishers.push(first);
      await first.next('ready');
      const streaming = first.stream(webm, { chunks: 100, intervalMs: 100 });
      await statuses.until((s) => s.some((x) => x.status === 'live'), 'live on A');

      // The live edge moves between two requests: the same bytes from both nodes within a few tries.
      let fromA = '';
      let fromB = '';
      for (let i = 0; i < 20 && (fromB === '' || fromA !== fromB); i++) {
        const answerB = await get(`${b.url}${live}`);
        assert.equal(answerB.status, 200, 'B answers for the show A runs');
        assert.equal(answerB.headers.get('content-type'), 'application/vnd.apple.mpegurl');
        assert.equal(answerB.headers.get('cache-control'), 'public, max-age=0, s-maxage=1');
        assert.equal(answerB.headers.get('access-control-allow-origin'), '*');
        fromB = await answerB.text();
        fromA = await (await get(`${a.url}${live}`)).text();
      }
      assert.equal(fromB, fromA, 'the same playlist from B as from A');
      for (const uri of parse(fromB).uris.slice(-3)) {
        const [segmentB, segmentA] = await Promise.all([
          get(`${b.url}/hls/${show.id}/${uri}`),
          get(`${a.url}/hls/${show.id}/${uri}`),
        ]);
        assert.equal(segmentB.status, 200);
        assert.equal(segmentB.headers.get('content-type'), 'video/mp2t');
        assert.equal(segmentB.headers.get('cache-control'), 'public, max-age=31536000, immutable');
        const bytesB = Buffer.from(await segmentB.arrayBuffer());
        assert.ok(bytesB.length > 0);
        assert.ok(bytesB.equals(Buffer.from(await segmentA.arrayBuffer())), `${uri}: the same bytes from B as from A`);
      }

      // A blocking reload through B for the segment after the last listed: answered once A lists it.
      const listed = parse((await (await get(`${b.url}${live}`)).text()).trim());
      const blocking = await get(`${b.url}${live}?_HLS_msn=${listed.last + 1}`);
      assert.equal(blocking.status, 200);
      const held = parse(await blocking.text());
      assert.ok(held.last >= listed.last + 1, `lists segment ${listed.last + 1} (got up to ${held.last})`);
      assert.equal(
        blocking.headers.get('cache-control'),
        'public, max-age=0, s-maxage=10',
        'an answer that reached it',
      );

      const lastOnA = parse(await (await get(`${a.url}${live}`)).text()).last;
      a.child.kill('SIGKILL');
      await withTimeout(a.exited, 'node A to die', 10_000);
      await withTimeout(first.closed, 'the upload through the balancer to close', 10_000);
      await streaming;

      // Nobody runs the show's video now: B says so at once, uncached, instead of hanging.
      const orphan = await get(`${b.url}${live}`);
      assert.equal(orphan.status, 503);
      assert.equal(orphan.headers.get('cache-control'), 'no-store');
      assert.equal(((await orphan.json()) as { error: { code: string } }).error.code, 'video_unavailable');

      const second = publish(balancer.url, hello());
      publishers.push(second);
      await second.next('ready');
      const resumed = second.stream(webm, { chunks: 100, intervalMs: 100 });
      // Bounded: a new ffmpeg on B and its first segment.
      const end = Date.now() + 30_000;
      const backLive = (order: string[]) => {
        const down = order.indexOf('reconnecting', order.indexOf('live'));
        return down > 0 && order.indexOf('live', down) > down;
      };
      while (!backLive(statuses.seen.map((x) => x.status)) && Date.now() < end)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const seen = statuses.seen;
      assert.deepEqual(
        seen.map((x) => x.status),
        ['starting', 'live', 'reconnecting', 'live'],
      );

      const continued = await get(`${b.url}${live}`);
      assert.equal(continued.status, 200);
      const onB = parse(await continued.text());
      assert.ok(onB.uris.length > 0);
      assert.ok(onB.first > lastOnA, `B's media sequence ${onB.first} continues above A's last ${lastOnA}`);
      // Through the balancer too (it reaches B now), the same numbering.
      assert.ok(parse(await (await get(`${balancer.url}${live}`)).text()).first >= onB.first);
      second.close();
      await resumed;
    });
  },
);
