import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LiveShopError } from '@live-shop/protocol';
import { request } from '@live-shop/server/testing';
import { createClip, deleteClip, listClips, loadClip } from './index.js';
import { referenceServer } from './testing/clients.js';

/** Resolves with the LiveShopError code `promise` rejects with. */
const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof LiveShopError ? error.code : `not a LiveShopError: ${String(error)}`),
  );

describe('clips over HTTP against the reference server', () => {
  const ref = referenceServer();

  it('reads, lists and deletes a clip; every refusal is a typed LiveShopError', async () => {
    const target = { server: ref.h.url, show: ref.show.id };
    const [kettle] = ref.show.products;
    const body = { productId: kettle!.id, start: 0, end: 2000 };
    assert.deepEqual(await listClips(target), []);
    // Not ended yet: the server says why.
    const host = await ref.h.connect({ show: ref.show.id, token: ref.show.hostToken });
    assert.equal((await request(host.socket, 'show:start', {})).ok, true);
    assert.equal(await code(createClip(target, ref.show.hostToken, body)), 'invalid_state');
    assert.equal(await code(createClip(target, 'not-a-token', body)), 'unauthorized');
    assert.equal(await code(loadClip(target, 'no-such-clip')), 'not_found');
    assert.equal(await code(loadClip({ server: 'http://127.0.0.1:9' }, 'c')), 'internal', 'unreachable');

    // A clip the server already cut (the cutting itself is the server's test: real ffmpeg).
    const at = Date.now();
    const clip = { id: 'clientClip1', showId: ref.show.id, productId: kettle!.id, startMs: 0, endMs: 2000 };
    const playback = { kind: 'hls' as const, url: `/hls/${ref.show.id}/clips/clientClip1/clip.m3u8` };
    await ref.h.server.store.clips.create({
      ...clip,
      status: 'ready',
      provider: 'local',
      externalId: null,
      playback,
      title: null,
      createdAt: at,
      updatedAt: at,
    });
    const view = await loadClip(target, clip.id);
    assert.deepEqual([view.status, view.playback, view.product?.id], ['ready', playback, kettle!.id]);
    assert.deepEqual(
      (await listClips(target)).map((c) => c.id),
      [clip.id],
    );
    assert.equal(await code(deleteClip(target, 'not-a-token', clip.id)), 'unauthorized');
    await deleteClip(target, ref.show.hostToken, clip.id);
    assert.equal(await code(loadClip(target, clip.id)), 'not_found');
  });
});
