import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import { silentLogger } from '../logger.js';
import { muxWebhookEvent, signMuxWebhook, startMuxTestbed, type MuxTestbed } from '../testing/fake-mux.js';
import { withTimeout } from '../testing/harness.js';
import type { MuxProvider } from '../video/mux.js';
import { errorHandler } from './errors.js';
import { muxWebhookRouter } from './webhooks-mux.js';

const SECRET = 'whsec-test-0123456789';

async function serve(
  mux: MuxProvider | null,
  { jsonFirst = false } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  if (jsonFirst) app.use(express.json({ type: '*/*' })); // the mistake the router must detect
  app.use(muxWebhookRouter({ mux, logger: silentLogger }));
  app.use(errorHandler(silentLogger));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('POST /webhooks/mux', () => {
  let bed: MuxTestbed;
  let http: Awaited<ReturnType<typeof serve>>;

  before(async () => {
    bed = await startMuxTestbed({ webhookSecret: SECRET });
    http = await serve(bed.provider);
  });
  after(async () => {
    await http.close();
    await bed.close();
  });

  async function post(body: string, headers: Record<string, string>) {
    const res = await withTimeout(
      fetch(`${http.url}/webhooks/mux`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      }),
      'webhook',
    );
    const json = (await res.json()) as any;
    await bed.settle();
    return { status: res.status, json };
  }

  /** Posts an event signed like Mux does. */
  const send = (event: object, { secret = SECRET, timestamp }: { secret?: string; timestamp?: number } = {}) => {
    const body = JSON.stringify(event);
    return post(body, { 'mux-signature': signMuxWebhook(body, secret, timestamp) });
  };

  /** A show that pressed Go live: its Mux live stream exists, its status is `starting`. */
  async function startingShow() {
    const showId = (await bed.service.createShow({ title: 'Webhook show' })).show.id;
    await bed.provider.start(showId);
    await bed.store.setShowStatus(showId, 'starting', Date.now());
    const record = (await bed.store.getVideoStream(showId))!;
    const live = bed.fake.liveStreams.get(record.externalId!)!;
    bed.signals.length = 0;
    return { showId, live };
  }
  const status = async (showId: string) => (await bed.store.getShow(showId))!.status;
  const signalsFor = (showId: string) => bed.signals.filter(([, id]) => id === showId).map(([s]) => s);
  const stateEvent = (kind: string, liveStreamId: string, secondsAgo = 0) =>
    muxWebhookEvent(
      `video.live_stream.${kind}`,
      { id: liveStreamId, status: kind === 'active' ? 'active' : 'idle' },
      { created_at: new Date(Date.now() - secondsAgo * 1000).toISOString() },
    );

  test('active / disconnected / active / idle drive the show: starting → live → reconnecting → live → ended', async () => {
    const { showId, live } = await startingShow();
    assert.equal((await send(muxWebhookEvent('video.live_stream.connected', { id: live.id }))).status, 200);
    assert.equal(await status(showId), 'starting');

    const res = await send(stateEvent('active', live.id, 4));
    assert.deepEqual([res.status, res.json], [200, { received: true, outcome: 'applied' }]);
    assert.equal(await status(showId), 'live');
    await send(stateEvent('disconnected', live.id, 3));
    assert.equal(await status(showId), 'reconnecting');
    await send(stateEvent('active', live.id, 2));
    assert.equal(await status(showId), 'live');
    await send(stateEvent('idle', live.id, 1));
    assert.equal(await status(showId), 'ended');
    assert.deepEqual(signalsFor(showId), ['mediaUp', 'mediaDown', 'mediaUp', 'streamOver', 'playbackChanged']);
    assert.equal((await bed.store.getVideoStream(showId))!.playback, null, 'no replay yet: nothing to play');
  });

  test('idle before active does not end a show that is only starting', async () => {
    const { showId, live } = await startingShow();
    const res = await send(stateEvent('idle', live.id, 2));
    assert.deepEqual([res.status, res.json.outcome], [200, 'ignored']);
    assert.equal(await status(showId), 'starting');
    assert.deepEqual(signalsFor(showId), []);
    await send(stateEvent('active', live.id, 1));
    assert.equal(await status(showId), 'live');
  });

  test('idle right behind active (before the service applied it) still ends the show', async () => {
    const { showId, live } = await startingShow();
    await bed.provider.applyWebhook(stateEvent('active', live.id, 2));
    await bed.provider.applyWebhook(stateEvent('idle', live.id, 1));
    await bed.settle();
    assert.equal(await status(showId), 'ended');
  });

  test('OBS pushing and stopping before Go live leaves the show scheduled', async () => {
    const { showId, live } = await startingShow();
    await bed.store.setShowStatus(showId, 'scheduled', Date.now());
    await send(stateEvent('active', live.id, 2));
    assert.equal((await send(stateEvent('idle', live.id, 1))).json.outcome, 'ignored');
    assert.equal(await status(showId), 'scheduled');
    assert.ok(!signalsFor(showId).includes('streamOver'));
  });

  test('an event older than the last applied one (delivered out of order) is ignored', async () => {
    const { showId, live } = await startingShow();
    await send(stateEvent('active', live.id, 1));
    const late = await send(stateEvent('disconnected', live.id, 5));
    assert.equal(late.json.outcome, 'ignored');
    assert.equal(await status(showId), 'live');
  });

  test('the same event id twice is applied once', async () => {
    const { showId, live } = await startingShow();
    await send(stateEvent('active', live.id, 3));
    const disconnected = stateEvent('disconnected', live.id, 2);
    assert.equal((await send(disconnected)).json.outcome, 'applied');
    await send(stateEvent('active', live.id, 1));
    const again = await send(disconnected);
    assert.deepEqual([again.status, again.json.outcome], [200, 'duplicate']);
    assert.equal(await status(showId), 'live');
    assert.deepEqual(signalsFor(showId), ['mediaUp', 'mediaDown', 'mediaUp']);
  });

  test('asset.ready is kept as the replay while live and played once the show ended', async () => {
    const { showId, live } = await startingShow();
    await send(stateEvent('active', live.id, 1));
    const livePlayback = (await bed.store.getVideoStream(showId))!.playback;
    const asset = (playbackId: string) =>
      muxWebhookEvent('video.asset.ready', {
        id: `asset-${playbackId}`,
        live_stream_id: live.id,
        status: 'ready',
        playback_ids: [{ id: playbackId, policy: 'public' }],
      });

    await send(asset('replay-1'));
    assert.deepEqual(
      (await bed.store.getVideoStream(showId))!.playback,
      livePlayback,
      'viewers keep the live stream while live',
    );
    await bed.service.end(showId);
    await bed.provider.end(showId);
    assert.deepEqual((await bed.service.publicShow(showId)).playback, { kind: 'mux', playbackId: 'replay-1' });

    // Another recording of the same stream is not the show's: the replay stays.
    assert.equal((await send(asset('replay-2'))).json.outcome, 'ignored');
    assert.deepEqual((await bed.store.getVideoStream(showId))!.playback, { kind: 'mux', playbackId: 'replay-1' });
    assert.deepEqual(signalsFor(showId), ['mediaUp', 'playbackChanged']);
  });

  test('asset.ready after the end switches from nothing to the replay', async () => {
    const { showId, live } = await startingShow();
    await bed.provider.end(showId);
    assert.equal((await bed.store.getVideoStream(showId))!.playback, null);
    const createdAt = Math.floor(Date.now() / 1000) - 5;
    await send(
      muxWebhookEvent('video.asset.ready', {
        id: 'asset-x',
        live_stream_id: live.id,
        created_at: createdAt,
        playback_ids: [{ id: 'replay-x', policy: 'public' }],
      }),
    );
    assert.deepEqual((await bed.store.getVideoStream(showId))!.playback, { kind: 'mux', playbackId: 'replay-x' });
  });

  test('an unknown live stream is acknowledged and ignored', async () => {
    const res = await send(stateEvent('active', 'not-ours'));
    assert.deepEqual([res.status, res.json.outcome], [200, 'ignored']);
  });

  test('bad signature, stale timestamp, missing header or a non-raw body → 400 and nothing applied', async () => {
    const { showId, live } = await startingShow();
    const event = stateEvent('active', live.id);
    const body = JSON.stringify(event);

    const wrongSecret = await send(event, { secret: 'not-the-secret' });
    const stale = await send(event, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    const missing = await post(body, {});
    const tampered = await post(body.replace('active', 'idle'), { 'mux-signature': signMuxWebhook(body, SECRET) });
    for (const res of [wrongSecret, stale, missing, tampered]) {
      assert.equal(res.status, 400);
      assert.equal(res.json.error.code, 'bad_request');
    }
    assert.match(stale.json.error.message, /too old/);
    assert.match(missing.json.error.message, /mux-signature/);

    const parsedFirst = await serve(bed.provider, { jsonFirst: true });
    try {
      const res = await fetch(`${parsedFirst.url}/webhooks/mux`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'mux-signature': signMuxWebhook(body, SECRET) },
        body,
      });
      assert.equal(res.status, 400);
      assert.match(((await res.json()) as any).error.message, /raw/);
    } finally {
      await parsedFirst.close();
    }

    assert.equal(await status(showId), 'starting');
    assert.deepEqual(signalsFor(showId), []);
    // Rejected deliveries were not recorded: the genuine one with the same id still applies.
    assert.equal((await send(event)).json.outcome, 'applied');
    assert.equal(await status(showId), 'live');
  });

  test('without MUX_WEBHOOK_SECRET (or without Mux) webhooks are refused', async () => {
    const unsigned = await startMuxTestbed({ webhookSecret: null });
    const noSecret = await serve(unsigned.provider);
    const noMux = await serve(null);
    try {
      for (const url of [noSecret.url, noMux.url]) {
        const body = JSON.stringify(muxWebhookEvent('video.live_stream.active', { id: 'x' }));
        const res = await fetch(`${url}/webhooks/mux`, {
          method: 'POST',
          headers: { 'mux-signature': signMuxWebhook(body, SECRET) },
          body,
        });
        assert.equal(res.status, 503);
        assert.match(((await res.json()) as any).error.message, /MUX_/);
      }
    } finally {
      await noSecret.close();
      await noMux.close();
      await unsigned.close();
    }
  });
});
