import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CreatedShow } from '@live-shop/protocol';
import { request, startHarness, type Harness } from '../testing/harness.js';
import { publish, type Publisher } from '../testing/media.js';
import type { LocalVideoProvider } from './local.js';

describe('ingest: only the host publishes, bad input gets typed errors', () => {
  let h: Harness;
  let show: CreatedShow;
  let other: CreatedShow;
  before(async () => {
    h = await startHarness({ allowedOrigins: ['https://shop.example'] });
    show = await h.createShow();
    other = await h.createShow({ title: 'Other' });
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    await request(host, 'show:start', {});
  });
  after(() => h.close());

  const hello = (overrides: Record<string, unknown> = {}) =>
    JSON.stringify({
      show: show.id,
      token: show.hostToken,
      mimeType: 'video/webm',
      capturedAt: Date.now(),
      ...overrides,
    });

  async function refused(studio: Publisher, code: string, closeCode = 1008): Promise<void> {
    const error = await studio.next('error');
    assert.equal(error.error.code, code, JSON.stringify(error));
    assert.equal(typeof error.error.message, 'string');
    assert.deepEqual(await studio.closed, { code: closeCode, reason: code });
    assert.equal((h.server.video as LocalVideoProvider).encoders, 0, 'no ffmpeg spawned');
  }

  it('refuses viewers, wrong tokens, other shows, unknown shows and shows not started', async () => {
    await refused(publish(h.url, hello({ token: undefined })), 'bad_request');
    await refused(publish(h.url, hello({ token: 'lsh1.nope' })), 'unauthorized');
    await refused(publish(h.url, hello({ token: other.hostToken })), 'unauthorized');
    await refused(publish(h.url, hello({ show: 'missing-show' })), 'not_found');
    await refused(publish(h.url, hello({ show: other.id, token: other.hostToken })), 'invalid_state');
  });

  it('refuses moderators, and host tokens once revoked', async () => {
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    const invite = await request(host, 'moderator:invite', {});
    await refused(publish(h.url, hello({ token: invite.token })), 'forbidden');
    const spare = await h.api('POST', `/api/shows/${show.id}/tokens`, { body: { role: 'host' } });
    assert.equal((await h.api('DELETE', `/api/shows/${show.id}/tokens/${spare.json.id}`)).status, 204);
    await refused(publish(h.url, hello({ token: spare.json.token })), 'token_expired');
  });

  it('answers malformed hellos, media before the hello and text after it', async () => {
    await refused(publish(h.url, '{not json'), 'bad_request');
    await refused(publish(h.url, JSON.stringify({ show: show.id, token: show.hostToken })), 'bad_request');
    await refused(publish(h.url, hello({ capturedAt: 'yesterday' })), 'bad_request');
    await refused(publish(h.url, Buffer.from([0x1a, 0x45, 0xdf, 0xa3])), 'bad_request');

    const studio = publish(h.url, hello());
    await studio.next('ready');
    studio.sendRaw('{"type":"hello"}');
    const error = await studio.next('error');
    assert.equal(error.error.code, 'bad_request');
    assert.equal(studio.ws.readyState, studio.ws.OPEN, 'a stray text frame does not end the upload');
    studio.close();
    await studio.closed;
  });

  it('closes with 1009 on a frame over 4 MiB and keeps serving', async () => {
    const studio = publish(h.url, hello());
    await studio.next('ready');
    studio.sendRaw(Buffer.alloc(4 * 1024 * 1024 + 1));
    assert.equal((await studio.closed).code, 1009);
    assert.equal((await h.api('GET', '/health', { admin: false })).status, 200);
    const again = publish(h.url, hello());
    await again.next('ready');
    again.close();
    await again.closed;
  });

  it('enforces allowed origins and refuses other upgrade paths', async () => {
    assert.deepEqual(await publish(h.url, hello(), { origin: 'https://evil.example' }).closed, {
      code: 403,
      reason: 'http',
    });
    const allowed = publish(h.url, hello(), { origin: 'https://shop.example' });
    await allowed.next('ready');
    allowed.close();
    await allowed.closed;
    const stray = publish(`${h.url}/elsewhere?to=`, hello());
    assert.deepEqual(await stray.closed, { code: 404, reason: 'http' });
  });

  it(
    'closes with 1013 (try again), no error, when no hello arrives in time: a slow studio reconnects',
    { timeout: 15_000 },
    async () => {
      const studio = publish(h.url);
      assert.deepEqual(await studio.closed, { code: 1013, reason: 'hello_timeout' });
      assert.deepEqual(studio.messages, [], 'no error message: the studio stops for good on one');
      assert.equal((h.server.video as LocalVideoProvider).encoders, 0, 'no ffmpeg spawned');
    },
  );
});

describe('/hls: only a show’s own media files', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('answers 404 JSON to traversal, raw ffmpeg files and unknown shows', async () => {
    const show = await h.createShow();
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    await request(host, 'show:start', {});
    for (const route of [
      `/hls/${show.id}/..%2F..%2Flive-shop.db`,
      `/hls/..%2F..%2F/live-shop.db`,
      `/hls/${show.id}/%2e%2e%2fsecret`,
      `/hls/${show.id}/s1.m3u8`,
      `/hls/${show.id}/s1.json`,
      `/hls/${show.id}/s1-000000.ts`,
      `/hls/${show.id}/live.m3u8`,
      `/hls/unknown-show/live.m3u8`,
      `/hls/${show.id}/../../admin-key`,
    ]) {
      const res = await h.api('GET', route, { admin: false });
      assert.equal(res.status, 404, route);
      assert.equal(res.json?.error?.code, 'not_found', route);
    }
  });
});
