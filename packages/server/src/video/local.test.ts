import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CreatedShow, IngestHello, PlaybackPayload, StatusPayload } from '@live-shop/protocol';
import { record, request, startHarness, withTimeout, type ClientSocket, type Harness } from '../testing/harness.js';
import { makeWebm, publish, type Publisher } from '../testing/media.js';

/** What a viewer's player reads from a served playlist. */
function readPlaylist(text: string) {
  const lines = text.trim().split('\n');
  const tag = (name: string) =>
    lines
      .find((l) => l.startsWith(`#EXT-X-${name}:`))
      ?.split(':')
      .slice(1)
      .join(':');
  const mediaSequence = Number(tag('MEDIA-SEQUENCE'));
  const segments: { uri: string; msn: number; pdt: number; duration: number; discontinuity: boolean }[] = [];
  let pending = { pdt: NaN, duration: NaN, discontinuity: false };
  for (const line of lines) {
    if (line === '#EXT-X-DISCONTINUITY') pending.discontinuity = true;
    else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) pending.pdt = Date.parse(line.slice(25));
    else if (line.startsWith('#EXTINF:')) pending.duration = Number.parseFloat(line.slice(8));
    else if (!line.startsWith('#')) {
      segments.push({ uri: line, msn: mediaSequence + segments.length, ...pending });
      pending = { pdt: NaN, duration: NaN, discontinuity: false };
    }
  }
  return { lines, tag, mediaSequence, segments, ended: lines.includes('#EXT-X-ENDLIST') };
}

/** Every ffmpeg process whose arguments mention `dir` (our encoders write there). */
function ffmpegsUsing(dir: string): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.split('\n').filter((line) => line.includes('ffmpeg') && line.includes(dir));
}

describe('local video: studio WebM → ffmpeg → low-latency HLS', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ reconnectGraceMs: 60_000 });
  });
  after(() => h.close());

  const hello = (show: CreatedShow, capturedAt = Date.now()): IngestHello => ({
    show: show.id,
    token: show.hostToken,
    mimeType: 'video/webm;codecs=h264,opus',
    capturedAt,
  });

  async function goLive(
    title: string,
  ): Promise<{ show: CreatedShow; host: ClientSocket; statuses: ReturnType<typeof record<StatusPayload>> }> {
    const show = await h.createShow({ title });
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    const statuses = record<StatusPayload>(host, 'show:status');
    const started = await request(host, 'show:start', {});
    assert.equal(started.status, 'starting', 'Go live waits for media');
    return { show, host, statuses };
  }

  const playlist = async (show: CreatedShow, query = '', file = 'live.m3u8') => {
    const res = await h.api('GET', `/hls/${show.id}/${file}${query}`, { admin: false });
    assert.equal(res.status, 200, res.text);
    return { res, ...readPlaylist(res.text) };
  };

  it('goes live on the first segment, serves rewritten playlists and segments, stamps PDT from capture', async () => {
    const { show, host, statuses } = await goLive('Publish');
    const viewer = (await h.connect({ show: show.id })).socket;
    const playbacks = record<PlaybackPayload>(viewer, 'show:playback');
    const { snapshot } = await h.connect({ show: show.id });
    assert.deepEqual(snapshot.show.playback, { kind: 'hls', url: `/hls/${show.id}/live.m3u8`, lowLatency: true });

    const capturedAt = Date.now() - 1234;
    const studio = publish(h.url, hello(show, capturedAt));
    await studio.next('ready');
    // Chromium's H.264 MediaRecorder output: Matroska with V_MPEG4/ISO/AVC.
    const webm = await makeWebm({ codec: 'h264', seconds: 3 });
    const streaming = studio.stream(webm);
    await statuses.until((s) => s.some((p) => p.status === 'live'), 'live');
    assert.deepEqual(
      statuses.seen.map((s) => s.status),
      ['starting', 'live'],
    );

    const live = await playlist(show);
    assert.equal(live.res.headers.get('content-type'), 'application/vnd.apple.mpegurl');
    assert.equal(live.res.headers.get('cache-control'), 'public, max-age=0, s-maxage=1', 'a CDN keeps the edge 1 s');
    assert.equal(live.res.headers.get('access-control-allow-origin'), '*');
    assert.equal(live.tag('TARGETDURATION'), '1', 'ffmpeg says 0 for sub-second segments; players need ≥ 1');
    assert.equal(live.tag('PART-INF'), 'PART-TARGET=0.250');
    assert.equal(live.tag('SERVER-CONTROL'), 'CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.750');
    assert.equal(live.ended, false);
    const first = live.segments[0]!;
    assert.equal(first.msn, 0);
    assert.ok(
      Math.abs(first.pdt - capturedAt) <= 40,
      `first PDT ${first.pdt} is capturedAt ${capturedAt} (± one frame)`,
    );

    const segment = await h.api('GET', `/hls/${show.id}/${first.uri}`, { admin: false });
    assert.equal(segment.status, 200);
    assert.equal(segment.headers.get('content-type'), 'video/mp2t');
    assert.match(segment.headers.get('cache-control') ?? '', /immutable/);
    assert.equal(segment.headers.get('access-control-allow-origin'), '*');
    assert.equal(segment.text.charCodeAt(0), 0x47, 'an MPEG-TS sync byte');

    await streaming;
    const acks = studio.messages.filter((m) => m.type === 'ack').map((m) => m.bytes);
    assert.ok(acks.length > 0);
    assert.deepEqual(
      acks,
      [...acks].sort((a, b) => a - b),
      'acks only grow',
    );
    await withTimeout(
      (async () => {
        while ((studio.messages.at(-1) as { bytes?: number }).bytes !== webm.length)
          await new Promise((r) => setTimeout(r, 20));
      })(),
      'ack of every byte',
    );

    const full = await playlist(show);
    for (let i = 1; i < full.segments.length; i++) {
      const [a, b] = [full.segments[i - 1]!, full.segments[i]!];
      assert.equal(b.msn, a.msn + 1);
      assert.ok(Math.abs(b.pdt - (a.pdt + a.duration * 1000)) <= 1, 'PDT advances by EXTINF');
    }
    assert.ok(
      full.segments.every((s) => s.duration > 0 && s.duration < 0.6),
      `segments near 0.25 s: ${full.segments.map((s) => s.duration)}`,
    );
    assert.deepEqual(playbacks.seen.at(-1)?.playback ?? snapshot.show.playback, snapshot.show.playback);
    assert.equal((await request(host, 'show:end', {})).status, 'ended');
    assert.equal((await studio.closed).code, 1000, 'End show closes the ingest normally');
  });

  it('holds a blocking reload (_HLS_msn) until that segment exists', async () => {
    const { show } = await goLive('Blocking');
    const studio = publish(h.url, hello(show));
    await studio.next('ready');
    const streaming = studio.stream(await makeWebm({ seconds: 3 }));
    const now = await withTimeout(
      (async () => {
        for (;;) {
          const res = await h.api('GET', `/hls/${show.id}/live.m3u8`, { admin: false });
          if (res.status === 200) return readPlaylist(res.text);
          await new Promise((r) => setTimeout(r, 50));
        }
      })(),
      'first playlist',
    );
    const wanted = now.segments.at(-1)!.msn + 1;
    const held = await playlist(show, `?_HLS_msn=${wanted}`);
    assert.ok(
      held.segments.some((s) => s.msn === wanted),
      `msn ${wanted} in ${held.segments.map((s) => s.msn)}`,
    );
    assert.equal(held.res.headers.get('cache-control'), 'public, max-age=0, s-maxage=10', 'its URL names its segment');
    // Held for the longest wait and answered without it: no cache may keep that answer for others.
    const early = await playlist(show, `?_HLS_msn=${wanted + 1000}`);
    assert.ok(!early.segments.some((s) => s.msn === wanted + 1000));
    assert.equal(early.res.headers.get('cache-control'), 'no-store');
    const bad = await h.api('GET', `/hls/${show.id}/live.m3u8?_HLS_msn=abc`, { admin: false });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'bad_request');
    await streaming;
    studio.close();
  });

  it('drop → reconnecting; a new hello resumes live with a discontinuity and one media sequence; End show → replay', async () => {
    const { show, host, statuses } = await goLive('Resume');
    const webm = await makeWebm({ seconds: 2 });
    const first = publish(h.url, hello(show));
    await first.next('ready');
    await first.stream(webm, { chunks: 20 });
    await statuses.until((s) => s.some((p) => p.status === 'live'), 'live');
    first.close();
    await statuses.until((s) => s.some((p) => p.status === 'reconnecting'), 'reconnecting');

    const resumedAt = Date.now();
    const second = publish(h.url, hello(show, resumedAt));
    await second.next('ready');
    await second.stream(webm, { chunks: 20 });
    await statuses.until((s) => s.filter((p) => p.status === 'live').length === 2, 'live again');
    assert.deepEqual(
      statuses.seen.map((s) => s.status),
      ['starting', 'live', 'reconnecting', 'live'],
    );

    await withTimeout(
      (async () => {
        while (!(await playlist(show)).segments.some((s) => s.uri.startsWith('s2-')))
          await new Promise((r) => setTimeout(r, 50));
      })(),
      'second session segments',
    );
    const joined = await playlist(show, '', 'recording.m3u8');
    const resume = joined.segments.findIndex((s) => s.uri.startsWith('s2-'));
    assert.ok(resume > 0);
    assert.equal(joined.segments[resume]!.discontinuity, true);
    assert.equal(joined.segments.filter((s) => s.discontinuity).length, 1);
    assert.deepEqual(
      joined.segments.map((s) => s.msn),
      joined.segments.map((_, i) => i),
      'one continuous media sequence',
    );
    assert.ok(
      Math.abs(joined.segments[resume]!.pdt - resumedAt) <= 40,
      'the resumed session is stamped from its own capturedAt',
    );

    assert.equal((await request(host, 'show:end', {})).status, 'ended');
    assert.equal((await second.closed).code, 1000);
    const replay = await playlist(show);
    assert.equal(replay.ended, true);
    assert.equal(replay.mediaSequence, 0, 'the replay lists the whole show');
    assert.equal(replay.tag('SERVER-CONTROL'), undefined);
    assert.ok(replay.segments.length >= joined.segments.length);
    const saved = readPlaylist(await readFile(path.join(h.dataDir, 'hls', show.id, 'recording.m3u8'), 'utf8'));
    assert.equal(saved.ended, true);
    assert.deepEqual(
      saved.segments.map((s) => s.uri),
      replay.segments.map((s) => s.uri),
    );
    for (const s of replay.segments)
      assert.ok(existsSync(path.join(h.dataDir, 'hls', show.id, s.uri)), `${s.uri} kept`);
    const { snapshot } = await h.connect({ show: show.id });
    assert.equal(snapshot.show.status, 'ended');
    assert.equal(snapshot.show.playback?.kind, 'hls', 'playback still points at the (now VOD) playlist');
    assert.equal(h.server.video.kind, 'local');
    assert.deepEqual(ffmpegsUsing(h.dataDir), [], 'ffmpeg exited');
  });

  it('a second connection for the same show takes over the first', async () => {
    const { show } = await goLive('Takeover');
    const first = publish(h.url, hello(show));
    await first.next('ready');
    const second = publish(h.url, hello(show));
    await second.next('ready');
    const error = await first.next('error');
    assert.equal(error.error.code, 'invalid_state');
    assert.equal((await first.closed).code, 1008);
    await second.stream(await makeWebm({ seconds: 1 }), { chunks: 10 });
    second.close();
  });

  it('video:ingest answers null for the local provider, forbidden for viewers', async () => {
    const show = await h.createShow();
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    assert.deepEqual(await request(host, 'video:ingest', {}), { ok: true, ingest: null });
    const viewer = (await h.connect({ show: show.id })).socket;
    assert.equal((await request(viewer, 'video:ingest', {})).error.code, 'forbidden');
  });
});

describe('local video: grace period and shutdown', () => {
  it('ends the show with ENDLIST when the presenter does not come back within the grace period', async () => {
    const h = await startHarness({ reconnectGraceMs: 800 });
    try {
      const show = await h.createShow();
      const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
      const statuses = record<StatusPayload>(host, 'show:status');
      await request(host, 'show:start', {});
      const studio = publish(h.url, {
        show: show.id,
        token: show.hostToken,
        mimeType: 'video/webm',
        capturedAt: Date.now(),
      });
      await studio.next('ready');
      await studio.stream(await makeWebm({ seconds: 1 }), { chunks: 10 });
      await statuses.until((s) => s.some((p) => p.status === 'live'), 'live');
      studio.close();
      await statuses.until((s) => s.some((p) => p.status === 'ended'), 'ended after the grace period');
      assert.deepEqual(
        statuses.seen.map((s) => s.status),
        ['starting', 'live', 'reconnecting', 'ended'],
      );
      const res = await withTimeout(
        (async () => {
          for (;;) {
            const r = await h.api('GET', `/hls/${show.id}/live.m3u8`, { admin: false });
            if (r.text.includes('#EXT-X-ENDLIST')) return r;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        })(),
        'ENDLIST',
      );
      assert.equal(res.status, 200);
    } finally {
      await h.close();
    }
  });

  it('server close stops every ffmpeg it started, mid-stream', async () => {
    const h = await startHarness();
    let studio: Publisher | undefined;
    try {
      const show = await h.createShow();
      const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
      await request(host, 'show:start', {});
      studio = publish(h.url, { show: show.id, token: show.hostToken, mimeType: 'video/webm', capturedAt: Date.now() });
      await studio.next('ready');
      void studio.stream(await makeWebm({ seconds: 3 }));
      await withTimeout(
        (async () => {
          while ((await h.api('GET', `/hls/${show.id}/live.m3u8`, { admin: false })).status !== 200)
            await new Promise((r) => setTimeout(r, 50));
        })(),
        'segments',
      );
      assert.equal(ffmpegsUsing(h.dataDir).length, 1, 'one ffmpeg per live show');
    } finally {
      await h.close(false);
    }
    assert.deepEqual(ffmpegsUsing(h.dataDir), [], 'no orphan ffmpeg');
    assert.equal((await studio!.closed).code, 1001, 'publishers are told the server is going away');
    await rm(h.dataDir, { recursive: true, force: true });
  });

  it('answers video_unavailable when there is no ffmpeg', async () => {
    const h = await startHarness({ ffmpegPath: '/nonexistent/ffmpeg' });
    try {
      const show = await h.createShow();
      const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
      const started = await request(host, 'show:start', {});
      assert.equal(started.error.code, 'video_unavailable');
      assert.match(started.error.message, /FFMPEG_PATH \(\/nonexistent\/ffmpeg\)/);
      assert.equal((await h.connect({ show: show.id })).snapshot.show.status, 'scheduled', 'Go live changed nothing');
      await assert.rejects(h.server.video.openMedia(show.id, 'video/webm'), { code: 'video_unavailable' });
    } finally {
      await h.close();
    }
  });
});
