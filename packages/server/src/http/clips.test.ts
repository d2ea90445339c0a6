import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Clip, ClipView, CreatedShow, StatusPayload } from '@live-shop/protocol';
import { ADMIN_KEY, record, request, startHarness, withTimeout, type Harness } from '../testing/harness.js';
import { postMuxWebhook, startMuxHarness, type FakeMux } from '../testing/fake-mux.js';
import { makeWebm, probe, publish } from '../testing/media.js';
import { parseRenderedPlaylist } from '../video/hls-playlist.js';

const run = promisify(execFile);
/** The local pipeline's segment length (LocalVideoOptions default): how exact a local cut can be. */
const SEGMENT_MS = 250;

/** Sizes of the first `count` video packets: a re-encode would never reproduce them. */
async function videoPackets(file: string, count = 6): Promise<number[]> {
  const args = ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=size', '-of', 'csv=p=0'];
  const { stdout } = await run('ffprobe', [...args, '-read_intervals', `%+#${count}`, file], { timeout: 10_000 });
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => Number.parseInt(line, 10))
    .slice(0, count);
}
const codecs = (p: Awaited<ReturnType<typeof probe>>) =>
  p.streams.map((s) => `${s.codec_type}:${s.codec_name}:${s.profile ?? ''}:${s.width ?? s.sample_rate ?? ''}`).sort();

/** The recording's segment playing at epoch ms `at`. */
const lastAtOrBefore = <S extends { pdt: number }>(segments: S[], at: number): S =>
  segments.filter((s) => s.pdt <= at).at(-1)!;

/** Polls a clip until it is no longer processing (bounded). */
async function settled(h: Harness, id: string): Promise<ClipView> {
  return withTimeout(
    (async () => {
      for (;;) {
        const res = await h.api('GET', `/api/clips/${id}`, { admin: false });
        assert.equal(res.status, 200, res.text);
        if ((res.json as Clip).status !== 'processing') return res.json as ClipView;
        await new Promise((r) => setTimeout(r, 50));
      }
    })(),
    `clip ${id}`,
    20_000,
  );
}

describe('clips of a local recording: ffmpeg copy into their own HLS', () => {
  let h: Harness;
  let show: CreatedShow;
  let kettle: string;
  let startedAt: number;
  before(async () => {
    h = await startHarness();
    show = await h.createShow({ title: 'Clip me' });
    kettle = show.products[0]!.id;
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    const statuses = record<StatusPayload>(host, 'show:status');
    assert.equal((await request(host, 'show:start', {})).status, 'starting');
    const studio = publish(h.url, {
      show: show.id,
      token: show.hostToken,
      mimeType: 'video/webm;codecs=h264,opus',
      capturedAt: Date.now(),
    });
    await studio.next('ready');
    await studio.stream(await makeWebm({ codec: 'h264', seconds: 6 }), { chunks: 30, intervalMs: 50 });
    await statuses.until((s) => s.some((p) => p.status === 'live'), 'live');
    // Every byte reached ffmpeg before the end: the recording holds all six seconds.
    await withTimeout(
      (async () => {
        while (studio.messages.filter((m) => m.type === 'ack').length < 30) await new Promise((r) => setTimeout(r, 20));
      })(),
      'acks',
    );
    assert.equal((await request(host, 'show:end', {})).status, 'ended');
    startedAt = (await h.api('GET', `/api/shows/${show.id}/timeline`, { admin: false })).json.startedAt;
    assert.equal(typeof startedAt, 'number');
  });
  after(() => h.close());

  const recording = async () =>
    parseRenderedPlaylist((await h.api('GET', `/hls/${show.id}/recording.m3u8`, { admin: false })).text);
  const create = (body: unknown, admin: string | false = ADMIN_KEY, showId = show.id) =>
    h.api('POST', `/api/shows/${showId}/clips`, { body, admin });

  it('cuts a clip with -c copy: its own VOD playlist and segments, the span ± one segment, PDT kept', async () => {
    const [start, end] = [1000, 3500];
    const made = await create({ productId: kettle, start, end, title: 'The kettle' });
    assert.equal(made.status, 201, made.text);
    assert.equal(made.json.status, 'processing');
    const clip = await settled(h, made.json.id);
    assert.equal(clip.status, 'ready', JSON.stringify(clip));
    assert.deepEqual(
      [clip.showId, clip.productId, clip.startMs, clip.endMs, clip.title],
      [show.id, kettle, start, end, 'The kettle'],
    );
    assert.equal(clip.product?.title, 'Kettle', 'the product as the catalog has it now');
    assert.deepEqual(clip.playback, { kind: 'hls', url: `/hls/${show.id}/clips/${clip.id}/clip.m3u8` });

    const list = await h.api('GET', clip.playback!.kind === 'hls' ? clip.playback!.url : '', { admin: false });
    assert.equal(list.status, 200);
    assert.equal(list.headers.get('content-type'), 'application/vnd.apple.mpegurl');
    assert.equal(list.headers.get('cache-control'), 'no-cache');
    assert.equal(list.headers.get('access-control-allow-origin'), '*');
    assert.ok(list.text.includes('#EXT-X-ENDLIST'), 'a finished (VOD) playlist');
    const segments = parseRenderedPlaylist(list.text);
    assert.ok(segments.length >= 1);
    const first = await h.api('GET', `/hls/${show.id}/clips/${clip.id}/${segments[0]!.uri}`, { admin: false });
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('content-type'), 'video/mp2t');
    assert.match(first.headers.get('cache-control') ?? '', /immutable/);

    // Where the cut starts: the key frame starting the recording's segment playing at `start`.
    const source = await recording();
    const from = lastAtOrBefore(source, startedAt + start);
    const to = lastAtOrBefore(source, startedAt + end - 1);
    assert.equal(segments[0]!.pdt, from.pdt, 'the first PDT is the recording’s, at or before start');
    const t0 = segments[0]!.pdt - startedAt;
    // `start` plays inside the clip's first segment (a segment runs to its next key frame: about SEGMENT_MS, at times more).
    const firstEnd = t0 + segments[0]!.duration * 1000;
    assert.ok(t0 <= start && start < firstEnd + 5, `clip starts at show-time ${t0} (to ${firstEnd}) for ${start}`);
    for (let i = 1; i < segments.length; i++)
      assert.ok(Math.abs(segments[i]!.pdt - (segments[i - 1]!.pdt + segments[i - 1]!.duration * 1000)) <= 2);

    const clipUrl = `${h.url}${clip.playback!.kind === 'hls' ? clip.playback!.url : ''}`;
    const clipProbe = await probe(clipUrl);
    const duration = Number(clipProbe.format.duration) * 1000;
    const expected = to.pdt + to.duration * 1000 - from.pdt;
    console.log(
      `clip ${start}–${end} ms: ffprobe ${duration.toFixed(0)} ms (asked ${end - start}, segments ${expected.toFixed(0)}), starts ${start - t0} ms early`,
    );
    assert.ok(Math.abs(duration - (end - start)) <= 2 * SEGMENT_MS + 40, `duration ${duration} for ${end - start}`);
    assert.ok(Math.abs(duration - expected) <= 60, `duration ${duration} = the copied segments ${expected}`);

    // Copied, not re-encoded: same codecs, and the first video packets byte for byte the same size.
    const dir = path.join(h.dataDir, 'hls', show.id);
    const [original, copied] = [path.join(dir, from.uri), path.join(dir, 'clips', clip.id, segments[0]!.uri)];
    assert.deepEqual(codecs(await probe(copied)), codecs(await probe(original)));
    assert.deepEqual(codecs(clipProbe), codecs(await probe(original)));
    assert.ok(
      codecs(clipProbe).some((c) => c.startsWith('video:h264')) &&
        codecs(clipProbe).some((c) => c.startsWith('audio:aac')),
    );
    const packets = await videoPackets(copied);
    assert.equal(packets.length, 6);
    assert.deepEqual(packets, await videoPackets(original), 'the same compressed frames');

    const listed = await h.api('GET', `/api/shows/${show.id}/clips`, { admin: false });
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.json.clips.map((c: Clip) => c.id),
      [clip.id],
    );
  });

  it('never shows a token, key or provider id', async () => {
    const made = await create({ productId: kettle, start: 500, end: 2000 });
    const clip = await settled(h, made.json.id);
    const { text } = await h.api('GET', `/api/clips/${clip.id}`, { admin: false });
    for (const secret of [show.hostToken, ADMIN_KEY]) assert.ok(!text.includes(secret));
    assert.deepEqual(Object.keys(JSON.parse(text)).sort(), [
      'createdAt',
      'endMs',
      'id',
      'playback',
      'product',
      'productId',
      'showId',
      'startMs',
      'status',
    ]);
  });

  it('refuses what it cannot cut, with typed errors', async () => {
    const refused = async (body: unknown, status: number, code: string, showId = show.id) => {
      const res = await create(body, ADMIN_KEY, showId);
      assert.deepEqual([res.status, res.json?.error?.code], [status, code], `${JSON.stringify(body)}: ${res.text}`);
      return res.json.error.message as string;
    };
    await refused({ productId: kettle, start: 2000, end: 2000 }, 400, 'bad_request');
    await refused({ productId: kettle, start: 3000, end: 1000 }, 400, 'bad_request');
    await refused({ productId: kettle, start: 0, end: 500 }, 400, 'bad_request');
    await refused({ productId: kettle, start: 0, end: 11 * 60_000 }, 400, 'bad_request');
    await refused({ productId: kettle, start: '0', end: 1000 }, 400, 'bad_request');
    assert.match(
      await refused({ productId: kettle, start: 4000, end: 60_000 }, 400, 'bad_request'),
      /outside the recording/,
    );
    await refused({ productId: 'no-such-product', start: 1000, end: 2000 }, 404, 'not_found');
    await refused({ productId: kettle, start: 1000, end: 2000 }, 404, 'not_found', 'no-such-show');

    const live = await h.createShow({ title: 'Still live' });
    const host = (await h.connect({ show: live.id, token: live.hostToken })).socket;
    await request(host, 'show:start', {});
    await h.server.service.signal(live.id, 'mediaUp');
    await refused({ productId: live.products[0]!.id, start: 0, end: 1000 }, 409, 'invalid_state', live.id);
    const scheduled = await h.createShow({ title: 'Never started' });
    await refused({ productId: scheduled.products[0]!.id, start: 0, end: 1000 }, 409, 'invalid_state', scheduled.id);
  });

  it('only the admin or this show’s host may cut or delete; viewers, moderators, guests and other hosts may not', async () => {
    const body = { productId: kettle, start: 1000, end: 2000 };
    const token = async (role: string) =>
      (await h.api('POST', `/api/shows/${show.id}/tokens`, { body: { role } })).json.token as string;
    const other = await h.createShow({ title: 'Another show' });
    const refusals: [string | false, number, string][] = [
      [false, 401, 'unauthorized'],
      ['wrong-key', 401, 'unauthorized'],
      [other.hostToken, 401, 'unauthorized'],
      [await token('moderator'), 403, 'forbidden'],
      [await token('guest'), 403, 'forbidden'],
    ];
    for (const [admin, status, code] of refusals) {
      const res = await create(body, admin);
      assert.deepEqual([res.status, res.json?.error?.code], [status, code], `${admin}: ${res.text}`);
    }
    const byHost = await create(body, show.hostToken);
    assert.equal(byHost.status, 201, byHost.text);
    const clip = await settled(h, byHost.json.id);
    for (const [admin, status, code] of refusals) {
      const res = await h.api('DELETE', `/api/clips/${clip.id}`, { admin });
      assert.deepEqual([res.status, res.json?.error?.code], [status, code], `delete by ${admin}: ${res.text}`);
    }
    assert.equal((await h.api('DELETE', `/api/clips/${clip.id}`, { admin: show.hostToken })).status, 204);
  });

  it('delete removes the clip and its files', async () => {
    const made = await create({ productId: kettle, start: 1000, end: 2500 });
    const clip = await settled(h, made.json.id);
    const dir = path.join(h.dataDir, 'hls', show.id, 'clips', clip.id);
    assert.ok(existsSync(path.join(dir, 'clip.m3u8')));
    assert.equal((await h.api('DELETE', `/api/clips/${clip.id}`)).status, 204);
    assert.equal(existsSync(dir), false, 'its directory is gone');
    assert.equal((await h.api('GET', `/api/clips/${clip.id}`, { admin: false })).status, 404);
    const url = clip.playback!.kind === 'hls' ? clip.playback!.url : '';
    assert.equal((await h.api('GET', url, { admin: false })).status, 404);
    assert.equal((await h.api('DELETE', `/api/clips/${clip.id}`)).status, 404);
  });

  it('a cut that died with a previous server process fails instead of staying processing', async () => {
    const at = Date.now() - 60_000;
    const stuck = { id: 'stuckClip01', showId: show.id, productId: kettle, startMs: 1000, endMs: 2000 };
    await h.server.store.clips.create({
      ...stuck,
      status: 'processing',
      provider: 'local',
      externalId: null,
      playback: null,
      title: null,
      createdAt: at,
      updatedAt: at,
    });
    const listed = await h.api('GET', `/api/shows/${show.id}/clips`, { admin: false });
    assert.equal(listed.json.clips.find((c: Clip) => c.id === stuck.id).status, 'failed');
    assert.equal((await h.api('GET', `/api/clips/${stuck.id}`, { admin: false })).json.status, 'failed');
  });

  it('an ffmpeg that fails leaves a failed clip and no files', async () => {
    // A segment of the span is gone from disk: the cut cannot read it.
    const source = await recording();
    const start = Math.round(source.at(-1)!.pdt - startedAt) - 1500;
    await rm(path.join(h.dataDir, 'hls', show.id, lastAtOrBefore(source, startedAt + start + 500).uri));
    const made = await create({ productId: kettle, start, end: start + 1000 });
    assert.equal(made.status, 201, made.text);
    const clip = await settled(h, made.json.id);
    assert.deepEqual([clip.status, clip.playback], ['failed', null]);
    assert.equal(existsSync(path.join(h.dataDir, 'hls', show.id, 'clips', clip.id)), false);
  });
});

describe('clips of a Mux recording: asset clips through the fake Mux API and signed webhooks', () => {
  const SECRET = 'whsec-test-0123456789';
  let fake: FakeMux;
  let h: Harness;
  let close: () => Promise<void>;
  before(async () => ({ fake, h, close } = await startMuxHarness(SECRET)));
  after(() => close());

  async function webhook(type: string, data: Record<string, unknown>): Promise<string> {
    const { status, outcome } = await postMuxWebhook(h.url, SECRET, type, data);
    assert.equal(status, 200);
    return outcome;
  }

  it('creates an asset clip of the recording asset, ready (with its playback id) on video.asset.ready', async () => {
    const show = await h.createShow({ title: 'Mux clip' });
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    assert.equal((await request(host, 'show:start', {})).status, 'starting');
    const [stream] = fake.streamsOf(show.id);
    assert.equal(await webhook('video.live_stream.active', { id: stream!.id, status: 'active' }), 'applied');
    const recording = { id: 'asset-recording', live_stream_id: stream!.id, created_at: Math.floor(Date.now() / 1000) };
    await webhook('video.asset.created', { ...recording, status: 'preparing' });
    await new Promise((r) => setTimeout(r, 2200)); // a show long enough for a clip of at least a second
    assert.equal((await request(host, 'show:end', {})).status, 'ended');
    const replay = [{ id: 'replay-playback', policy: 'public' }];
    assert.equal(
      await webhook('video.asset.ready', { ...recording, status: 'ready', playback_ids: replay }),
      'applied',
    );

    const outside = await h.api('POST', `/api/shows/${show.id}/clips`, {
      body: { productId: show.products[1]!.id, start: 1000, end: 60_000 },
    });
    assert.deepEqual([outside.status, outside.json.error.code], [400, 'bad_request']);

    const made = await h.api('POST', `/api/shows/${show.id}/clips`, {
      body: { productId: show.products[1]!.id, start: 500, end: 1750 },
      admin: show.hostToken,
    });
    assert.equal(made.status, 201, made.text);
    assert.deepEqual([made.json.status, made.json.playback], ['processing', null]);
    const creates = fake.requests.filter((r) => r.method === 'POST' && r.path === '/video/v1/assets');
    assert.equal(creates.length, 1);
    assert.deepEqual(creates[0]!.body, {
      inputs: [{ url: 'mux://assets/asset-recording', start_time: 0.5, end_time: 1.75 }],
      playback_policies: ['public'],
      passthrough: `live-shop-clip:${made.json.id}`,
    });
    const [asset] = [...fake.assets.values()];
    assert.equal(asset!.source_asset_id, 'asset-recording');

    const ready = {
      id: asset!.id,
      status: 'ready',
      passthrough: asset!.passthrough,
      playback_ids: asset!.playback_ids,
    };
    assert.equal(await webhook('video.asset.ready', ready), 'applied');
    assert.equal(await webhook('video.asset.ready', ready), 'ignored', 'a repeated delivery changes nothing');
    const clip = (await h.api('GET', `/api/clips/${made.json.id}`, { admin: false })).json as ClipView;
    assert.deepEqual([clip.status, clip.playback], ['ready', { kind: 'mux', playbackId: asset!.playback_ids[0]!.id }]);
    assert.ok(!JSON.stringify(clip).includes(asset!.id), 'the asset id stays on the server');
    assert.deepEqual((await h.api('GET', `/api/shows/${show.id}`)).json.playback, {
      kind: 'mux',
      playbackId: 'replay-playback',
    });

    assert.equal((await h.api('DELETE', `/api/clips/${clip.id}`)).status, 204);
    assert.equal(fake.assets.get(asset!.id)!.deleted, true, 'the clip asset is deleted at Mux');
  });

  it("maps show-time to the asset's position through its recording times (a reconnect's gap is not in the asset)", async () => {
    const show = await h.createShow({ title: 'Mux clip with a reconnect' });
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    assert.equal((await request(host, 'show:start', {})).status, 'starting');
    const [stream] = fake.streamsOf(show.id);
    await webhook('video.live_stream.active', { id: stream!.id, status: 'active' });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await request(host, 'show:end', {})).status, 'ended');
    const { startedAt } = (await h.api('GET', `/api/shows/${show.id}/timeline`, { admin: false })).json as {
      startedAt: number;
    };
    // Mux recorded 20 s from 1 s after Go live, lost the encoder for 10 s, then recorded 30 s more.
    const recording_times = [
      { started_at: new Date(startedAt + 1000).toISOString(), duration: 20, type: 'content' },
      { started_at: new Date(startedAt + 31_000).toISOString(), duration: 30, type: 'content' },
    ];
    const recording = { id: 'asset-gap', live_stream_id: stream!.id, created_at: Math.floor(Date.now() / 1000) };
    const replay = [{ id: 'replay-gap', policy: 'public' }];
    await webhook('video.asset.ready', { ...recording, status: 'ready', playback_ids: replay, recording_times });

    const outside = await h.api('POST', `/api/shows/${show.id}/clips`, {
      body: { productId: show.products[0]!.id, start: 50_000, end: 62_000 },
    });
    assert.deepEqual([outside.status, outside.json.error.code], [400, 'bad_request'], 'past the recording');
    const made = await h.api('POST', `/api/shows/${show.id}/clips`, {
      body: { productId: show.products[0]!.id, start: 35_000, end: 45_000 },
    });
    assert.equal(made.status, 201, made.text);
    const create = fake.requests.filter((r) => r.method === 'POST' && r.path === '/video/v1/assets').at(-1)!;
    // Show-time 35 s is 4 s into the second stretch, which starts 20 s into the asset.
    assert.deepEqual((create.body as { inputs: unknown[] }).inputs, [
      { url: 'mux://assets/asset-gap', start_time: 24, end_time: 34 },
    ]);
  });
});
