/** The Mux provider's browser relay: one ffmpeg per show pushing the studio's WebM to Mux as FLV over RTMPS. */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { ErrorCode, LiveShopError } from '@live-shop/protocol';
import type { Logger } from '../logger.js';
import { WEBM_ON_STDIN } from './ffmpeg.js';
import type { MediaSession } from './provider.js';

/** ffmpeg args for the browser relay: WebM in on stdin, FLV (H.264 + AAC) out to Mux. */
export function relayArgs(mimeType: string, target: string): string[] {
  // MediaRecorder's H.264 already has 1 s keyframes (the studio sets them): copy it, saving a full encode.
  const video = /h264|avc1/i.test(mimeType)
    ? ['-c:v', 'copy']
    : [
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-tune',
        'zerolatency',
        '-pix_fmt',
        'yuv420p',
        '-force_key_frames',
        'expr:gte(t,n_forced*2)',
        '-b:v',
        '3500k',
        '-maxrate',
        '3500k',
        '-bufsize',
        '7000k',
      ];
  // No `-fflags +nobuffer`: with VP8 WebM on a pipe it made ffmpeg emit no video at all.
  return [
    ...WEBM_ON_STDIN,
    '-map',
    '0:v:0',
    '-map',
    '0:a:0?',
    ...video,
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    '-ar',
    '48000',
    '-f',
    'flv',
    '-flvflags',
    'no_duration_filesize',
    target,
  ];
}

/** One ffmpeg pushing a show's browser media to Mux. */
export class RelaySession implements MediaSession {
  #closing = false;
  #exited = false;
  #failed = false;
  #stderr: string[] = [];
  readonly #exit: Promise<void>;
  readonly #errorListeners: Array<(error: Error) => void> = [];
  readonly #endListeners: Array<() => void> = [];

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly redact: (text: string) => string,
    private readonly logger: Logger,
    private readonly showId: string,
  ) {
    this.#exit = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      this.#stderr.push(...text.split('\n').filter(Boolean));
      this.#stderr.splice(0, Math.max(0, this.#stderr.length - 20));
    });
    child.stdin.on('error', (error) => this.#fail(new Error(`relay input failed: ${error.message}`)));
    child.once('error', (error) => {
      this.#exited = true;
      this.#fail(new Error(`could not start ffmpeg: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      this.#exited = true;
      if (!this.#closing) this.#fail(new Error(`ffmpeg relay to Mux exited (${signal ?? `code ${code}`})`));
    });
  }

  write(chunk: Buffer): boolean {
    if (this.#exited || this.#closing) return true; // onError already told the caller
    return this.child.stdin.write(chunk);
  }

  onDrain(listener: () => void): void {
    this.child.stdin.on('drain', listener);
  }

  onError(listener: (error: Error) => void): void {
    this.#errorListeners.push(listener);
  }

  onEnd(listener: () => void): void {
    this.#endListeners.push(listener);
  }

  /** A newer studio connection for the show took over: tell this one's ingest, then stop. */
  async supersede(): Promise<void> {
    this.#fail(new LiveShopError(ErrorCode.InvalidState, 'A newer studio connection took over this show'));
    await this.close('drop');
  }

  /** Both reasons end stdin so ffmpeg flushes and closes RTMP: Mux then sees `disconnected` and holds the reconnect window. */
  async close(reason: 'end' | 'drop', graceMs = reason === 'end' ? 5000 : 2000): Promise<void> {
    if (reason === 'end' && !this.#closing) for (const listener of this.#endListeners) listener();
    this.#closing = true;
    if (!this.#exited) {
      this.child.stdin.end();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      timer.unref();
      await this.#exit;
      clearTimeout(timer);
    }
  }

  #fail(error: Error): void {
    if (this.#closing || this.#failed) return;
    this.#failed = true;
    this.logger.warn(
      `live-shop: mux relay for show ${this.showId} failed: ${this.redact(error.message)}; ffmpeg said: ${this.redact(this.#stderr.join(' | ')) || '(nothing)'}`,
    );
    const told = error instanceof LiveShopError ? error : new Error(this.redact(error.message));
    for (const listener of this.#errorListeners) listener(told);
  }
}
