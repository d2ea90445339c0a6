import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCode, LiveShopError, type Playback } from '@live-shop/protocol';
import type { Logger } from '../logger.js';
import type { ClipRecord, ClipStore } from '../store/clip-queries.js';
import type { ShowRecord } from '../store/store.js';
import type { ClipCutter, RecordedRange } from './clip-cutter.js';
import { FfmpegProcesses, requireFfmpeg } from './ffmpeg.js';
import { parseMediaPlaylist, parseRenderedPlaylist, renderPlaylist, type IndexedSegment } from './hls-playlist.js';
import { PLAYLISTS, SEGMENT_PATTERN, SHOW_ID_PATTERN, type LocalVideoProvider } from './local.js';

/** What viewers may fetch of a clip: its playlist and its segments. */
export const CLIP_PLAYLIST = 'clip.m3u8';
export const CLIP_SEGMENT_PATTERN = /^c-\d{6}\.ts$/;
const CLIP_SEGMENTS = 'c-%06d.ts';
/** ffmpeg's own playlist and input list: never served (the server renders `clip.m3u8` with program date times). */
const FFMPEG_PLAYLIST = 'ffmpeg.m3u8';
const INPUT_LIST = 'input.txt';
/** A clip's segments: longer than the recording's (a clip is watched on demand, not live). */
const CLIP_SEGMENT_SECONDS = 2;
const STDERR_TAIL = 2000;
/** A local clip `processing` without an ffmpeg for this long was cut by a server that stopped. */
const ABANDONED_AFTER_MS = 10_000;
/** How far the clip's length may stray from its source segments' (timestamp rounding, a last audio frame). */
const MAX_SHORTFALL_SECONDS = 0.1;

export interface LocalClipOptions {
  /** A cut still running after this is killed and the clip fails. */
  timeoutMs?: number;
}

/** The clip's HLS playlist, relative to the server (like the show's own playback). */
export const localClipPlayback = (showId: string, clipId: string): Playback => ({
  kind: 'hls',
  url: `/hls/${showId}/clips/${clipId}/${CLIP_PLAYLIST}`,
});

/**
 * The segments a clip is made of: from the one playing at `start` (its start snaps back to that
 * segment's key frame) to the one playing just before `end`. Epoch ms, like the segments' PDT.
 */
export function clipSegments(recording: readonly IndexedSegment[], start: number, end: number): IndexedSegment[] {
  const ends = (s: IndexedSegment) => s.pdt + s.duration * 1000;
  const lastWhere = (test: (s: IndexedSegment) => boolean) => {
    for (let i = recording.length - 1; i >= 0; i--) if (test(recording[i]!)) return i;
    return -1;
  };
  let first = lastWhere((s) => s.pdt <= start);
  // A start in a gap between two sessions (a reconnect) begins with the next session.
  if (first < 0 || ends(recording[first]!) <= start) first += 1;
  const last = lastWhere((s) => s.pdt < end);
  return first <= last ? recording.slice(first, last + 1) : [];
}

/**
 * Program date time of each output segment: its start in the clip's media time, mapped through the
 * source segment playing then (so a clip spanning a reconnect keeps the wall clock of each side).
 */
export function clipIndex(sources: readonly IndexedSegment[], outputs: { uri: string; duration: number }[]) {
  const index: IndexedSegment[] = [];
  let elapsed = 0;
  let source = 0;
  let sourceStart = 0;
  for (const output of outputs) {
    while (source < sources.length - 1 && sourceStart + sources[source]!.duration <= elapsed + 1e-6) {
      sourceStart += sources[source]!.duration;
      source += 1;
    }
    const from = sources[source]!;
    const pdt = Math.round(from.pdt + (elapsed - sourceStart) * 1000);
    index.push({ ...output, msn: index.length, pdt, discontinuity: false });
    elapsed += output.duration;
  }
  return index;
}

/** Where a clip's files are: `<show dir>/clips/<clip id>/` (removed with its show's media). */
export function localClipDir(video: Pick<LocalVideoProvider, 'showDir'>, showId: string, clipId: string): string {
  if (!SHOW_ID_PATTERN.test(clipId)) throw new LiveShopError(ErrorCode.NotFound, 'No such clip');
  return path.join(video.showDir(showId), 'clips', clipId);
}

/** A path inside ffmpeg's concat list (single-quoted; a quote is closed, escaped and reopened). */
const quoted = (file: string) => `'${file.replace(/'/g, "'\\''")}'`;

/**
 * Local clips: `ffmpeg -c copy` (no re-encode) of the recording's segments that cover the span into
 * the clip's own VOD HLS in `<show dir>/clips/<clip id>/`, with program date times kept from the
 * recording, so the clip's moments map onto show-time. Exact to the recording's segments: the clip
 * starts at the key frame that starts the segment playing at `start`, and ends with the segment playing at `end`.
 */
export class LocalClipCutter implements ClipCutter {
  readonly kind = 'local';
  readonly #video: LocalVideoProvider;
  readonly #clips: ClipStore;
  readonly #logger: Logger;
  readonly #ffmpegPath: string | undefined;
  readonly #timeoutMs: number;
  readonly #processes = new FfmpegProcesses();
  readonly #running = new Map<string, { child: ChildProcessWithoutNullStreams; done: Promise<void> }>();
  readonly #now: () => number;

  constructor(
    video: LocalVideoProvider,
    deps: { clips: ClipStore; logger: Logger; ffmpegPath?: string; now?: () => number },
    options: LocalClipOptions = {},
  ) {
    this.#video = video;
    this.#clips = deps.clips;
    this.#logger = deps.logger;
    this.#ffmpegPath = deps.ffmpegPath;
    this.#now = deps.now ?? Date.now;
    this.#timeoutMs = options.timeoutMs ?? 120_000;
  }

  clipDir(showId: string, clipId: string): string {
    return localClipDir(this.#video, showId, clipId);
  }

  async span(show: ShowRecord, startedAt: number): Promise<RecordedRange | null> {
    const recording = await this.#recording(show.id);
    const first = recording[0];
    const last = recording.at(-1);
    if (!first || !last) return null;
    return { startMs: first.pdt - startedAt, endMs: Math.floor(last.pdt + last.duration * 1000 - startedAt) };
  }

  async start(clip: ClipRecord, startedAt: number): Promise<void> {
    const binary = requireFfmpeg(this.#ffmpegPath);
    const showDir = this.#video.showDir(clip.showId);
    const sources = clipSegments(await this.#recording(clip.showId), startedAt + clip.startMs, startedAt + clip.endMs);
    if (!sources.length) throw new LiveShopError(ErrorCode.BadRequest, 'No recorded video in that range');
    const dir = this.clipDir(clip.showId, clip.id);
    await mkdir(dir, { recursive: true });
    // `duration` lines make the concat offsets the EXTINF sums, the same numbers clipIndex maps PDT with.
    const list = sources.flatMap((s) => [`file ${quoted(path.join(showDir, s.uri))}`, `duration ${s.duration}`]);
    await writeFile(path.join(dir, INPUT_LIST), `ffconcat version 1.0\n${list.join('\n')}\n`);
    const child = this.#processes.spawn(binary, [
      // Only files, and only those the list names: the recording's own segments.
      ...['-xerror', '-protocol_whitelist', 'file', '-f', 'concat', '-safe', '0', '-i', path.join(dir, INPUT_LIST)],
      ...['-map', '0', '-c', 'copy'],
      ...['-f', 'hls', '-hls_time', String(CLIP_SEGMENT_SECONDS), '-hls_list_size', '0', '-hls_playlist_type', 'vod'],
      ...['-hls_segment_type', 'mpegts', '-hls_flags', 'independent_segments'],
      ...['-hls_segment_filename', path.join(dir, CLIP_SEGMENTS), path.join(dir, FFMPEG_PLAYLIST)],
    ]);
    const done = this.#finish(clip, child, dir, sources).finally(() => this.#running.delete(clip.id));
    this.#running.set(clip.id, { child, done });
  }

  abandoned(clip: ClipRecord, now: number): boolean {
    // The grace covers the moment between storing the clip and starting its ffmpeg.
    return clip.provider === 'local' && !this.#running.has(clip.id) && now - clip.updatedAt > ABANDONED_AFTER_MS;
  }

  async remove(clip: ClipRecord): Promise<void> {
    const running = this.#running.get(clip.id);
    if (running) {
      running.child.kill('SIGKILL');
      await running.done;
    }
    await rm(this.clipDir(clip.showId, clip.id), { recursive: true, force: true });
  }

  async close(): Promise<void> {
    for (const { child } of this.#running.values()) child.kill('SIGKILL');
    await Promise.all([...this.#running.values()].map((r) => r.done));
    await this.#processes.stopAll();
  }

  /** The ended show's recording: written by End show, so it never changes afterwards. */
  async #recording(showId: string): Promise<IndexedSegment[]> {
    const text = await readFile(path.join(this.#video.showDir(showId), PLAYLISTS.recording), 'utf8').catch(() => '');
    return parseRenderedPlaylist(text).filter((s) => SEGMENT_PATTERN.test(s.uri));
  }

  /** Waits (bounded) for ffmpeg; renders `clip.m3u8` and settles ready, or removes what it wrote and settles failed. */
  async #finish(
    clip: ClipRecord,
    child: ChildProcessWithoutNullStreams,
    dir: string,
    sources: IndexedSegment[],
  ): Promise<void> {
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL)));
    const timer = setTimeout(() => child.kill('SIGKILL'), this.#timeoutMs);
    const code = await new Promise<number | null>((resolve) => {
      child.once('error', () => resolve(null));
      child.once('exit', (exit) => resolve(exit));
    }).finally(() => clearTimeout(timer));
    try {
      if (code !== 0) throw new Error(`ffmpeg exited with ${code ?? 'a signal'}: ${stderr.trim()}`);
      const outputs = parseMediaPlaylist(await readFile(path.join(dir, FFMPEG_PLAYLIST), 'utf8'));
      if (!outputs.length || !outputs.every((o) => CLIP_SEGMENT_PATTERN.test(o.uri)))
        throw new Error('ffmpeg wrote no clip segments');
      // ffmpeg may skip a source it cannot read and still exit 0: the clip must hold every second asked for.
      const [wrote, wanted] = [outputs, sources].map((list) => list.reduce((sum, s) => sum + s.duration, 0));
      if (Math.abs(wrote! - wanted!) > MAX_SHORTFALL_SECONDS)
        throw new Error(`ffmpeg wrote ${wrote!.toFixed(2)} s of the ${wanted!.toFixed(2)} s asked for`);
      const text = renderPlaylist(clipIndex(sources, outputs), { mode: 'full', window: 0, partTarget: 0, ended: true });
      await writeFile(path.join(dir, CLIP_PLAYLIST), text);
      const playback = localClipPlayback(clip.showId, clip.id);
      // Deleted while cutting: nothing is waiting for these files.
      if (!(await this.#clips.settle(clip.id, { status: 'ready', playback, updatedAt: this.#now() })))
        await rm(dir, { recursive: true, force: true });
    } catch (error) {
      this.#logger.warn(`live-shop: clip ${clip.id} of show ${clip.showId} failed: ${(error as Error).message}`);
      await rm(dir, { recursive: true, force: true });
      await this.#clips.settle(clip.id, { status: 'failed', updatedAt: this.#now() }).catch(() => false);
    }
  }
}
