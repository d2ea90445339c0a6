import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { CreatedShow, IngestInfo, StatusPayload } from '@live-shop/protocol';
import { record, request, startHarness, withTimeout, type ClientSocket, type Harness } from '../testing/harness.js';
import { publishTestPattern, type RtmpPublisher } from '../testing/rtmp.js';
import { encodeAmf0 } from './rtmp/amf0.js';
import { writeChunks } from './rtmp/chunks.js';
import { RTMP_LIMITS } from './rtmp/server.js';

/** Segments listed in a playlist, with their PDT. */
function segmentsOf(text: string): { uri: string; pdt: number }[] {
  const out: { uri: string; pdt: number }[] = [];
  let pdt = NaN;
  for (const line of text.trim().split('\n')) {
    if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) pdt = Date.parse(line.slice(25));
    else if (line && !line.startsWith('#')) out.push({ uri: line, pdt });
  }
  return out;
}

describe('RTMP in: an encoder → the local ffmpeg → HLS pipeline', () => {
  let h: Harness;
  const publishers: RtmpPublisher[] = [];
  before(async () => {
    h = await startHarness({ reconnectGraceMs: 60_000, rtmp: { port: 0, host: '127.0.0.1' } });
  });
  after(async () => {
    await Promise.all(publishers.map((p) => p.stop()));
    await h.close();
  });

  const publish = (url: string) => {
    const publisher = publishTestPattern(url);
    publishers.push(publisher);
    return publisher;
  };

  async function liveShow(title: string): Promise<{ show: CreatedShow; host: ClientSocket; ingest: IngestInfo }> {
    const show = await h.createShow({ title });
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    const { ingest } = (await request(host, 'video:ingest', {})) as { ok: true; ingest: IngestInfo };
    assert.equal((await request(host, 'show:start', {})).status, 'starting');
    return { show, host, ingest };
  }

  const livePlaylist = async (showId: string) => {
    const res = await h.api('GET', `/hls/${showId}/live.m3u8`, { admin: false });
    return res.status === 200 ? segmentsOf(res.text) : [];
  };

  it('shows the host an RTMP URL and a stream key; viewers get neither', async () => {
    const show = await h.createShow({ title: 'Keys' });
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    const first = await request(host, 'video:ingest', {});
    const port = (await h.server.rtmp())!.port;
    assert.equal(first.ingest.rtmpsUrl, `rtmp://127.0.0.1:${port}/live`);
    assert.match(first.ingest.streamKey, /^ls_[\w-]{32}$/);
    assert.deepEqual(await request(host, 'video:ingest', {}), first, 'the same key on every ask');
    const viewer = (await h.connect({ show: show.id })).socket;
    assert.equal((await request(viewer, 'video:ingest', {})).error.code, 'forbidden');
    const publicShow = await h.api('GET', `/api/shows/${show.id}`, { admin: false });
    assert.ok(!publicShow.text.includes(first.ingest.streamKey), 'the public show never holds the key');
  });

  it('publishes with the right key: live, segments with PDT from arrival; a second publisher is refused; a drop reconnects', async () => {
    const { show, host, ingest } = await liveShow('OBS');
    const statuses = record<StatusPayload>(host, 'show:status');
    const startedAt = Date.now();
    const first = publish(`${ingest.rtmpsUrl}/${ingest.streamKey}`);
    await statuses.until((s) => s.some((p) => p.status === 'live'), 'live');
    const segments = await livePlaylist(show.id);
    assert.ok(segments.length > 0, 'the playlist lists segments');
    assert.ok(
      segments[0]!.pdt >= startedAt && segments[0]!.pdt <= Date.now(),
      'the first PDT is the arrival time of the stream',
    );
    const segment = await h.api('GET', `/hls/${show.id}/${segments[0]!.uri}`, { admin: false });
    assert.equal(segment.status, 200);
    assert.equal(segment.text.charCodeAt(0), 0x47, 'an MPEG-TS sync byte');

    const second = publish(`${ingest.rtmpsUrl}/${ingest.streamKey}`);
    const refused = await withTimeout(second.exited, 'second publisher refused', 15_000);
    assert.notEqual(refused.code, 0, `a second publisher fails: ${refused.stderr}`);
    assert.match(refused.stderr, /already publishing/);
    assert.equal(first.child.exitCode, null, 'the first publisher keeps going');
    const before = (await livePlaylist(show.id)).length;
    await withTimeout(
      (async () => {
        while ((await livePlaylist(show.id)).length <= before) await new Promise((r) => setTimeout(r, 100));
      })(),
      'more segments from the first publisher',
    );

    await first.stop();
    await statuses.until((s) => s.at(-1)?.status === 'reconnecting', 'reconnecting after the encoder dropped');
    const back = publish(`${ingest.rtmpsUrl}/${ingest.streamKey}`);
    await statuses.until((s) => s.at(-1)?.status === 'live', 'live again when the encoder is back');

    // A new key cuts off the encoder using the old one, which can then no longer publish.
    const rotated = await request(host, 'video:rotate-key', {});
    assert.notEqual(rotated.ingest.streamKey, ingest.streamKey);
    const cut = await withTimeout(back.exited, 'the encoder with the old key is cut off', 15_000);
    assert.notEqual(cut.code, 0);
    await statuses.until((s) => s.at(-1)?.status === 'reconnecting', 'reconnecting after the key changed');
    const stale = await withTimeout(
      publish(`${ingest.rtmpsUrl}/${ingest.streamKey}`).exited,
      'old key refused',
      15_000,
    );
    assert.match(stale.stderr, /Unknown stream key/);
    assert.equal((await request(host, 'show:end', {})).status, 'ended');
  });

  it('closes connections that send nonsense, and keeps serving', async () => {
    const port = (await h.server.rtmp())!.port!;
    const closedBy = (bytes: Buffer) =>
      withTimeout(
        new Promise<void>((resolve) => {
          const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
          socket.on('error', () => {});
          socket.on('data', () => {});
          socket.on('close', () => resolve());
        }),
        'closed by the server',
        5000,
      );
    // Not RTMP at all (an HTTP request: wrong version byte).
    await closedBy(Buffer.from(`GET / HTTP/1.1\r\nHost: x\r\n\r\n${'x'.repeat(1600)}`));
    // A proper handshake, then a chunk of a stream that never had a full header.
    await closedBy(Buffer.concat([Buffer.from([3]), Buffer.alloc(3072), Buffer.from([0x45, 0, 0, 0, 0, 0, 1, 20])]));
    // A connect to another application.
    const connectOther = Buffer.concat([
      Buffer.from([3]),
      Buffer.alloc(3072),
      writeChunks({ typeId: 20, streamId: 0, payload: encodeAmf0('connect', 1, { app: 'other' }) }, 3, 128),
    ]);
    await closedBy(connectOther);
    // One address holds at most RTMP_LIMITS.perAddress connections: the next is closed at once.
    const idle = await Promise.all(
      Array.from(
        { length: RTMP_LIMITS.perAddress },
        () =>
          new Promise<Socket>((resolve) => {
            const socket = connect(port, '127.0.0.1', () => resolve(socket));
            socket.on('error', () => {});
          }),
      ),
    );
    await closedBy(Buffer.from([3]));
    idle.forEach((socket) => socket.destroy());
    const show = await h.createShow({ title: 'Still serving' });
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    assert.match((await request(host, 'video:ingest', {})).ingest.streamKey, /^ls_/);
  });

  it('refuses a wrong key and a show that is not live yet', async () => {
    const { show, ingest } = await liveShow('Wrong key');
    const wrong = publish(`${ingest.rtmpsUrl}/ls_${'x'.repeat(32)}`);
    const result = await withTimeout(wrong.exited, 'wrong key refused', 15_000);
    assert.notEqual(result.code, 0, 'ffmpeg fails to publish');
    assert.match(result.stderr, /Unknown stream key/);
    assert.deepEqual(await livePlaylist(show.id), [], 'no media for the show');

    const scheduled = await h.createShow({ title: 'Not yet' });
    const host = (await h.connect({ show: scheduled.id, token: scheduled.hostToken })).socket;
    const { ingest: early } = await request(host, 'video:ingest', {});
    const tooEarly = publish(`${early.rtmpsUrl}/${early.streamKey}`);
    const refused = await withTimeout(tooEarly.exited, 'refused before Go live', 15_000);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /press Go live/);
  });
});
