import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { withTimeout } from '../testing/harness.js';
import { makeWebm } from '../testing/media.js';
import { FfmpegProcesses, findFfmpeg } from './ffmpeg.js';
import { ffmpegArgs } from './local-session.js';
import { relayArgs } from './mux-relay.js';

const ffmpeg = findFfmpeg(process.env.FFMPEG_PATH);

/** Runs one pipeline's real ffmpeg on `media` as stdin, the way a session feeds it; resolves with its exit code and stderr. */
function feed(args: string[], media: Buffer | string): Promise<{ code: number | null; stderr: string }> {
  const child = new FfmpegProcesses().spawn(ffmpeg!, args);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdin.on('error', () => {});
  child.stdin.end(media);
  return withTimeout(
    new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr }))),
    'ffmpeg to exit',
    15_000,
  );
}

describe(
  "ffmpeg reads a studio's bytes as WebM only, opening no other file or URL",
  { skip: ffmpeg ? false : 'ffmpeg not installed' },
  () => {
    let dir: string;
    let sentinel: string;
    let loopback: Server;
    let url: string;
    /** Every connection and request the loopback server saw: ffmpeg must make none. */
    const seen: string[] = [];

    before(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'live-shop-ffmpeg-input-'));
      sentinel = path.join(dir, 'sentinel-secret.ts');
      await writeFile(sentinel, 'not for ffmpeg\n');
      loopback = createServer((req, res) => {
        seen.push(`${req.method} ${req.url}`);
        res.writeHead(404).end();
      });
      loopback.on('connection', () => seen.push('connection'));
      await new Promise<void>((resolve) => loopback.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(loopback.address() as AddressInfo).port}`;
    });
    after(async () => {
      await new Promise((resolve) => loopback.close(resolve));
      await rm(dir, { recursive: true, force: true });
    });

    // What a host could send as its "media": each one, read by the demuxer it names, makes ffmpeg open something.
    const hostile = () => ({
      'an HLS playlist naming an http URL': `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\n${url}/segment.ts\n#EXT-X-ENDLIST\n`,
      'an HLS playlist naming a local file': `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\nfile:${sentinel}\n#EXT-X-ENDLIST\n`,
      'an HLS master playlist naming an http variant': `#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000\n${url}/variant.m3u8\n`,
      'a concat script naming a local file': `ffconcat version 1.0\nfile ${sentinel}\n`,
      'a DASH manifest naming an http URL':
        '<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT1S" minBufferTime="PT1S" ' +
        'profiles="urn:mpeg:dash:profile:isoff-on-demand:2011"><Period><AdaptationSet mimeType="video/mp4"><Representation id="1" bandwidth="1000">' +
        `<BaseURL>${url}/dash.mp4</BaseURL></Representation></AdaptationSet></Period></MPD>`,
    });

    const pipelines = () => ({
      'local (WebM → HLS)': ffmpegArgs(path.join(dir, 'hls'), 1, 0.25),
      // Port 1: nothing listens; with hostile input ffmpeg must never get as far as its output anyway.
      'Mux browser relay (WebM → RTMP)': relayArgs('video/webm;codecs=vp8,opus', 'rtmp://127.0.0.1:1/app/stream-key'),
    });

    for (const pipeline of ['local (WebM → HLS)', 'Mux browser relay (WebM → RTMP)'] as const) {
      it(`${pipeline}: a playlist, manifest or concat script is not demuxed, and nothing it names is opened`, async () => {
        for (const [what, media] of Object.entries(hostile())) {
          const { code, stderr } = await feed(pipelines()[pipeline], media);
          assert.notEqual(code, 0, `${what}: ffmpeg fails`);
          assert.deepEqual(seen, [], `${what}: the loopback server got nothing`);
          // Unpinned, ffmpeg's HLS/DASH/concat demuxer tries the URL or file and only a build-dependent default whitelist stops it.
          assert.doesNotMatch(
            stderr,
            /whitelist|segment|fragment|sentinel|Unsafe file|\[(hls|dash|concat)/i,
            `${what}: ffmpeg read it as WebM, not as what it claims:\n${stderr}`,
          );
          assert.match(stderr, /matroska|EBML|Invalid data/i, `${what}: refused by the WebM demuxer:\n${stderr}`);
        }
        if (pipeline.startsWith('local'))
          assert.deepEqual(await readdir(dir), ['sentinel-secret.ts'], 'no HLS output written');
      });
    }

    it('real WebM still becomes HLS (VP8, and H.264 in Matroska as Chromium records it; the relay: mux.test.ts)', async () => {
      for (const codec of ['vp8', 'h264'] as const) {
        const out = await mkdtemp(path.join(tmpdir(), `live-shop-ffmpeg-${codec}-`));
        const local = await feed(ffmpegArgs(out, 1, 0.25), await makeWebm({ seconds: 1, codec }));
        assert.equal(local.code, 0, `${codec} → HLS:\n${local.stderr}`);
        assert.ok(
          (await readdir(out).catch(() => [])).some((f) => f.endsWith('.ts')),
          `${codec}: segments written`,
        );
        await rm(out, { recursive: true, force: true });
      }
    });
  },
);
