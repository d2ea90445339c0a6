import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { ErrorCode, LiveShopError } from '@live-shop/protocol';
import { FLV_ON_STDIN, WEBM_ON_STDIN, type FfmpegBinary, type FfmpegProcesses } from './ffmpeg.js';
import { sessionPlaylist, sessionSegmentPattern, type HlsShow } from './hls-show.js';
import type { MediaSession } from './provider.js';

/**
 * ffmpeg arguments for one media session: WebM (MediaRecorder: h264 or vp8/vp9 + opus) on stdin →
 * low-latency HLS. Key frames are forced every `segmentSeconds` of media time, whatever the
 * camera's (variable) frame rate, so every segment is `segmentSeconds` long and starts with an IDR.
 */
export function ffmpegArgs(dir: string, session: number, segmentSeconds: number, input: MediaInput = 'webm'): string[] {
  return [
    ...(input === 'webm'
      ? // Start encoding on the first bytes: WebM headers carry the codec parameters, no need to probe.
        ['-probesize', '32', '-analyzeduration', '0', '-fflags', '+genpts', ...WEBM_ON_STDIN]
      : // FLV from RTMP: streams appear as their first tags do, so probe up to a second for the audio.
        ['-analyzeduration', '1000000', '-fflags', '+genpts', ...FLV_ON_STDIN]),
    ...['-map', '0:v:0', '-map', '0:a:0?'],
    // MediaRecorder frames are variable-rate: pass them through instead of duplicating to a fixed rate.
    ...['-fps_mode', 'passthrough'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-threads', '1'],
    ...['-force_key_frames', `expr:gte(t,n_forced*${segmentSeconds})`, '-g', '250', '-sc_threshold', '0'],
    ...['-c:a', 'aac', '-b:a', '96k', '-ac', '2'],
    ...['-f', 'hls', '-hls_time', String(segmentSeconds), '-hls_list_size', '0', '-hls_segment_type', 'mpegts'],
    // temp_file: segments and playlist appear by rename, so nobody reads a half-written file.
    ...['-hls_flags', 'independent_segments+temp_file'],
    ...[
      '-hls_segment_filename',
      path.join(dir, sessionSegmentPattern(session)),
      path.join(dir, sessionPlaylist(session)),
    ],
  ];
}

/** What the session's stdin carries: the studio's WebM, or FLV from an RTMP publisher (rtmp-ingest.ts). */
export type MediaInput = 'webm' | 'flv';

export interface SessionHooks {
  /** The first segment of this session is listed. */
  mediaUp(): void;
  /** ffmpeg failed or exited on its own (after the error listeners ran). */
  failed(): void;
  close(session: LocalMediaSession, reason: 'end' | 'drop'): Promise<void>;
}

const STDERR_TAIL = 2000;
const POLL_MS = 500;
const EXIT_GRACE_MS = 5000;

/** One presenter connection's media: one ffmpeg, its stdin fed with WebM, its playlist watched. */
export class LocalMediaSession implements MediaSession {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #errorListeners: ((error: Error) => void)[] = [];
  readonly #endListeners: (() => void)[] = [];
  readonly #exited: Promise<void>;
  readonly #watcher: FSWatcher | null;
  readonly #poll: NodeJS.Timeout;
  readonly #firstSegmentTimer: NodeJS.Timeout;
  #state: 'open' | 'finishing' | 'done' = 'open';
  /** WebM from the studio, or FLV from an RTMP encoder. */
  readonly input: MediaInput;
  #finished: Promise<void> | null = null;
  #stderr = '';
  #up = false;
  /** Whether its first segment is listed (media is flowing). */
  get up(): boolean {
    return this.#up;
  }

  constructor(
    readonly showId: string,
    readonly session: number,
    private readonly show: HlsShow,
    binary: FfmpegBinary,
    processes: FfmpegProcesses,
    options: { segmentSeconds: number; firstSegmentTimeoutMs: number; input?: MediaInput },
    private readonly hooks: SessionHooks,
  ) {
    this.input = options.input ?? 'webm';
    this.#child = processes.spawn(binary, ffmpegArgs(show.dir, session, options.segmentSeconds, this.input));
    this.#child.stderr.setEncoding('utf8').on('data', (text: string) => {
      this.#stderr = (this.#stderr + text).slice(-STDERR_TAIL);
    });
    // EPIPE when ffmpeg dies mid-write: the exit handler reports it.
    this.#child.stdin.on('error', () => {});
    this.#exited = new Promise((resolve) => {
      this.#child.once('exit', (code, signal) => {
        resolve();
        if (this.#state === 'open') this.fail(`ffmpeg exited on its own (${signal ?? `code ${code}`})`);
      });
      this.#child.once('error', (error) => {
        resolve();
        this.fail(`ffmpeg could not run: ${error.message}`);
      });
    });
    let watcher: FSWatcher | null = null;
    try {
      watcher = watch(show.dir, (_event, file) => {
        if (file === sessionPlaylist(session)) this.#refresh();
      });
      watcher.on('error', () => {});
    } catch {
      // No inotify: the poll below still finds segments.
    }
    this.#watcher = watcher;
    this.#poll = setInterval(() => this.#refresh(), POLL_MS);
    this.#firstSegmentTimer = setTimeout(
      () =>
        this.fail(
          `no playable media within ${Math.round(options.firstSegmentTimeoutMs / 1000)} s: ${options.input === 'flv' ? 'is the encoder sending H.264/AAC?' : 'is the studio sending WebM?'}`,
        ),
      options.firstSegmentTimeoutMs,
    );
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  write(chunk: Buffer): boolean {
    // After close or failure the bytes have nowhere to go; the connection is being closed anyway.
    if (this.#state !== 'open') return true;
    return this.#child.stdin.write(chunk);
  }

  onDrain(listener: () => void): void {
    this.#child.stdin.on('drain', listener);
  }

  onError(listener: (error: Error) => void): void {
    this.#errorListeners.push(listener);
  }

  onEnd(listener: () => void): void {
    this.#endListeners.push(listener);
  }

  close(reason: 'end' | 'drop'): Promise<void> {
    return this.hooks.close(this, reason);
  }

  /** The session can no longer deliver media: tell the ingest (which closes its connection), then stop. */
  fail(reason: string | LiveShopError): void {
    if (this.#state !== 'open') return;
    const error =
      typeof reason === 'string' ? new LiveShopError(ErrorCode.VideoUnavailable, this.#describe(reason)) : reason;
    void this.finish();
    for (const listener of this.#errorListeners) listener(error);
    if (typeof reason === 'string') this.hooks.failed();
  }

  /** Ends ffmpeg's input so it flushes the last segment, waits for it (bounded), takes the final segments. */
  finish(): Promise<void> {
    this.#state = this.#state === 'done' ? 'done' : 'finishing';
    return (this.#finished ??= (async () => {
      clearTimeout(this.#firstSegmentTimer);
      this.#child.stdin.end();
      const kill = setTimeout(() => this.#child.kill('SIGKILL'), EXIT_GRACE_MS);
      await this.#exited;
      clearTimeout(kill);
      clearInterval(this.#poll);
      this.#watcher?.close();
      await this.show.refresh(this.session);
      this.#state = 'done';
    })());
  }

  /** End show: the ingest closes its connection normally. */
  notifyEnded(): void {
    for (const listener of this.#endListeners) listener();
  }

  #refresh(): void {
    void this.show.refresh(this.session).then((added) => {
      if (added > 0 && !this.#up) {
        this.#up = true;
        clearTimeout(this.#firstSegmentTimer);
        this.hooks.mediaUp();
      }
    });
  }

  #describe(reason: string): string {
    const detail = this.#stderr.trim().split('\n').at(-1);
    return detail ? `${reason}: ${detail.slice(0, 300)}` : reason;
  }
}
