/**
 * `npm run bench:latency` — glass-to-glass latency and overlay sync of the local video pipeline,
 * measured with the real studio and viewer elements in headless Debian Chromium on loopback.
 *
 * The presenter page's camera is a canvas that stamps Date.now() into every frame (32-bit barcode);
 * the viewer decodes the stamp on each rendered frame (requestVideoFrameCallback) and subtracts it
 * from its own Date.now() (same machine, same clock). Pins are toggled during the run; for each pin
 * the stamp on screen when the card appears is compared with the pin's server time `at`.
 * Prints numbers; asserts nothing. Bounded: BENCH_SECONDS (default 20) of measurement.
 *
 * BENCH_LOAD=1 runs the same with a busy host: a process spinning on the last CPU (pinned with
 * taskset; it stops by itself after the run's bound and is killed at the end), as other work on the
 * machine would. Either way the bench prints the player's stalls per minute.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import type { PublicShow, TimelinePage } from '@live-shop/protocol';
import type { Page } from 'playwright-core';
import { startServer } from '../test/helpers/server-process.js';
import { FAKE_MEDIA_ARGS, launchBrowser, loopbackContext } from '../test/helpers/browser.js';
import { CARD_FLIPS, FRAME_DECODER, replaySyncErrors, STAMPED_CAMERA, type CardFlip } from '../test/helpers/stamps.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const PINS = Number(process.env.BENCH_PINS ?? 12);
const LOAD = process.env.BENCH_LOAD === '1';

/** A busy loop on the last CPU (the "other core" of a two-core machine), for at most `seconds`. */
function busyLoop(seconds: number): { child: ChildProcess; where: string } {
  const loop = ['-e', `const end = Date.now() + ${seconds * 1000}; while (Date.now() < end);`];
  const cpu = availableParallelism() - 1;
  const pinned = (() => {
    try {
      execFileSync('taskset', ['-V'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  const child = pinned
    ? spawn('taskset', ['-c', String(cpu), process.execPath, ...loop], { stdio: 'ignore' })
    : spawn(process.execPath, loop, { stdio: 'ignore' });
  return { child, where: pinned ? `pinned to CPU ${cpu}` : 'not pinned (no taskset)' };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const fmt = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks
}

/**
 * The replay re-runs the same pins: End show, play the recording from the start, and for each pin
 * change compare the stamp on screen when the cards flip with the pin's time. Bounded by the
 * recording's length + 20 s.
 */
async function replaySync(origin: string, showId: string, presenter: Page, shopper: Page) {
  await presenter.getByRole('button', { name: 'End show' }).click();
  const confirm = presenter.getByRole('button', { name: /confirm/i });
  if (await confirm.count()) await confirm.click();
  const viewer = shopper.locator('live-shop-viewer');
  await viewer.getByRole('button', { name: 'Watch the replay' }).waitFor({ timeout: 30_000 });
  await shopper.evaluate(() => ((window as unknown as { __flips: unknown[] }).__flips.length = 0));
  await viewer.getByRole('button', { name: 'Watch the replay' }).click();
  await shopper.waitForFunction(
    () => {
      const player = document.querySelector('live-shop-viewer')!.shadowRoot!.querySelector('live-shop-player') as
        (HTMLElement & { video: HTMLVideoElement | null }) | null;
      const video = player?.video;
      return !!video && video.duration > 0 && (video.ended || video.currentTime >= video.duration - 0.3);
    },
    null,
    { timeout: (SECONDS + 60) * 1000, polling: 500 },
  );
  const pins: { at: number; productIds: string[] }[] = [];
  for (let after = '', pages = 0; pages < 20; pages++) {
    const page = (await (
      await fetch(`${origin}/api/shows/${showId}/timeline${after ? `?after=${after}` : ''}`)
    ).json()) as TimelinePage;
    for (const e of page.entries) if (e.kind === 'pins') pins.push(e);
    if (!page.next) break;
    after = page.next;
  }
  const flips = await shopper.evaluate(() => (window as unknown as { __flips: CardFlip[] }).__flips);
  const { errors, missed } = replaySyncErrors(flips, pins);
  const abs = errors.map(Math.abs).sort((a, b) => a - b);
  console.log(
    `replay sync error        p50 ${fmt(percentile(abs, 50))}   p95 ${fmt(percentile(abs, 95))}   (${abs.length} pin changes re-run, ${missed} missed; goal ±150 ms)`,
  );
  console.log(`  signed: ${errors.map((e) => `${e >= 0 ? '+' : ''}${e}`).join(' ')} ms`);
}

async function main() {
  // The whole run, setup and replay included, stays well inside this bound.
  const load = LOAD ? busyLoop(SECONDS + 240) : null;
  const server = await startServer();
  // Chromium's fake devices make the studio's pickers non-empty; getUserMedia itself returns the stamped canvas.
  const browser = await launchBrowser(FAKE_MEDIA_ARGS);
  try {
    const presenter = await (await loopbackContext(browser)).newPage();
    await presenter.addInitScript({ content: STAMPED_CAMERA });
    const shopper = await (await loopbackContext(browser)).newPage();
    await shopper.addInitScript({ content: FRAME_DECODER });
    await shopper.addInitScript({ content: CARD_FLIPS });
    await presenter.goto(server.studioUrl);
    await shopper.goto(server.storefrontUrl);

    presenter.on('console', (m) => process.env.BENCH_DEBUG && console.log('studio:', m.text()));
    presenter.on('pageerror', (e) => console.error('studio error:', e.message));
    await presenter.getByRole('button', { name: 'Go live' }).click();
    await shopper.evaluate(() => performance.setResourceTimingBufferSize(100_000));
    if (process.env.BENCH_DEBUG) {
      await presenter.waitForTimeout(5000);
      console.log(
        (await presenter.locator('live-shop-studio').locator('[part=base]').first().textContent())?.replace(
          /\s+/g,
          ' ',
        ),
      );
    }
    await shopper
      .locator('live-shop-viewer')
      .getByText(/^\s*live\s*$/i)
      .first()
      .waitFor({ timeout: 30_000 });
    shopper.on('pageerror', (e) => console.error('viewer error:', e.message));
    if (process.env.BENCH_DEBUG) {
      await shopper.waitForTimeout(3000);
      console.log(
        await shopper.evaluate(() => {
          const p = document
            .querySelector('live-shop-viewer')!
            .shadowRoot!.querySelector('live-shop-player') as HTMLElement & { video: HTMLVideoElement | null };
          const v = p.video;
          return {
            frames: (window as unknown as { __frames: unknown[] }).__frames.length,
            t: v?.currentTime,
            w: v?.videoWidth,
            paused: v?.paused,
            rs: v?.readyState,
          };
        }),
      );
    }
    await shopper.waitForFunction(() => (window as unknown as { __frames: unknown[] }).__frames.length > 30, null, {
      timeout: 30_000,
    });

    // The show's ffmpeg is the newest one writing into this server's data dir.
    const ffmpegPid = Number(
      execFileSync('pgrep', ['-n', '-f', `ffmpeg.*${server.dataDir}`])
        .toString()
        .trim(),
    );
    const showId = new URL(server.studioUrl).searchParams.get('show')!;
    const ticks0 = cpuTicks(ffmpegPid);
    const started = Date.now();
    const framesBefore = await shopper.evaluate(() => (window as unknown as { __frames: unknown[] }).__frames.length);

    // Server side: when is each segment listed (held reload answered), against the capture time of its end?
    const listed: number[] = [];
    let probing = true;
    const probe = (async () => {
      let next = -1;
      while (probing) {
        const url = `${server.origin}/hls/${showId}/live.m3u8${next < 0 ? '' : `?_HLS_msn=${next}`}`;
        const text = await (await fetch(url)).text();
        const at = Date.now();
        const seq = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1] ?? 0);
        const segs = [...text.matchAll(/#EXT-X-PROGRAM-DATE-TIME:(\S+)\n#EXTINF:([\d.]+)/g)].map(
          (m) => Date.parse(m[1]!) + Number(m[2]) * 1000,
        );
        const last = seq + segs.length - 1;
        if (next >= 0) for (let msn = next; msn <= last; msn++) listed.push(at - segs[msn - seq]!);
        next = last + 1;
      }
    })();

    // Toggle pins through the run and record, for each change, the stamp on screen when the card flips.
    const syncErrors: number[] = [];
    const interval = (SECONDS * 1000) / PINS;
    for (let i = 0; i < PINS; i++) {
      const buttons = presenter.locator('live-shop-studio').getByRole('button', { name: /^(Pin|Unpin) / });
      const target = buttons.first();
      const name = (await target.getAttribute('aria-label')) ?? (await target.textContent()) ?? '';
      const pinning = name.startsWith('Pin');
      const before = await shopper.evaluate(
        () =>
          document
            .querySelector('live-shop-viewer')!
            .shadowRoot!.querySelectorAll('live-shop-product-card:not(.leaving)').length,
      );
      const clickAt = Date.now();
      await target.click();
      const seen = await shopper.waitForFunction(
        ({ before, pinning }) => {
          const n = document
            .querySelector('live-shop-viewer')!
            .shadowRoot!.querySelectorAll('live-shop-product-card:not(.leaving)').length;
          if (n === before || (pinning ? n < before : n > before)) return null;
          const frames = (window as unknown as { __frames: { shown: number; stamp: number }[] }).__frames;
          return frames[frames.length - 1]!.stamp;
        },
        { before, pinning },
        { timeout: 15_000, polling: 'raf' },
      );
      const stampOnScreen = (await seen.jsonValue()) as number;
      // The pin's moment is its server time `at`: the frame captured then should be on screen as the card flips.
      const { pins } = (await (await fetch(`${server.origin}/api/shows/${showId}`)).json()) as PublicShow;
      syncErrors.push(stampOnScreen - pins.at);
      await shopper.waitForTimeout(Math.max(0, interval - (Date.now() - clickAt)));
    }

    probing = false;
    const elapsed = Date.now() - started;
    const ticks = cpuTicks(ffmpegPid) - ticks0;
    const frames = (
      await shopper.evaluate(
        () =>
          (
            window as unknown as {
              __frames: { shown: number; stamp: number; pdtError: number | null; ahead: number; rate: number }[];
            }
          ).__frames,
      )
    ).slice(framesBefore);
    const latencies = frames
      .map((f) => f.shown - f.stamp)
      .filter((l) => l > 0 && l < 30_000)
      .sort((a, b) => a - b);
    await probe;
    if (process.env.BENCH_DEBUG) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(
        '/tmp/bench-frames.json',
        JSON.stringify({
          started,
          frames,
          events: await shopper.evaluate(() => (window as unknown as { __events: unknown[] }).__events),
          resources: await shopper.evaluate(() =>
            performance
              .getEntriesByType('resource')
              .filter((r) => r.name.includes('/hls/'))
              .map((r) => ({
                name: r.name.replace(/.*\/hls\/[^/]+\//, ''),
                start: performance.timeOrigin + r.startTime,
                end: performance.timeOrigin + (r as PerformanceResourceTiming).responseEnd,
              })),
          ),
        }),
      );
    }
    listed.sort((a, b) => a - b);
    const pdtErrors = frames.flatMap((f) => (f.pdtError === null ? [] : [Math.abs(f.pdtError)])).sort((a, b) => a - b);
    const abs = syncErrors.map(Math.abs).sort((a, b) => a - b);

    console.log(
      `live-shop bench:latency — local provider, ${(elapsed / 1000).toFixed(1)} s measured, ${latencies.length} frames decoded` +
        (load ? `; BENCH_LOAD: a busy loop ${load.where}` : ''),
    );
    console.log(
      `glass-to-glass latency   p50 ${fmt(percentile(latencies, 50))}   p90 ${fmt(percentile(latencies, 90))}   max ${fmt(latencies.at(-1)!)}`,
    );
    console.log(
      `overlay sync error       p50 ${fmt(percentile(abs, 50))}   p95 ${fmt(percentile(abs, 95))}   (${abs.length} pin changes; + = card after the picture)`,
    );
    console.log(`  signed: ${syncErrors.map((e) => `${e >= 0 ? '+' : ''}${e}`).join(' ')} ms`);
    // Where the latency sits over time (median per 2 s) and what the player did: stalls, catch-up.
    const timeline: string[] = [];
    for (let from = started; from < started + elapsed; from += 2000) {
      const slice = frames.filter((f) => f.shown >= from && f.shown < from + 2000);
      if (!slice.length) continue;
      const lat = slice.map((f) => f.shown - f.stamp).sort((a, b) => a - b);
      const fast = slice.filter((f) => f.rate > 1).length;
      const ahead = slice.map((f) => f.ahead).sort((a, b) => a - b);
      timeline.push(
        `${((from - started) / 1000).toFixed(0)}s:${percentile(lat, 50)}ms/${percentile(ahead, 50).toFixed(2)}${fast ? '*' : ''}`,
      );
    }
    const waits = await shopper.evaluate(() => (window as unknown as { __stalls: number[] }).__stalls);
    const stalls = waits.map((t) => `${((t - started) / 1000).toFixed(1)}s`);
    const measuredStalls = waits.filter((t) => t >= started && t <= started + elapsed).length;
    console.log(`  timeline (latency median / buffer ahead s, * = catching up): ${timeline.join(' ')}`);
    console.log(`  player waiting events (s from start of measurement): ${stalls.join(' ') || 'none'}`);
    console.log(
      `player stalls            ${(measuredStalls / (elapsed / 60_000)).toFixed(1)} per minute (${measuredStalls} while measuring)`,
    );
    console.log(
      `  segment listed after its last frame's capture: p50 ${percentile(listed, 50)} ms  p90 ${percentile(listed, 90)} ms  max ${listed.at(-1)} ms (${listed.length} segments)`,
    );
    console.log(
      `  |player PDT − stamp| per frame: p50 ${percentile(pdtErrors, 50)} ms  p95 ${percentile(pdtErrors, 95)} ms  max ${pdtErrors.at(-1)} ms; PDT unknown on ${frames.length - pdtErrors.length} frames`,
    );
    console.log(`ffmpeg CPU per live show ${((ticks / 100 / (elapsed / 1000)) * 100).toFixed(1)} % of one core`);
    if (process.env.BENCH_REPLAY !== '0') await replaySync(server.origin, showId, presenter, shopper);
  } finally {
    load?.child.kill();
    await browser.close();
    await server.stop();
  }
}

await main();
