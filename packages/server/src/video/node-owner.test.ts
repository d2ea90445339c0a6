/**
 * Local video on any node (issue 16), one real server: `/hls` for a show another node owns goes there
 * (query and answer headers through, a hop never proxied again, a dead or silent owner → 503), and a
 * restart resumes only the shows this node owns. The two-process failover is in hls-nodes.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, afterEach, describe, it } from 'node:test';
import { startHarness, type Harness } from '../testing/harness.js';
import { HlsShow } from './hls-show.js';
import { type LocalVideoProvider } from './local.js';
import { defaultNodeUrl, HLS_HOP_HEADER, type MediaOwner } from './node-owner.js';
import { NODE_DEAD_AFTER_MS, OrphanSweep } from './orphans.js';

/** A loopback HTTP server standing in for the owner node's disk: it answers like http/hls.ts, or never. */
async function ownerNode(
  answer: boolean,
): Promise<{ url: string; seen: { url: string; headers: IncomingHttpHeaders }[]; server: Server }> {
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url!, headers: req.headers });
    if (!answer) return;
    res.writeHead(200, {
      'content-type': 'application/vnd.apple.mpegurl',
      'cache-control': 'public, max-age=0, s-maxage=10',
      'access-control-allow-origin': '*',
      'x-not-passed': 'owner only',
    });
    res.end('#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:7\n#EXTINF:0.25,\ns1-000007.ts\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

async function ownedBy(h: Harness, showId: string, owner: Pick<MediaOwner, 'id' | 'url'>): Promise<void> {
  await h.server.store.putVideoStream({
    showId,
    provider: 'local',
    externalId: null,
    data: { owner: { ...owner, msn: 0, at: Date.now(), segmentSeconds: 0.25 } },
    playback: { kind: 'hls', url: `/hls/${showId}/live.m3u8`, lowLatency: true },
    updatedAt: Date.now(),
  });
}

describe('local video on any node', () => {
  const servers: Server[] = [];
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close(true);
    h = undefined;
  });
  after(() => servers.forEach((s) => (s.closeAllConnections(), s.close())));

  it('proxies a show another node owns: _HLS_msn and the hop header go, status and media headers come back', async () => {
    h = await startHarness();
    const owner = await ownerNode(true);
    servers.push(owner.server);
    const show = await h.createShow({ title: 'Elsewhere' });
    await ownedBy(h, show.id, { id: 'another-node', url: owner.url });
    const res = await fetch(`${h.url}/hls/${show.id}/live.m3u8?_HLS_msn=7`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/vnd.apple.mpegurl');
    assert.equal(res.headers.get('cache-control'), 'public, max-age=0, s-maxage=10');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('x-not-passed'), null);
    assert.match(await res.text(), /s1-000007\.ts/);
    assert.equal(owner.seen.length, 1);
    assert.equal(owner.seen[0]!.url, `/hls/${show.id}/live.m3u8?_HLS_msn=7`);
    assert.equal(owner.seen[0]!.headers[HLS_HOP_HEADER], '1');
  });

  it('a request that already hopped is served from this node, never sent on again; nor is a name that is not media', async () => {
    h = await startHarness();
    const owner = await ownerNode(true);
    servers.push(owner.server);
    const show = await h.createShow({ title: 'Hop' });
    await ownedBy(h, show.id, { id: 'another-node', url: owner.url });
    const res = await fetch(`${h.url}/hls/${show.id}/live.m3u8`, { headers: { [HLS_HOP_HEADER]: '1' } });
    assert.equal(res.status, 404, 'no media on this node');
    // Nor is a name that is no playlist or segment: it is not media anywhere.
    assert.equal((await fetch(`${h.url}/hls/${show.id}/node-id`)).status, 404);
    assert.equal(owner.seen.length, 0);
  });

  it('an owner that is gone, has no URL, or never answers: 503 video_unavailable, not cached', async () => {
    h = await startHarness();
    const gone = await ownerNode(true);
    const goneUrl = gone.url;
    await new Promise((resolve) => gone.server.close(resolve));
    const silent = await ownerNode(false);
    servers.push(silent.server);
    for (const url of [goneUrl, null, silent.url]) {
      const show = await h.createShow({ title: `Owner at ${url}` });
      await ownedBy(h, show.id, { id: 'another-node', url });
      const res: Response = await fetch(`${h.url}/hls/${show.id}/live.m3u8`);
      assert.equal(res.status, 503, String(url));
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'video_unavailable');
    }
    assert.equal(silent.seen.length, 1, 'the silent owner was asked once');
  });

  it('a restart puts only its own live shows into reconnecting; the node id survives it', async () => {
    h = await startHarness();
    const video = h.server.video as LocalVideoProvider;
    const nodeId = video.nodeId;
    const mine = await h.createShow({ title: 'Mine' });
    const theirs = await h.createShow({ title: 'Theirs' });
    await ownedBy(h, mine.id, { id: nodeId, url: null });
    await ownedBy(h, theirs.id, { id: 'another-node', url: null });
    for (const show of [mine, theirs]) await h.server.store.setShowStatus(show.id, 'live', Date.now());
    const dataDir = h.dataDir;
    await h.close(false);
    h = await startHarness({ dataDir });
    assert.equal((h.server.video as LocalVideoProvider).nodeId, nodeId);
    assert.equal((await h.server.store.getShow(mine.id))?.status, 'reconnecting');
    assert.equal((await h.server.store.getShow(theirs.id))?.status, 'live', 'left to its owner');
  });

  /** A sweep over `h`'s real store and show service, on its own clock; its heartbeats go nowhere. */
  function sweepOf(h: Harness, clock: { now: number }, graceMs: number, here: string[] = []): OrphanSweep {
    const video = h.server.video as LocalVideoProvider;
    return new OrphanSweep({
      nodeId: video.nodeId,
      announce: () => {},
      store: h.server.store,
      signal: (showId, input) => h.server.service.signal(showId, input),
      graceOver: (showId, since) => h.server.service.graceOver(showId, since),
      mediaUpHere: () => new Set(here),
      graceMs,
      logger: h.server.config.logger!,
      now: () => clock.now,
    });
  }
  const statusOf = async (showId: string) => (await h!.server.store.getShow(showId))?.status;

  it('a live show whose owner went silent goes reconnecting; one heard lately stays, and nothing is judged before a node listened long enough', async () => {
    h = await startHarness();
    const clock = { now: Date.now() };
    const sweep = sweepOf(h, clock, 60_000);
    try {
      const silent = await h.createShow({ title: 'On a dead node' });
      const heard = await h.createShow({ title: 'On a live node' });
      const unknown = await h.createShow({ title: 'On a node never heard' });
      await ownedBy(h, silent.id, { id: 'node-silent', url: null });
      await ownedBy(h, heard.id, { id: 'node-heard', url: null });
      await ownedBy(h, unknown.id, { id: 'node-unknown', url: null });
      for (const show of [silent, heard, unknown]) await h.server.store.setShowStatus(show.id, 'live', Date.now());
      sweep.heard('node-silent');
      sweep.heard('node-heard');
      clock.now += NODE_DEAD_AFTER_MS - 1000;
      await sweep.sweep();
      for (const show of [silent, heard, unknown]) assert.equal(await statusOf(show.id), 'live', 'too soon to tell');
      clock.now += 2000;
      sweep.heard('node-heard');
      clock.now += NODE_DEAD_AFTER_MS - 1000;
      await sweep.sweep();
      assert.equal(await statusOf(silent.id), 'reconnecting');
      assert.equal(await statusOf(heard.id), 'live');
      assert.equal(await statusOf(unknown.id), 'reconnecting', 'never heard of since this node listens');
      assert.equal(sweep.alive('node-heard'), true);
      assert.equal(sweep.alive('node-silent'), false);
      assert.equal(sweep.alive((h.server.video as LocalVideoProvider).nodeId), true, 'itself');
    } finally {
      sweep.close();
    }
  });

  it('reconnecting past the grace with no node left to end it: ended; within its grace: kept; flowing here: live again', async () => {
    const graceMs = 60_000;
    h = await startHarness({ reconnectGraceMs: graceMs });
    const [orphan, waiting, flowing] = await Promise.all(
      ['Orphan', 'Waiting', 'Flowing here'].map((title) => h!.createShow({ title })),
    );
    const now = Date.now();
    await h.server.store.setShowStatus(orphan!.id, 'reconnecting', now - graceMs - NODE_DEAD_AFTER_MS - 1000);
    await h.server.store.setShowStatus(waiting!.id, 'reconnecting', now - graceMs);
    await h.server.store.setShowStatus(flowing!.id, 'reconnecting', now - 1000);
    const sweep = sweepOf(h, { now }, graceMs, [flowing!.id]);
    try {
      await sweep.sweep();
      assert.equal(await statusOf(orphan!.id), 'ended');
      assert.equal(await statusOf(waiting!.id), 'reconnecting', 'its node’s timer may still end it');
      assert.equal(await statusOf(flowing!.id), 'live', 'a node took this one for dead: its media says otherwise');
    } finally {
      sweep.close();
    }
  });

  it('a grace timer ends nothing that came back live meanwhile on another node', async () => {
    h = await startHarness({ reconnectGraceMs: 200 });
    const show = await h.createShow({ title: 'Back elsewhere' });
    await h.server.store.setShowStatus(show.id, 'live', Date.now());
    assert.equal((await h.server.service.signal(show.id, 'mediaDown'))?.status, 'reconnecting');
    // The presenter came back on another node: its `live` is in the store, this node's timer runs on.
    await h.server.store.setShowStatus(show.id, 'live', Date.now());
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(await statusOf(show.id), 'live');
    // Down again here: a new grace, which does end it.
    assert.equal((await h.server.service.signal(show.id, 'mediaDown'))?.status, 'reconnecting');
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(await statusOf(show.id), 'ended');
  });

  it('a node URL by default only when it listens on one concrete address', () => {
    assert.equal(defaultNodeUrl('10.0.0.5', 3000), 'http://10.0.0.5:3000');
    assert.equal(defaultNodeUrl('::1', 3000), 'http://[::1]:3000');
    assert.equal(defaultNodeUrl('node-b.internal', 80), 'http://node-b.internal:80');
    for (const every of [undefined, '0.0.0.0', '::']) assert.equal(defaultNodeUrl(every, 3000), null);
  });

  it('numbering carried over from another node is kept on disk: a restart lists the segments with the same numbers', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'live-shop-hls-show-'));
    try {
      const show = await HlsShow.load(dir, false);
      show.advanceTo(50);
      await show.addSession({ session: 1, capturedAt: Date.UTC(2026, 0, 1), mimeType: 'video/webm' });
      await writeFile(path.join(dir, 's1.m3u8'), '#EXTM3U\n#EXTINF:0.25,\ns1-000000.ts\n#EXTINF:0.25,\ns1-000001.ts\n');
      assert.equal(await show.refresh(1), 2);
      assert.equal(show.nextMsn, 52);
      const options = { mode: 'live', window: 20, partTarget: 0.25 } as const;
      const reloaded = await HlsShow.load(dir, false);
      assert.equal(reloaded.nextMsn, 52);
      assert.equal(reloaded.render(options), show.render(options));
      assert.match(reloaded.render(options)!, /#EXT-X-MEDIA-SEQUENCE:50\n/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
