import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CreatedShow, StatusPayload } from '@live-shop/protocol';
import { muxWebhookEvent, signMuxWebhook, startFakeMux, type FakeMux } from '../testing/fake-mux.js';
import { record, request, startHarness, type Harness } from '../testing/harness.js';

// The whole server wired by config: Mux keys select the Mux provider (against the local fake API).
describe('video provider selection', () => {
  it('is local without Mux keys, and refuses Mux webhooks', async () => {
    const h = await startHarness();
    try {
      assert.equal(h.server.video.kind, 'local');
      const res = await h.api('POST', '/webhooks/mux', { body: '{}', admin: false });
      assert.equal(res.status, 503);
      assert.equal(res.json.error.code, 'video_unavailable');
    } finally {
      await h.close();
    }
  });
});

describe('Mux provider through the server', () => {
  const webhookSecret = 'whsec-test-0123456789';
  let mux: FakeMux;
  let h: Harness;
  let show: CreatedShow;
  before(async () => {
    mux = await startFakeMux();
    h = await startHarness({
      mux: { tokenId: mux.tokenId, tokenSecret: mux.tokenSecret, webhookSecret, baseUrl: mux.url },
    });
    show = await h.createShow();
  });
  after(async () => {
    await h.close();
    await mux.close();
  });

  it('goes live from Mux webhooks, gives the stream key to the host only, and never to viewers', async () => {
    assert.equal(h.server.video.kind, 'mux');
    const host = await h.connect({ show: show.id, token: show.hostToken });
    const viewer = await h.connect({ show: show.id, name: 'Vi' });
    const statuses = record<StatusPayload>(viewer.socket, 'show:status');
    const playback = record<{ playback: unknown }>(viewer.socket, 'show:playback');

    assert.equal((await request(host.socket, 'show:start', {})).ok, true);
    const stream = [...mux.liveStreams.values()][0]!;
    assert.ok(stream, 'a live stream was created on Mux');
    await playback.until((s) => s.length > 0, 'show:playback');
    assert.deepEqual(playback.seen.at(-1), { playback: { kind: 'mux', playbackId: stream.playback_ids[0]!.id } });

    const ingest = await request(host.socket, 'video:ingest', {});
    assert.equal(ingest.ingest.streamKey, stream.stream_key);
    assert.equal((await request(viewer.socket, 'video:ingest', {})).error.code, 'forbidden');

    const body = JSON.stringify(muxWebhookEvent('video.live_stream.active', { id: stream.id, status: 'active' }));
    const res = await h.api('POST', '/webhooks/mux', {
      body,
      admin: false,
      headers: { 'content-type': 'application/json', 'mux-signature': signMuxWebhook(body, webhookSecret) },
    });
    assert.equal(res.status, 200);
    await statuses.until((s) => s.at(-1)?.status === 'live', 'live');

    const publicJson = JSON.stringify([
      (await h.api('GET', `/api/shows/${show.id}`, { admin: false })).json,
      (await h.connect({ show: show.id })).snapshot,
      statuses.seen,
      playback.seen,
    ]);
    assert.ok(!publicJson.includes(stream.stream_key), 'no stream key in anything a viewer gets');
  });
});
