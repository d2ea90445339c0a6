import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { SIMULCAST_LIMITS, type SimulcastState } from '@live-shop/protocol';
import type { FfmpegBinary, FfmpegProcesses } from './ffmpeg.js';

/**
 * ffmpeg arguments forwarding a session's HLS (our own files) to one RTMP destination as-is
 * (`-c copy`: no second encode). Only the file protocol on input; the output is the host's URL.
 */
export function forwardArgs(playlist: string, target: string): string[] {
  return [
    ...['-protocol_whitelist', 'file', '-live_start_index', '-1', '-i', playlist],
    ...['-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy'],
    // Progress lines on stdout: bytes written mean the destination is taking the stream.
    ...['-progress', 'pipe:1', '-stats_period', '0.5'],
    ...['-f', 'flv', '-flvflags', 'no_duration_filesize', target],
  ];
}

export interface ForwarderOptions {
  retries: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

export const DEFAULT_FORWARDER_OPTIONS: ForwarderOptions = {
  retries: SIMULCAST_LIMITS.retries,
  retryBaseMs: SIMULCAST_LIMITS.retryBaseMs,
  retryMaxMs: SIMULCAST_LIMITS.retryMaxMs,
};

/**
 * One destination's ffmpeg while the show is live: started, watched, restarted with a doubling delay
 * after a failure (at most `retries` times in a row), stopped on demand. Its failures stay its own.
 */
export class Forwarder {
  #child: ChildProcessWithoutNullStreams | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  #attempts = 0;
  #stopped = false;
  #switching = false;
  #stderr = '';

  constructor(
    private readonly binary: FfmpegBinary,
    private readonly processes: FfmpegProcesses,
    private readonly target: { url: string; key: string },
    private playlist: string,
    private readonly options: ForwarderOptions,
    private readonly report: (state: SimulcastState, error: string | null) => void,
  ) {}

  start(): void {
    this.#start();
  }

  /** A new media session: forward its playlist from now on (a fresh connection, retries reset). */
  switchTo(playlist: string): void {
    this.playlist = playlist;
    this.#attempts = 0;
    this.#clearRetry();
    if (this.#child) {
      this.#switching = true;
      this.#child.kill('SIGKILL');
    } else this.#start();
  }

  /** Stops for good; resolves once ffmpeg is gone. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#clearRetry();
    const child = this.#child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // `q` on stdin asks ffmpeg to finish the FLV cleanly; a hung connection is killed.
    child.stdin.end('q');
    const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(kill);
  }

  #start(): void {
    if (this.#stopped) return;
    this.#stderr = '';
    const url = `${this.target.url.replace(/\/$/, '')}/${this.target.key}`;
    const child = this.processes.spawn(this.binary, forwardArgs(this.playlist, url));
    this.#child = child;
    this.report('connecting', null);
    let live = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      if (live) return;
      const size = /total_size=(\d+)/.exec(text);
      if (size && Number(size[1]) > 0) {
        live = true;
        this.#attempts = 0;
        this.report('live', null);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      this.#stderr = (this.#stderr + text).slice(-2000);
    });
    child.stdin.on('error', () => {});
    child.once('error', () => {});
    child.once('exit', (code, signal) => {
      if (this.#child === child) this.#child = null;
      if (this.#stopped) return;
      if (this.#switching) {
        this.#switching = false;
        return this.#start();
      }
      // The session's playlist ended (#EXT-X-ENDLIST): nothing more to send until the next session.
      if (code === 0) return this.report('idle', null);
      this.#failed(this.#describe(code, signal));
    });
  }

  #failed(error: string): void {
    this.#attempts += 1;
    if (this.#attempts > this.options.retries) return this.report('failed', error);
    this.report('retrying', error);
    const delay = Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** (this.#attempts - 1));
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#start();
    }, delay);
  }

  #clearRetry(): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  /** ffmpeg's last line, with the stream key (part of its URL) blotted out. */
  #describe(code: number | null, signal: NodeJS.Signals | null): string {
    const last = this.#stderr.trim().split('\n').at(-1)?.trim();
    const text = last || `ffmpeg exited (${signal ?? `code ${code}`})`;
    return text.split(this.target.key).join('••••').slice(0, 300);
  }
}
