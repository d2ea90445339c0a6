/** Co-host helpers shared by the stage's end-to-end test and bench/cohost.ts: fake camera clips and picture sampling. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';

const run = promisify(execFile);

export interface ClipOptions {
  width?: number;
  height?: number;
  seconds?: number;
}

/**
 * A y4m clip for `--use-file-for-fake-video-capture`: a solid colour with a small white stamp moving
 * along the top edge (the encoder sees motion, like a real camera; the centre stays the colour).
 */
export async function makeColourClip(dir: string, colour: string, options: ClipOptions = {}): Promise<string> {
  const { width = 640, height = 360, seconds = 4 } = options;
  const file = path.join(dir, `${colour}-${width}x${height}.y4m`);
  const size = `${width}x${height}`;
  await run('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `color=c=${colour}:s=${size}:r=30:d=${seconds}`],
    ...['-f', 'lavfi', '-i', `color=c=white:s=40x40:r=30:d=${seconds}`],
    ...['-filter_complex', `[0][1]overlay=x='mod(t*120,${width - 40})':y=10:shortest=1,format=yuv420p`],
    ...['-f', 'yuv4mpegpipe', file],
  ]);
  return file;
}

/** A picture's colour name from an average [r, g, b]: `red`, `blue`, or a description of what it is. */
export function colourName([r, g, b]: number[]): string {
  if (r! > 150 && g! < 90 && b! < 90) return 'red';
  if (b! > 150 && r! < 90 && g! < 90) return 'blue';
  return `rgb(${r},${g},${b})`;
}

/** What a video shows: its size, decoded frames, and the mean colour of 16×16 px at the centre of each half. */
export interface Halves {
  width: number;
  frames: number;
  left: string;
  right: string;
}

/**
 * Which `<video>`: the storefront's HLS player (inside `live-shop-viewer` → `live-shop-player`), or a
 * guest's program (part `program` of the studio opened with a guest link).
 */
export type VideoSource = 'storefront' | 'guest-program';

/** Draws `source`'s current frame into a canvas and averages the centres of its left and right halves. */
export async function sampleHalves(page: Page, source: VideoSource): Promise<Halves | null> {
  // The pages' CSP forbids eval: the lookup is written out here rather than passed as code.
  const raw = await page.evaluate((source) => {
    const video = (
      source === 'storefront'
        ? (
            document.querySelector('live-shop-viewer')?.shadowRoot?.querySelector('live-shop-player') as
              (Element & { video?: HTMLVideoElement | null }) | null | undefined
          )?.video
        : document.querySelector('live-shop-studio')?.shadowRoot?.querySelector('[part~="program"] video')
    ) as HTMLVideoElement | null | undefined;
    if (!video || video.videoWidth === 0 || video.readyState < 2) return null;
    const canvas = Object.assign(document.createElement('canvas'), {
      width: video.videoWidth,
      height: video.videoHeight,
    });
    const g = canvas.getContext('2d', { willReadFrequently: true })!;
    g.drawImage(video, 0, 0);
    // No named helpers in here: the TS runner would wrap them in its own `__name`, unknown to the page.
    const { videoWidth: w, videoHeight: h } = video;
    const means = [w / 4, (3 * w) / 4].map((cx) => {
      const data = g.getImageData(Math.round(cx) - 8, Math.round(h / 2) - 8, 16, 16).data;
      const sum = [0, 0, 0];
      for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) sum[c]! += data[i + c]!;
      return sum.map((s) => Math.round(s / 256));
    });
    return { width: w, frames: video.getVideoPlaybackQuality().totalVideoFrames, left: means[0]!, right: means[1]! };
  }, source);
  return raw && { width: raw.width, frames: raw.frames, left: colourName(raw.left), right: colourName(raw.right) };
}

/**
 * Polls `sampleHalves` until the picture shows `left` and `right` (and new frames since the first
 * sample), or fails after `timeoutMs` with the last thing seen.
 */
export async function waitForHalves(
  page: Page,
  source: VideoSource,
  want: { left: string; right: string },
  what: string,
  timeoutMs = 30_000,
): Promise<Halves> {
  const deadline = Date.now() + timeoutMs;
  let first: Halves | null = null;
  let last: Halves | null = null;
  while (Date.now() < deadline) {
    last = await sampleHalves(page, source);
    first ??= last;
    if (last && first && last.frames > first.frames && last.left === want.left && last.right === want.right) {
      return last;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`${what}: wanted ${want.left} | ${want.right}, last saw ${JSON.stringify(last)}`);
}
