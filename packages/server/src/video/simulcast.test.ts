import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { IngestInfo, SimulcastListPayload, SimulcastStatus, StatusPayload } from '@live-shop/protocol';
import { record, request, startHarness, withTimeout, type Harness } from '../testing/harness.js';
import { freePort, publishTestPattern, recordRtmp, type RtmpPublisher, type RtmpRecorder } from '../testing/rtmp.js';

const run = promisify(execFile);

describe('simulcast out: the live program forwarded to RTMP destinations', () => {
  let h: Harness;
  const publishers: RtmpPublisher[] = [];
  const recorders: RtmpRecorder[] = [];
  before(async () => {
    h = await startHarness({
      reconnectGraceMs: 60_000,
      rtmp: { port: 0, host: '127.0.0.1' },
      simulcast: { retries: 2, retryBaseMs: 200, retryMaxMs: 400 },
    });
  });
  after(async () => {
    await Promise.all([...publishers, ...recorders].map((p) => p.stop()));
    await h.close();
  });

  it('stores destinations sealed, answers them masked, and refuses viewers, guests and bad input', async () => {
    const show = await h.createShow({ title: 'Destinations' });
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    const key = 'live_secret-key-abcd1234';
    const added: { ok: true } & SimulcastListPayload = await request(host, 'simulcast:add', {
      name: 'YouTube',
      url: 'rtmps://a.rtmp.youtube.com/live2',
      streamKey: key,
    });
    assert.equal(added.ok, true);
    const [destination] = added.destinations;
    assert.equal(destination!.streamKeyMasked, '••••1234');
    assert.equal(destination!.status.state, 'idle');
    assert.ok(!JSON.stringify(added).includes(key), 'the key never comes back');
    const rows = await h.server.store.simulcast.list(show.id);
    assert.ok(!rows[0]!.keySealed.includes(key) && rows[0]!.keySealed.startsWith('v1.'), 'sealed at rest');

    for (const bad of [
      { name: 'x', url: 'http://example.com/live', streamKey: 'k' },
      { name: 'x', url: 'rtmp://user:pw@example.com/live', streamKey: 'k' },
      { name: 'x', url: 'rtmp://example.com/live', streamKey: 'has space' },
      { name: '', url: 'rtmp://example.com/live', streamKey: 'k' },
    ])
      assert.equal((await request(host, 'simulcast:add', bad)).error.code, 'bad_request', JSON.stringify(bad));

    const viewer = (await h.connect({ show: show.id })).socket;
    const guestToken = (await h.api('POST', `/api/shows/${show.id}/tokens`, { body: { role: 'guest' } })).json.token;
    const guest = (await h.connect({ show: show.id, token: guestToken })).socket;
    for (const socket of [viewer, guest]) {
      assert.equal((await request(socket, 'simulcast:list', {})).error.code, 'forbidden');
      assert.equal(
        (await request(socket, 'simulcast:add', { name: 'x', url: 'rtmp://e.com/a', streamKey: 'k' })).error.code,
        'forbidden',
      );
      assert.equal((await request(socket, 'simulcast:remove', { id: destination!.id })).error.code, 'forbidden');
      assert.equal((await request(socket, 'video:rotate-key', {})).error.code, 'forbidden');
    }

    const disabled = await request(host, 'simulcast:enable', { id: destination!.id, enabled: false });
    assert.equal(disabled.destinations[0].enabled, false);
    const removed = await request(host, 'simulcast:remove', { id: destination!.id });
    assert.deepEqual(removed.destinations, []);
    assert.equal((await request(host, 'simulcast:remove', { id: destination!.id })).error.code, 'not_found');
  });

  it('forwards to a working destination while a refusing one retries and fails, without harming the show', async () => {
    const show = await h.createShow({ title: 'Simulcast' });
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    const moderatorToken = (await h.api('POST', `/api/shows/${show.id}/tokens`, { body: { role: 'moderator' } })).json
      .token;
    const moderator = (await h.connect({ show: show.id, token: moderatorToken })).socket;
    const viewer = (await h.connect({ show: show.id })).socket;
    const staffSees = record<SimulcastStatus>(moderator, 'simulcast:status');
    const viewerSees = record<SimulcastStatus>(viewer, 'simulcast:status');
    const statuses = record<StatusPayload>(host, 'show:status');

    const recorder = await recordRtmp(path.join(h.dataDir, 'simulcast.flv'));
    recorders.push(recorder);
    const good = (
      await request(host, 'simulcast:add', { name: 'Recorder', url: recorder.url, streamKey: recorder.key })
    ).destinations[0] as { id: string };
    const closed = `rtmp://127.0.0.1:${await freePort()}/app`;
    const bad = (await request(host, 'simulcast:add', { name: 'Closed', url: closed, streamKey: 'nobody-home' }))
      .destinations[1] as { id: string };

    const { ingest } = (await request(host, 'video:ingest', {})) as { ingest: IngestInfo };
    assert.equal((await request(host, 'show:start', {})).status, 'starting');
    const encoder = publishTestPattern(`${ingest.rtmpsUrl}/${ingest.streamKey}`, 30);
    publishers.push(encoder);
    await statuses.until((s) => s.some((p) => p.status === 'live'), 'live');

    const of = (id: string) => staffSees.seen.filter((s) => s.id === id).map((s) => s.state);
    await staffSees.until((seen) => seen.some((s) => s.id === good.id && s.state === 'live'), 'recorder live');
    await withTimeout(
      staffSees.until((seen) => seen.some((s) => s.id === bad.id && s.state === 'failed'), 'closed port failed'),
      'closed port failed',
      15_000,
    );
    assert.ok(of(bad.id).includes('retrying'), `retried first: ${of(bad.id)}`);
    const failure = staffSees.seen.find((s) => s.id === bad.id && s.state === 'failed')!;
    assert.ok(failure.error && !failure.error.includes('nobody-home'), `an error without the key: ${failure.error}`);
    assert.ok(!of(good.id).includes('retrying'), 'the working destination never noticed');
    assert.equal(statuses.seen.at(-1)?.status, 'live', 'the show stays live');

    const listed = (await request(host, 'simulcast:list', {})) as SimulcastListPayload;
    assert.deepEqual(
      listed.destinations.map((d) => d.status.state),
      ['live', 'failed'],
    );
    // A few seconds of program reach the recorder, then End show stops the forwarders.
    const segments = async () => {
      const res = await h.api('GET', `/hls/${show.id}/live.m3u8`, { admin: false });
      return res.text.split('\n').filter((l) => l.endsWith('.ts')).length;
    };
    await withTimeout(
      (async () => {
        while ((await segments()) < 12) await new Promise((r) => setTimeout(r, 200));
      })(),
      'three seconds of program',
      15_000,
    );
    assert.equal((await request(host, 'show:end', {})).status, 'ended');
    await staffSees.until((seen) => seen.filter((s) => s.id === good.id).at(-1)?.state === 'idle', 'stopped');
    await withTimeout(recorder.exited, 'the recorder finished its file', 10_000);
    const probe = JSON.parse(
      (
        await run('ffprobe', [
          ...['-v', 'error', '-show_entries', 'stream=codec_type:format=duration', '-of', 'json'],
          recorder.file,
        ])
      ).stdout,
    ) as { streams: { codec_type: string }[]; format: { duration: string } };
    assert.deepEqual(probe.streams.map((s) => s.codec_type).sort(), ['audio', 'video']);
    assert.ok(Number(probe.format.duration) > 1, `recorded ${probe.format.duration} s`);
    assert.deepEqual(viewerSees.seen, [], 'viewers never hear of simulcast');
    assert.ok((await readFile(recorder.file)).length > 0);
  });
});
