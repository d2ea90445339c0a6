import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedShow, PlaybackPayload, StatusPayload } from '@live-shop/protocol';
import { postMuxWebhook, startMuxHarness, type FakeMux } from '../testing/fake-mux.js';
import { record, request, type ClientSocket, type Harness } from '../testing/harness.js';

const SECRET = 'whsec-test-0123456789';

describe('a Mux show through the real server: factory, store, the fake Mux API and signed webhooks', () => {
  let fake: FakeMux;
  let h: Harness;
  let close: () => Promise<void>;
  before(async () => ({ fake, h, close } = await startMuxHarness(SECRET)));
  after(() => close());

  /** Posts an event to `/webhooks/mux` signed like Mux does. */
  const webhook = (type: string, data: Record<string, unknown>) => postMuxWebhook(h.url, SECRET, type, data);

  /** The host presses Go live: the ack must be `starting`. */
  async function pressGoLive(
    show: CreatedShow,
  ): Promise<{ host: ClientSocket; statuses: ReturnType<typeof record<StatusPayload>> }> {
    const { socket: host } = await h.connect({ show: show.id, token: show.hostToken });
    const statuses = record<StatusPayload>(host, 'show:status');
    const ack = await request(host, 'show:start', {});
    assert.deepEqual([ack.ok, ack.status], [true, 'starting'], JSON.stringify(ack));
    return { host, statuses };
  }

  test('a create whose answer is lost (connection reset after Mux made the stream) leaves one stream, and the show goes live on it', async () => {
    const show = await h.createShow();
    fake.loseNextCreate('reset');
    const { statuses } = await pressGoLive(show);

    const streams = fake.streamsOf(show.id);
    assert.equal(streams.length, 1, 'exactly one Mux live stream for the show: no orphan with a working stream key');
    const [stream] = streams;
    assert.deepEqual((await h.api('GET', `/api/shows/${show.id}`)).json.playback, {
      kind: 'mux',
      playbackId: stream!.playback_ids[0]!.id,
    });

    assert.equal((await webhook('video.live_stream.active', { id: stream!.id, status: 'active' })).outcome, 'applied');
    await statuses.until((s) => s.some((p) => p.status === 'live'), 'live');
  });

  /** Live on its Mux stream: Go live, then Mux's `active`. */
  async function liveShow() {
    const show = await h.createShow();
    const { host, statuses } = await pressGoLive(show);
    const [stream] = fake.streamsOf(show.id);
    await webhook('video.live_stream.active', { id: stream!.id, status: 'active' });
    await statuses.until((s) => s.some((p) => p.status === 'live'), 'live');
    const playbacks = record<PlaybackPayload>(host, 'show:playback');
    return { show, host, stream: stream!, playbacks };
  }

  /** An asset recorded from the live stream, as Mux's asset webhooks carry it (`created_at` in Unix seconds). */
  const asset = (liveStreamId: string, id: string, createdAt: number) => ({
    id,
    live_stream_id: liveStreamId,
    created_at: Math.floor(createdAt / 1000),
    status: 'ready',
    playback_ids: [{ id: `replay-of-${id}`, policy: 'public' }],
  });
  const playbackOf = async (showId: string) => (await h.api('GET', `/api/shows/${showId}`)).json.playback;
  const disables = (liveStreamId: string) =>
    fake.requests.filter((r) => r.method === 'PUT' && r.path === `/video/v1/live-streams/${liveStreamId}/disable`);

  async function endShow(host: ClientSocket) {
    const ack = await request(host, 'show:end', {});
    assert.deepEqual([ack.ok, ack.status], [true, 'ended'], JSON.stringify(ack));
  }

  test('an encoder reconnecting after End show cannot replace the replay: the stream is disabled and a later asset is ignored', async () => {
    const { show, host, stream, playbacks } = await liveShow();
    const recording = asset(stream.id, 'asset-show', Date.now() - 1000);
    await webhook('video.asset.created', { ...recording, status: 'preparing' });
    await endShow(host);
    assert.equal((await webhook('video.asset.ready', recording)).outcome, 'applied');
    await playbacks.until(
      (seen) => seen.some((p) => p.playback?.kind === 'mux' && p.playback.playbackId === 'replay-of-asset-show'),
      'the replay',
    );

    // OBS was left running and reconnects: Mux would record a new asset on the same live stream.
    const reconnect = asset(stream.id, 'asset-after-end', Date.now() + 2000);
    for (const type of ['video.asset.created', 'video.asset.ready', 'video.asset.live_stream_completed']) {
      const res = await webhook(type, reconnect);
      assert.deepEqual([res.status, res.outcome], [200, 'ignored'], type);
    }
    assert.deepEqual(await playbackOf(show.id), { kind: 'mux', playbackId: 'replay-of-asset-show' });
    assert.ok(
      !playbacks.seen.some((p) => p.playback?.kind === 'mux' && p.playback.playbackId === 'replay-of-asset-after-end'),
    );

    assert.equal(disables(stream.id).length, 1, 'End show disabled the live stream');
    assert.equal(fake.liveStreams.get(stream.id)!.status, 'disabled');
  });

  test("the replay carries the recording's times from Mux, to map its position to show time", async () => {
    const { show, host, stream } = await liveShow();
    const startedAt = Date.now() - 60_000;
    const recording = {
      ...asset(stream.id, 'asset-timed', Date.now() - 1000),
      recording_times: [
        { started_at: new Date(startedAt).toISOString(), duration: 30.25, type: 'content' },
        { started_at: new Date(startedAt + 40_000).toISOString(), duration: 12.5, type: 'content' },
      ],
    };
    await endShow(host);
    assert.equal((await webhook('video.asset.ready', recording)).outcome, 'applied');
    assert.deepEqual(await playbackOf(show.id), {
      kind: 'mux',
      playbackId: 'replay-of-asset-timed',
      recording: [
        { at: startedAt, duration: 30_250 },
        { at: startedAt + 40_000, duration: 12_500 },
      ],
    });
    // A later event without (or with broken) times keeps what is known.
    const broken = { ...recording, recording_times: [{ started_at: 'yesterday', duration: 3 }] };
    assert.equal((await webhook('video.asset.live_stream_completed', broken)).outcome, 'ignored');
    assert.equal((await playbackOf(show.id)).recording.length, 2);
  });

  test('webhooks delivered late: an asset made after the end is ignored even when none was seen during the show', async () => {
    const { show, host, stream } = await liveShow();
    const recording = asset(stream.id, 'asset-late-show', Date.now() - 1000);
    await endShow(host);
    assert.equal(
      (await webhook('video.asset.ready', asset(stream.id, 'asset-late-reconnect', Date.now() + 2000))).outcome,
      'ignored',
    );
    assert.equal(await playbackOf(show.id), null);
    assert.equal((await webhook('video.asset.ready', recording)).outcome, 'applied');
    assert.deepEqual(await playbackOf(show.id), { kind: 'mux', playbackId: 'replay-of-asset-late-show' });
  });

  test("a disable that failed at End show is sent again on the stream's next webhook", async () => {
    const { show, host, stream } = await liveShow();
    fake.failNext(500, `PUT /video/v1/live-streams/${stream.id}/disable`, 3); // the SDK's 2 retries too
    await endShow(host);
    assert.notEqual(fake.liveStreams.get(stream.id)!.status, 'disabled', 'the first disable failed');

    // The encoder comes back before Mux's reconnect window closed.
    await webhook('video.live_stream.active', { id: stream.id, status: 'active' });
    assert.equal(fake.liveStreams.get(stream.id)!.status, 'disabled');
    assert.equal((await h.api('GET', `/api/shows/${show.id}`)).json.status, 'ended');
    const sent = disables(stream.id).length;
    await webhook('video.live_stream.idle', { id: stream.id, status: 'idle' });
    assert.equal(disables(stream.id).length, sent, 'once disabled, not again');
  });
});
