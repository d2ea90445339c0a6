import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { type LiveShopError } from '@live-shop/protocol';
import { ShowService } from '../show/service.js';
import { startMuxTestbed, type MuxTestbed } from '../testing/fake-mux.js';
import { withTimeout } from '../testing/harness.js';
import { findFfmpeg } from './ffmpeg.js';
import { createMuxProvider, MUX_RTMPS_URL } from './mux.js';
import { relayArgs } from './mux-relay.js';

const run = promisify(execFile);

async function newShow(bed: MuxTestbed): Promise<string> {
  return (await bed.service.createShow({ title: 'Mux show' })).show.id;
}

const creates = (bed: MuxTestbed) =>
  bed.fake.requests.filter((r) => r.method === 'POST' && r.path === '/video/v1/live-streams');

describe('mux provider against the fake Mux API', () => {
  let bed: MuxTestbed;
  before(async () => {
    bed = await startMuxTestbed();
  });
  after(() => bed.close());

  test('start creates one low-latency public live stream per show and reuses it', async () => {
    const showId = await newShow(bed);
    await bed.provider.start(showId);
    await bed.provider.start(showId);
    await Promise.all([bed.provider.start(showId), bed.provider.start(showId)]);

    const [create, ...more] = creates(bed);
    assert.equal(more.length, 0, 'exactly one live stream created');
    assert.deepEqual(create!.body, {
      playback_policies: ['public'],
      latency_mode: 'low',
      reconnect_window: 60,
      new_asset_settings: { playback_policies: ['public'] },
      passthrough: showId,
    });
    const basic = `Basic ${Buffer.from(`${bed.fake.tokenId}:${bed.fake.tokenSecret}`).toString('base64')}`;
    assert.equal(create!.headers.authorization, basic);

    const live = [...bed.fake.liveStreams.values()][0]!;
    const stored = await bed.store.getVideoStream(showId);
    assert.equal(stored?.provider, 'mux');
    assert.equal(stored?.externalId, live.id);
    assert.deepEqual(stored?.playback, { kind: 'mux', playbackId: live.playback_ids[0]!.id });
    assert.deepEqual((await bed.service.publicShow(showId)).playback, {
      kind: 'mux',
      playbackId: live.playback_ids[0]!.id,
    });
    assert.deepEqual(bed.signals.filter(([s, id]) => s === 'playbackChanged' && id === showId).length, 1);
  });

  test('the stream key is given by ingest() only: never in public show state, snapshots or logs', async () => {
    const showId = await newShow(bed);
    await assert.rejects(bed.provider.ingest(showId), (e: LiveShopError) => e.code === 'invalid_state');
    await bed.provider.start(showId);
    const stored = await bed.store.getVideoStream(showId);
    const key = bed.fake.liveStreams.get(stored!.externalId!)!.stream_key;

    assert.deepEqual(await bed.provider.ingest(showId), { rtmpsUrl: MUX_RTMPS_URL, streamKey: key });
    assert.equal(stored!.data.streamKey, key);
    const publicJson = JSON.stringify([
      await bed.service.publicShow(showId),
      await bed.service.snapshot(showId, 'viewer', 0),
      await bed.service.snapshot(showId, 'host', 0),
      await bed.service.listShows(),
      bed.broadcasts,
      bed.logs,
    ]);
    assert.ok(!publicJson.includes(key), 'stream key leaked into public state');
    assert.ok(!publicJson.includes(bed.fake.tokenSecret));
  });

  test('Mux API failures become video_unavailable without secrets in the message', async () => {
    const showId = await newShow(bed);
    bed.fake.failNext(500, 'POST /video/v1/live-streams');
    await assert.rejects(bed.provider.start(showId), (e: LiveShopError) => {
      assert.equal(e.code, 'video_unavailable');
      assert.match(e.message, /Mux API error 500/);
      return true;
    });
    assert.equal(await bed.store.getVideoStream(showId), null, 'nothing stored on failure');

    const wrongSecret = 'definitely-wrong-secret-value';
    const badCreds = createMuxProvider(
      {
        store: bed.store,
        signals: { mediaUp() {}, mediaDown() {}, streamOver() {}, playbackChanged() {} },
        logger: { info() {}, warn() {}, error() {} },
        dataDir: tmpdir(),
      },
      { tokenId: bed.fake.tokenId, tokenSecret: wrongSecret, baseUrl: bed.fake.url },
      { maxRetries: 0 },
    );
    await assert.rejects(badCreds.start(showId), (e: LiveShopError) => {
      assert.equal(e.code, 'video_unavailable');
      assert.match(e.message, /MUX_TOKEN_ID and MUX_TOKEN_SECRET/);
      assert.ok(!e.message.includes(wrongSecret));
      return true;
    });

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = createMuxProvider(
      {
        store: bed.store,
        signals: { mediaUp() {}, mediaDown() {}, streamOver() {}, playbackChanged() {} },
        logger: { info() {}, warn() {}, error() {} },
        dataDir: tmpdir(),
      },
      { tokenId: 'id', tokenSecret: 'secret', baseUrl: `http://127.0.0.1:${port}` },
      { maxRetries: 0 },
    );
    await assert.rejects(
      unreachable.start(showId),
      (e: LiveShopError) => e.code === 'video_unavailable' && /unreachable/.test(e.message),
    );
  });

  test('end completes and disables the live stream once and leaves viewers nothing to play until the replay is ready', async () => {
    const showId = await newShow(bed);
    await bed.provider.end(showId); // never started: nothing to do
    await bed.provider.start(showId);
    const liveStreamId = (await bed.store.getVideoStream(showId))!.externalId!;
    await bed.provider.end(showId);
    await bed.provider.end(showId);

    const completes = bed.fake.requests.filter(
      (r) => r.method === 'PUT' && r.path === `/video/v1/live-streams/${liveStreamId}/complete`,
    );
    assert.equal(completes.length, 1);
    assert.equal(bed.fake.liveStreams.get(liveStreamId)!.completed, true);
    const disables = bed.fake.requests.filter(
      (r) => r.method === 'PUT' && r.path === `/video/v1/live-streams/${liveStreamId}/disable`,
    );
    assert.equal(disables.length, 1, 'disabled once: no encoder may reconnect');
    assert.equal(bed.fake.liveStreams.get(liveStreamId)!.status, 'disabled');
    assert.equal((await bed.store.getVideoStream(showId))!.playback, null);
    assert.deepEqual(
      bed.signals.filter(([, id]) => id === showId).map(([s]) => s),
      ['playbackChanged', 'playbackChanged'],
    );
    await assert.rejects(
      bed.provider.openMedia(showId, 'video/webm'),
      (e: LiveShopError) => e.code === 'invalid_state',
    );
  });

  test('a server restart (a deploy of one node) leaves a Mux show live: Mux keeps the stream, its webhooks decide', async () => {
    const id = await newShow(bed);
    await bed.store.setShowStatus(id, 'live', Date.now());
    const restarted = new ShowService({
      store: bed.store,
      tokenSecret: randomBytes(32),
      broadcaster: {
        emit: () => {},
        emitToHosts: () => {},
        emitToStaff: () => {},
        emitToViewer: () => {},
        disconnectToken: () => {},
      },
      video: bed.provider,
      reconnectGraceMs: 50,
    });
    try {
      await restarted.resumeAfterRestart();
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.equal((await bed.store.getShow(id))!.status, 'live');
    } finally {
      restarted.close();
    }
  });

  test('openMedia before Go live is invalid_state', async () => {
    await assert.rejects(
      bed.provider.openMedia(await newShow(bed), 'video/webm'),
      (e: LiveShopError) => e.code === 'invalid_state',
    );
  });
});

describe('creating the live stream when Mux answers late (no idempotency key: a blind retry makes an orphan)', () => {
  test('a create answered after the client timeout is found by passthrough, not made twice', async () => {
    // The SDK's default retries on, as in production.
    const bed = await startMuxTestbed({ maxRetries: 2, timeoutMs: 300 });
    try {
      const showId = await newShow(bed);
      bed.fake.loseNextCreate({ delayMs: 1500 });
      await bed.provider.start(showId);
      const streams = bed.fake.streamsOf(showId);
      assert.equal(streams.length, 1, 'exactly one live stream for the show');
      assert.equal(creates(bed).length, 1, 'the create was not sent again');
      assert.deepEqual((await bed.service.publicShow(showId)).playback, {
        kind: 'mux',
        playbackId: streams[0]!.playback_ids[0]!.id,
      });
      assert.equal((await bed.provider.ingest(showId))!.streamKey, streams[0]!.stream_key);
    } finally {
      await bed.close();
    }
  });

  test('a create refused with a 5xx is retried after a lookup; refused credentials are not retried', async () => {
    const bed = await startMuxTestbed({ maxRetries: 2 });
    try {
      const showId = await newShow(bed);
      bed.fake.failNext(503, 'POST /video/v1/live-streams');
      await bed.provider.start(showId);
      assert.equal(bed.fake.streamsOf(showId).length, 1);
      assert.equal(creates(bed).length, 2, 'sent again once the lookup found nothing');

      const badCreds = createMuxProvider(
        {
          store: bed.store,
          signals: { mediaUp() {}, mediaDown() {}, streamOver() {}, playbackChanged() {} },
          logger: { info() {}, warn() {}, error() {} },
          dataDir: tmpdir(),
        },
        { tokenId: bed.fake.tokenId, tokenSecret: 'wrong-secret', baseUrl: bed.fake.url },
        { maxRetries: 2 },
      );
      const before = bed.fake.requests.length;
      await assert.rejects(badCreds.start(await newShow(bed)), (e: LiveShopError) => e.code === 'video_unavailable');
      assert.equal(bed.fake.requests.length - before, 1, 'a 401 is final: one request');
    } finally {
      await bed.close();
    }
  });
});

describe('relay args', () => {
  test('H.264 from the browser is copied; anything else is encoded with x264; audio is AAC in FLV', () => {
    const h264 = relayArgs('video/webm;codecs=h264,opus', 'rtmp://x/app/k');
    assert.deepEqual(h264.slice(h264.indexOf('-c:v'), h264.indexOf('-c:v') + 2), ['-c:v', 'copy']);
    const vp8 = relayArgs('video/webm;codecs=vp8,opus', 'rtmp://x/app/k');
    for (const arg of ['libx264', 'veryfast', 'zerolatency', 'aac', 'flv']) assert.ok(vp8.includes(arg), arg);
    assert.equal(vp8.at(-1), 'rtmp://x/app/k');
  });
});

/** True once something listens on 127.0.0.1:port (read from /proc so the single `-listen 1` accept is not used up). */
async function listening(port: number): Promise<boolean> {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const table = await readFile('/proc/net/tcp', 'utf8');
  return table.split('\n').some((line) => {
    const cols = line.trim().split(/\s+/);
    return cols[1] === `0100007F${hex}` && cols[3] === '0A';
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const ffmpeg = findFfmpeg(process.env.FFMPEG_PATH);

describe(
  'browser relay through real ffmpeg to an RTMP listener',
  { skip: ffmpeg ? false : 'ffmpeg not installed' },
  () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'live-shop-relay-'));
      const common = [
        '-hide_banner',
        '-loglevel',
        'error',
        '-f',
        'lavfi',
        '-i',
        'testsrc=size=320x240:rate=25',
        '-f',
        'lavfi',
        '-i',
        'sine=frequency=440:sample_rate=48000',
        '-t',
        '3',
      ];
      await run(ffmpeg!.path, [
        ...common,
        '-c:v',
        'libvpx',
        '-deadline',
        'realtime',
        '-b:v',
        '400k',
        '-c:a',
        'libopus',
        '-f',
        'webm',
        path.join(dir, 'vp8.webm'),
      ]);
      // MediaRecorder's "webm" with H.264 is Matroska; ffmpeg's webm muxer refuses H.264.
      await run(ffmpeg!.path, [
        ...common,
        '-c:v',
        'libx264',
        '-g',
        '25',
        '-pix_fmt',
        'yuv420p',
        '-c:a',
        'libopus',
        '-f',
        'matroska',
        path.join(dir, 'h264.webm'),
      ]);
    });
    after(() => rm(dir, { recursive: true, force: true }));

    for (const [file, mimeType] of [
      ['vp8.webm', 'video/webm;codecs=vp8,opus'],
      ['h264.webm', 'video/webm;codecs=h264,opus'],
    ] as const) {
      test(`${mimeType} reaches the listener under the stream key as H.264 + AAC`, async () => {
        const listenPort = await freePort();
        const bed = await startMuxTestbed({ rtmpUrl: `rtmp://127.0.0.1:${listenPort}/app` });
        try {
          const showId = await newShow(bed);
          await bed.provider.start(showId);
          const { streamKey } = (await bed.provider.ingest(showId))!;
          const out = path.join(dir, `${file}.flv`);
          const listener = spawn(ffmpeg!.path, [
            '-hide_banner',
            '-loglevel',
            'info',
            '-listen',
            '1',
            '-i',
            `rtmp://127.0.0.1:${listenPort}/app/${streamKey}`,
            '-c',
            'copy',
            '-f',
            'flv',
            '-y',
            out,
          ]);
          let listenerLog = '';
          listener.stderr.on('data', (d: Buffer) => (listenerLog += d.toString()));
          const listenerExit = new Promise<number | null>((resolve) => listener.once('exit', resolve));
          try {
            await withTimeout(
              (async () => {
                while (!(await listening(listenPort))) await new Promise((r) => setTimeout(r, 50));
              })(),
              'RTMP listener',
              5000,
            );

            const session = await bed.provider.openMedia(showId, mimeType);
            const errors: Error[] = [];
            session.onError((e) => errors.push(e));
            const media = await readFile(path.join(dir, file));
            for (let offset = 0; offset < media.length; offset += 16 * 1024) {
              if (!session.write(media.subarray(offset, offset + 16 * 1024))) {
                await withTimeout(new Promise<void>((resolve) => session.onDrain(resolve)), 'drain', 5000);
              }
            }
            await withTimeout(session.close('end'), 'relay close', 8000);
            assert.equal(await withTimeout(listenerExit, 'listener exit', 8000), 0, listenerLog);
            assert.deepEqual(errors, []);
          } finally {
            listener.kill('SIGKILL');
          }
          assert.doesNotMatch(listenerLog, /Unexpected stream|don't match/, 'published under another key or app');
          const { stdout } = await run('ffprobe', [
            '-v',
            'error',
            '-show_entries',
            'stream=codec_type,codec_name',
            '-of',
            'csv=p=0',
            out,
          ]);
          assert.deepEqual(stdout.trim().split('\n').sort(), ['aac,audio', 'h264,video']);
        } finally {
          await bed.close();
        }
      });
    }

    test('a relay that cannot reach Mux reports an error with the key redacted', async () => {
      const bed = await startMuxTestbed({ rtmpUrl: `rtmp://127.0.0.1:${await freePort()}/app` });
      try {
        const showId = await newShow(bed);
        await bed.provider.start(showId);
        const { streamKey } = (await bed.provider.ingest(showId))!;
        const session = await bed.provider.openMedia(showId, 'video/webm;codecs=vp8,opus');
        const failed = new Promise<Error>((resolve) => session.onError(resolve));
        const media = await readFile(path.join(dir, 'vp8.webm'));
        session.write(media);
        const error = await withTimeout(failed, 'relay error', 8000);
        session.write(media); // after the failure: ignored, no throw
        await session.close('drop');
        assert.ok(!error.message.includes(streamKey));
        const logged = bed.logs.join('\n');
        assert.match(logged, /mux relay .* failed/);
        assert.ok(!logged.includes(streamKey), logged);
      } finally {
        await bed.close();
      }
    });
  },
);
