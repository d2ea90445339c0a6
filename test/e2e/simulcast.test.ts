/**
 * Simulcast out through the studio, end to end: the host adds an RTMP destination in the Simulcast
 * panel (a real ffmpeg listening as YouTube or Twitch would, recording what it gets), goes live with
 * Chromium's fake camera, sees the destination go live, ends the show; the recording holds the show's
 * video and audio. The stream key is typed once and never shown again. Nothing mocked.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import type { PublicShow } from '@live-shop/protocol';
import { recordRtmp, type RtmpRecorder } from '../../packages/server/src/testing/rtmp.js';
import { startServer, type RunningServer } from '../helpers/server-process.js';
import { FAKE_MEDIA_ARGS, launchBrowser, loopbackContext } from '../helpers/browser.js';

const run = promisify(execFile);

let server: RunningServer;
let browser: Browser;
let studio: Page;
let recorder: RtmpRecorder;
let dir: string;
let showId: string;

before(async () => {
  server = await startServer();
  showId = new URL(server.studioUrl).searchParams.get('show')!;
  dir = await mkdtemp(path.join(tmpdir(), 'live-shop-e2e-simulcast-'));
  // Listens for one publisher for at most 90 s, and writes at most 90 s: bounded even if the show never ends.
  recorder = await recordRtmp(path.join(dir, 'out.flv'), 90);
  browser = await launchBrowser(FAKE_MEDIA_ARGS);
  studio = await (await loopbackContext(browser)).newPage();
  await studio.goto(server.studioUrl);
});

after(async () => {
  await recorder?.stop();
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const panel = () => studio.locator('section[part="simulcast"]');
const destination = () => panel().locator('li.destination');

/** Everything the studio page holds: its HTML, every shadow root's, and every input's current value. */
const pageText = () =>
  studio.evaluate(() => {
    const out: string[] = [document.documentElement.outerHTML];
    // A walk with a bounded stack rather than a named helper (tsx would wrap it in a helper the page lacks).
    const roots: (Document | ShadowRoot)[] = [document];
    for (let i = 0; i < roots.length && i < 10_000; i++)
      for (const el of roots[i]!.querySelectorAll('*')) {
        if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) out.push(el.value);
        if (el.shadowRoot) {
          out.push(el.shadowRoot.innerHTML);
          roots.push(el.shadowRoot);
        }
      }
    return out.join('\n');
  });

/** Seconds of program the show's live playlist has listed so far (each segment counted once). */
const segments = new Map<string, number>();
async function programSeconds(): Promise<number> {
  const playlist = await (await fetch(`${server.origin}/hls/${showId}/live.m3u8`)).text();
  for (const [, duration, uri] of playlist.matchAll(/#EXTINF:([\d.]+),[^\n]*\n(?:#[^\n]*\n)*([^#\s][^\n]*)/g))
    segments.set(uri!, Number(duration));
  return [...segments.values()].reduce((sum, d) => sum + d, 0);
}

test('a destination added in the Simulcast panel: its key is masked and never in the page', async () => {
  await panel().waitFor({ timeout: 20_000 });
  await panel().getByLabel('Name').fill('Recorder');
  await panel().getByLabel('RTMP URL').fill(recorder.url);
  await panel().getByLabel('Stream key').fill(recorder.key);
  await panel().getByRole('button', { name: 'Add destination' }).click();
  await destination().waitFor({ timeout: 10_000 });
  const where = await destination().locator('.where').textContent();
  assert.ok(where?.includes(recorder.url), `the URL is shown: ${where}`);
  assert.ok(where?.includes(`••••${recorder.key.slice(-4)}`), `the key is shown masked: ${where}`);
  assert.equal(await panel().getByLabel('Stream key').inputValue(), '', 'the key field is emptied');
  const text = await pageText();
  assert.ok(text.includes(`••••${recorder.key.slice(-4)}`), 'the walk reaches the panel inside the studio');
  assert.ok(!text.includes(recorder.key), 'the stream key is nowhere in the page');
  assert.equal(await destination().getAttribute('data-state'), 'idle');
});

test('Go live: the panel shows the destination live, and End show stops it', async () => {
  await studio.getByRole('button', { name: 'Go live' }).click();
  await panel().locator('li.destination[data-state="live"]').waitFor({ timeout: 45_000 });
  assert.equal(
    await destination()
      .locator('.state')
      .textContent()
      .then((t) => t?.trim()),
    'Live',
  );
  const status = ((await (await fetch(`${server.origin}/api/shows/${showId}`)).json()) as PublicShow).status;
  assert.equal(status, 'live');

  // Three more seconds of program reach the destination before the show ends.
  const from = await programSeconds();
  const deadline = Date.now() + 30_000;
  while ((await programSeconds()) < from + 3 && Date.now() < deadline) await studio.waitForTimeout(250);
  const to = await programSeconds();
  assert.ok(to >= from + 3, `three seconds of program after the destination went live: ${from} → ${to}`);

  await studio.getByRole('button', { name: 'End show' }).click();
  const confirm = studio.getByRole('button', { name: /confirm/i });
  if (await confirm.count()) await confirm.click();
  await panel().locator('li.destination[data-state="idle"]').waitFor({ timeout: 20_000 });
  assert.ok(!(await pageText()).includes(recorder.key), 'still no stream key in the page');
});

test('the destination recorded the show: a video and an audio stream, longer than a second', async () => {
  // The forwarder stopped: the recorder's input ended, so it closes its file by itself.
  const { code, stderr } = await Promise.race([
    recorder.exited,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('the recorder did not finish its file')), 20_000).unref(),
    ),
  ]);
  assert.equal(code, 0, stderr);
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
});
