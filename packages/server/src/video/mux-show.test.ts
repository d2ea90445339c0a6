import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreatedShow, PlaybackPayload, StatusPayload } from '@live-shop/protocol';
import { muxWebhookEvent, signMuxWebhook, startFakeMux, type FakeMux } from '../testing/fake-mux.js';
import { record, request, startHarness, withTimeout, type ClientSocket, type Harness } from '../testing/harness.js';

const SECRET = 'whsec-test-0123456789';

describe('a Mux show through the real server: factory, store, the fake Mux API and signed webhooks', () => {
  let fake: FakeMux;
  let h: Harness;
  before(async () => {
    fake = await startFakeMux();
    h = await startHarness({ mux: { tokenId: fake.tokenId, tokenSecret: fake.tokenSecret, webhookSecret: SECRET, baseUrl: fake.url } });
  });
  after(async () => {
    await h.close();
    await fake.close();
  });

  /** Posts an event to `/webhooks/mux` signed like Mux does. */
  async function webhook(type: string, data: Record<string, unknown>): Promise<{ status: number; outcome: string }> {
    const body = JSON.stringify(muxWebhookEvent(type, data));
    const res = await withTimeout(fetch(`${h.url}/webhooks/mux`, { method: 'POST', headers: { 'content-type': 'application/json', 'mux-signature': signMuxWebhook(body, SECRET) }, body }), type);
    return { status: res.status, outcome: ((await res.json()) as { outcome: string }).outcome };
  }

  /** The host presses Go live: the ack must be `starting`. */
  async function pressGoLive(show: CreatedShow): Promise<{ host: ClientSocket; statuses: ReturnType<typeof record<StatusPayload>> }> {
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
    assert.deepEqual((await h.api('GET', `/api/shows/${show.id}`)).json.playback, { kind: 'mux', playbackId: stream!.playback_ids[0]!.id });

    assert.equal((await webhook('video.live_stream.active', { id: stream!.id, status: 'active' })).outcome, 'applied');
    await statuses.until((s) => s.some((p) => p.status === 'live'), 'live');
  });
});
