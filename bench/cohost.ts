/**
 * `npm run bench:cohost` — what co-hosts cost the host's machine and how late a guest's picture is.
 *
 * The real CLI server on loopback, the host's studio in its own Chromium, each guest in their own
 * Chromium (as on their own machines), and a viewer in another. Every camera is a 1280×720 canvas at
 * 30 fps tagged with Date.now() and its id (bench/cohost-pages.ts), so the program is 1280×720 30 fps.
 * Phases: the host alone (solo), then 1, 2 and 3 guests on stage (side by side for one, grid after).
 * In each: the host's Chromium's CPU (every process of its tree, from /proc), and on the viewer, for
 * every rendered frame of the storefront's video, each tile's tag: (shown − stamp) for the host's
 * camera and the guests', and their difference within the same frame (what the guest's WebRTC hop
 * adds). Prints numbers; asserts nothing. Bounded: BENCH_SECONDS (default 15) per phase.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { startServer } from '../test/helpers/server-process.js';
import { FAKE_MEDIA_ARGS, launchBrowser, loopbackContext } from '../test/helpers/browser.js';
import { TAG_DECODER, taggedCamera } from './cohost-pages.js';
import { browserPid, measureCpu, type CpuUse } from './proc-cpu.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const SETTLE_MS = 4000;
const GUESTS = 3;

interface Frame {
  shown: number;
  tags: { id: number; stamp: number }[];
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
const ms = (n: number) => (Number.isNaN(n) ? '—' : `${Math.round(n)} ms`);
const pct = (n: number) => `${n.toFixed(1)} %`;

/** A Chromium with an argument that finds its process tree in /proc (Chromium ignores switches it does not know). */
async function launch(role: string, extra: string[] = []): Promise<{ browser: Browser; pid: number }> {
  const marker = `--live-shop-bench=${role}-${randomUUID()}`;
  const browser = await launchBrowser([...extra, marker]);
  return { browser, pid: browserPid(marker) };
}

async function newPage(browser: Browser, script: string): Promise<Page> {
  const page = await (await loopbackContext(browser, { viewport: { width: 1440, height: 1000 } })).newPage();
  await page.addInitScript({ content: script });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  return page;
}

/** The viewer's decoded frames from index `from` on. */
async function framesSince(viewer: Page, from: number): Promise<Frame[]> {
  return viewer.evaluate((from) => (window as unknown as { __frames: Frame[] }).__frames.slice(from), from);
}
const frameCount = (viewer: Page) =>
  viewer.evaluate(() => (window as unknown as { __frames: unknown[] }).__frames.length);

/** Waits (bounded) until the viewer's recent frames carry the tags of ids 0…n. */
async function waitForTags(viewer: Page, n: number): Promise<boolean> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const recent = await viewer.evaluate(() => (window as unknown as { __frames: Frame[] }).__frames.slice(-15));
    const seen = new Set(recent.flatMap((f) => f.tags.map((t) => t.id)));
    if ([...Array(n + 1).keys()].every((id) => seen.has(id))) return true;
    await viewer.waitForTimeout(250);
  }
  return false;
}

interface Phase {
  name: string;
  cpu: CpuUse;
  guestsCpu: number[];
  frames: Frame[];
  /** Frames per second of the program in the host's preview. */
  programFps: number;
  compositor: unknown;
}

function latencyLine(phase: Phase): string {
  const host: number[] = [];
  const guest: number[] = [];
  const added: number[] = [];
  for (const f of phase.frames) {
    const h = f.tags.find((t) => t.id === 0);
    if (h) host.push(f.shown - h.stamp);
    for (const t of f.tags.filter((t) => t.id > 0)) {
      guest.push(f.shown - t.stamp);
      if (h) added.push(h.stamp - t.stamp); // same frame on screen: how much older the guest's picture is
    }
  }
  for (const list of [host, guest, added]) list.sort((a, b) => a - b);
  const withTags = phase.frames.filter((f) => f.tags.length).length;
  let line = `  host camera → viewer   p50 ${ms(percentile(host, 50))}   p90 ${ms(percentile(host, 90))}   (${host.length} frames; ${withTags}/${phase.frames.length} frames decoded)`;
  if (guest.length || phase.name !== 'solo') {
    line += `\n  guest camera → viewer  p50 ${ms(percentile(guest, 50))}   p90 ${ms(percentile(guest, 90))}   (${guest.length} tiles)`;
    line += `\n  guest later than host, same frame: p50 ${ms(percentile(added, 50))}   p90 ${ms(percentile(added, 90))}   (goal ≤ 150 ms)`;
  }
  return line;
}

/**
 * The program as the host's studio shows it: decoded frames of its preview `<video>` (the compositor's
 * canvas track) so far, and the compositor's own draw stats if the studio exposes them (its stage is a
 * private field: nothing is reached into).
 */
async function programStats(studio: Page): Promise<{ previewFrames: number; compositor: unknown }> {
  return studio.evaluate(() => {
    const el = document.querySelector('live-shop-studio') as (Element & { stageStats?: unknown }) | null;
    const preview = el?.shadowRoot?.querySelector('video[part~="preview"]') as HTMLVideoElement | null | undefined;
    return {
      previewFrames: preview?.getVideoPlaybackQuality().totalVideoFrames ?? 0,
      compositor:
        (window as unknown as { __liveShopCompositorStats?: unknown }).__liveShopCompositorStats ??
        el?.stageStats ??
        null,
    };
  });
}

async function main() {
  const server = await startServer();
  const host = await launch('host', FAKE_MEDIA_ARGS);
  const guests = await Promise.all([...Array(GUESTS).keys()].map((i) => launch(`guest${i + 1}`, FAKE_MEDIA_ARGS)));
  const viewerBrowser = await launch('viewer', ['--autoplay-policy=no-user-gesture-required']);
  try {
    const studio = await newPage(host.browser, taggedCamera(0));
    const viewer = await newPage(viewerBrowser.browser, TAG_DECODER);
    await studio.goto(server.studioUrl);
    await viewer.goto(server.storefrontUrl);
    const panel = studio.locator('live-shop-studio [part~="guests"]');

    // Invite each guest from the Guests panel; each joins backstage from their own browser.
    const guestPages: Page[] = [];
    let previous = '';
    for (let i = 1; i <= GUESTS; i++) {
      await panel.getByRole('button', { name: 'Invite a guest' }).click();
      const input = panel.locator('input#guest-link');
      const deadline = Date.now() + 10_000;
      let link = '';
      while (Date.now() < deadline && (!link || link === previous)) {
        link = (await input.count()) ? await input.inputValue() : '';
        if (!link || link === previous) await studio.waitForTimeout(100);
      }
      previous = link;
      const page = await newPage(guests[i - 1]!.browser, taggedCamera(i));
      await page.goto(link);
      await page.getByLabel('Your name on screen').fill(`Guest ${i}`);
      await page.getByRole('button', { name: 'Join backstage' }).click();
      await panel.locator(`li[aria-label="Guest ${i}"]`).waitFor({ timeout: 20_000 });
      guestPages.push(page);
    }

    await studio.getByRole('button', { name: 'Go live' }).click();
    await viewer
      .locator('live-shop-viewer')
      .getByText(/^\s*live\s*$/i)
      .first()
      .waitFor({ timeout: 30_000 });
    if (!(await waitForTags(viewer, 0))) console.warn('the viewer decoded no tag of the host in 30 s');

    const phases: Phase[] = [];
    for (let onStage = 0; onStage <= GUESTS; onStage++) {
      const name = onStage === 0 ? 'solo' : `${onStage} guest${onStage > 1 ? 's' : ''}`;
      if (onStage > 0) {
        if (onStage === 2) await panel.getByRole('radio', { name: 'Grid' }).click();
        const row = panel.locator(`li[aria-label="Guest ${onStage}"]`);
        await row.getByRole('button', { name: 'Bring on stage' }).click();
        await row.getByRole('button', { name: 'Send backstage' }).waitFor({ timeout: 20_000 });
        if (!(await waitForTags(viewer, onStage))) console.warn(`${name}: not every tile's tag decoded within 30 s`);
      }
      await studio.waitForTimeout(SETTLE_MS);
      const from = await frameCount(viewer);
      const program = await programStats(studio);
      const started = Date.now();
      const hostCpu = measureCpu(host.pid);
      const guestCpu = guests.map((g) => measureCpu(g.pid));
      await studio.waitForTimeout(SECONDS * 1000);
      const cpu = hostCpu();
      const guestsCpu = guestCpu.map((m) => m().total);
      const programAfter = await programStats(studio);
      phases.push({
        name,
        cpu,
        guestsCpu,
        frames: await framesSince(viewer, from),
        programFps: ((programAfter.previewFrames - program.previewFrames) * 1000) / (Date.now() - started),
        compositor: programAfter.compositor,
      });
    }

    console.log(
      `live-shop bench:cohost — 1280×720 30 fps program, ${SECONDS} s per phase, each person in their own Chromium`,
    );
    for (const phase of phases) {
      const types = Object.entries(phase.cpu.byType)
        .filter(([, v]) => v >= 0.5)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${pct(v)}`)
        .join(', ');
      console.log(`${phase.name}: host studio CPU ${pct(phase.cpu.total)} of one core (${types})`);
      console.log(
        `  each guest's Chromium: ${phase.guestsCpu.map(pct).join(', ')} (backstage guests still send a preview)`,
      );
      console.log(latencyLine(phase));
      const viewerFps = phase.frames.length / SECONDS;
      console.log(
        `  program: ${phase.programFps.toFixed(1)} fps in the host's preview, ${viewerFps.toFixed(1)} fps on the viewer` +
          (phase.compositor === null ? '' : `; compositor ${JSON.stringify(phase.compositor)}`),
      );
    }
    const solo = phases[0]!.cpu.total;
    const three = phases.at(-1)!.cpu.total;
    console.log(
      `goal: 3 guests ≤ 1.0 core of the host: ${pct(three)} (${three >= solo ? '+' : ''}${pct(three - solo)} against solo); ` +
        `goal: a guest's picture ≤ 150 ms later than the host's (see "guest later than host" above)`,
    );
  } finally {
    await Promise.all([host.browser.close(), viewerBrowser.browser.close(), ...guests.map((g) => g.browser.close())]);
    await server.stop();
  }
}

await main();
