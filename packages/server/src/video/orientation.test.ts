import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ShowSettings, StatusPayload } from '@live-shop/protocol';
import { record, request, startHarness, withTimeout, type Harness } from '../testing/harness.js';
import { makeWebm, probe, publish } from '../testing/media.js';
import { DEFAULT_SHOW_SETTINGS } from '../store/store.js';

describe('show orientation: chosen before going live, kept from the studio to the viewers’ HLS', () => {
  let h: Harness;
  let dir: string;
  before(async () => {
    h = await startHarness();
    dir = await mkdtemp(path.join(tmpdir(), 'live-shop-orientation-'));
  });
  after(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a portrait show reaches viewers as portrait settings and a 9:16 HLS picture (no scale, no pad)', async () => {
    const show = await h.createShow({ title: 'Portrait' });
    const { snapshot: before } = await h.connect({ show: show.id });
    assert.equal(before.show.settings.orientation, undefined, 'absent (landscape) unless the host chose');
    const host = (await h.connect({ show: show.id, token: show.hostToken })).socket;
    const viewer = (await h.connect({ show: show.id })).socket;
    const settings = record<ShowSettings>(viewer, 'show:settings');

    const chose = await request(host, 'show:update', { orientation: 'portrait' });
    assert.deepEqual(chose, {
      ok: true,
      settings: { ...DEFAULT_SHOW_SETTINGS, orientation: 'portrait' },
    });
    await settings.until((s) => s.some((p) => p.orientation === 'portrait'), 'viewers told');
    const { snapshot } = await h.connect({ show: show.id });
    assert.equal(snapshot.show.settings.orientation, 'portrait', 'a viewer joining later knows before the first frame');
    const bad = await request(host, 'show:update', { orientation: 'square' });
    assert.equal(bad.error.code, 'bad_request');

    const statuses = record<StatusPayload>(host, 'show:status');
    assert.equal((await request(host, 'show:start', {})).status, 'starting');
    const studio = publish(h.url, {
      show: show.id,
      token: show.hostToken,
      mimeType: 'video/webm;codecs=h264,opus',
      capturedAt: Date.now(),
    });
    await studio.next('ready');
    const streaming = studio.stream(await makeWebm({ codec: 'h264', seconds: 2, size: '180x320' }));
    await statuses.until((s) => s.some((p) => p.status === 'live'), 'live');

    const playlist = await h.api('GET', `/hls/${show.id}/live.m3u8`, { admin: false });
    const first = playlist.text.split('\n').find((line) => line && !line.startsWith('#'))!;
    const segment = await fetch(`${h.url}/hls/${show.id}/${first}`);
    const file = path.join(dir, 'first.ts');
    await writeFile(file, Buffer.from(await segment.arrayBuffer()));
    const video = (await probe(file)).streams.find((s) => s.codec_type === 'video')!;
    assert.deepEqual([video.width, video.height], [180, 320]);

    const late = await request(host, 'show:update', { orientation: 'landscape' });
    assert.equal(late.error.code, 'invalid_state', 'not while live');
    assert.deepEqual(await request(host, 'show:update', { orientation: 'portrait' }), chose, 'the same choice is fine');
    await withTimeout(streaming, 'all media sent');
    studio.close();
  });
});
