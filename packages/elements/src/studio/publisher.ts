import type { ErrorBody, IngestHello, IngestServerMessage } from '@live-shop/protocol';

/** Preferred recording formats, best first: H.264 lets the server copy video instead of re-encoding. */
export const MIME_TYPES = [
  'video/webm;codecs=h264,opus',
  'video/webm;codecs=vp8,opus',
  'video/webm;codecs=vp9,opus',
  'video/webm',
] as const;

/** The first format this browser's MediaRecorder supports ('' when none: let it choose). */
export function pickMimeType(isSupported = (t: string) => MediaRecorder.isTypeSupported(t)): string {
  return MIME_TYPES.find((t) => isSupported(t)) ?? '';
}

export type PublisherPhase = 'idle' | 'connecting' | 'publishing' | 'reconnecting' | 'error' | 'stopped';

export interface PublisherStats {
  /** Bytes sent / acknowledged by the server in the current session. */
  bytesSent: number;
  bytesAcked: number;
  /** Sent but not yet acknowledged. */
  backlogBytes: number;
  /** Age of the oldest media not yet acknowledged, in seconds (0 when all is acknowledged). */
  backlogSeconds: number;
  /** Upload rate over the last couple of seconds, in bits per second. */
  bitrate: number;
  /** The upload is falling behind (backlog above `behindSeconds`). */
  behind: boolean;
}

export interface PublisherOptions {
  /** `ws(s)://server/ingest`. */
  url: string;
  show: string;
  token: string;
  /** Server clock minus local clock, in ms, read when each recording starts. */
  clockOffset?: () => number;
  /** Target video bitrate (default 2 Mbps); lowered a step after each overflow restart. */
  videoBitsPerSecond?: number;
  /** MediaRecorder timeslice in ms (default 100: small chunks are part of low latency). */
  timeslice?: number;
  /** Backlog (seconds) above which the presenter is told the upload is falling behind (default 2). */
  behindSeconds?: number;
  /** Backlog (seconds) above which the session restarts, dropping the queue (default 8). */
  maxBacklogSeconds?: number;
  /** Reconnection backoff bounds in ms (default 500 → 5000). */
  retryDelay?: number;
  retryDelayMax?: number;
  mimeType?: string;
}

const MIN_VIDEO_BPS = 500_000;
const AUDIO_BPS = 128_000;

/**
 * Publishes a MediaStream to the live-shop ingest WebSocket: hello (JSON) → `ready` → MediaRecorder
 * chunks as binary frames, in order. Tracks backlog from the server's acks, reconnects with a new
 * recorder and a new hello when the socket drops, and never queues without bound. No DOM beyond
 * the media APIs, no Lit: the studio renders its `state` and `stats`.
 *
 * Fires `change` (no detail) whenever `phase`, `error` or `stats` change.
 */
export class Publisher extends EventTarget {
  phase: PublisherPhase = 'idle';
  error: ErrorBody | null = null;
  /** Sessions opened so far (1 = the first hello; more after reconnects and restarts). */
  sessions = 0;
  readonly mimeType: string;
  videoBitsPerSecond: number;

  #stream: MediaStream;
  #opts: Required<Omit<PublisherOptions, 'mimeType' | 'videoBitsPerSecond' | 'clockOffset'>> &
    Pick<PublisherOptions, 'clockOffset'>;
  #ws: WebSocket | null = null;
  #recorder: MediaRecorder | null = null;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;
  #attempt = 0;
  #ready = false;
  /** Chunks recorded before the server's `ready`. */
  #pending: Blob[] = [];
  #sent = 0;
  #acked = 0;
  /** [cumulative bytes at the end of the chunk, local time it was recorded] for unacknowledged chunks. */
  #inflight: [number, number][] = [];
  /** [time, bytes] of recent sends, for the bitrate. */
  #rate: [number, number][] = [];
  #waiters: { resolve: () => void; reject: (e: ErrorBody) => void }[] = [];

  constructor(stream: MediaStream, options: PublisherOptions) {
    super();
    this.#stream = stream;
    this.mimeType = options.mimeType ?? pickMimeType();
    this.videoBitsPerSecond = options.videoBitsPerSecond ?? 2_000_000;
    this.#opts = {
      timeslice: 100,
      behindSeconds: 2,
      maxBacklogSeconds: 8,
      retryDelay: 500,
      retryDelayMax: 5000,
      ...options,
    };
  }

  get stats(): PublisherStats {
    const now = performance.now();
    const oldest = this.#inflight[0];
    const backlogSeconds = oldest ? (now - oldest[1]) / 1000 : 0;
    const windowed = this.#rate.filter(([t]) => now - t < 2000);
    const bytes = windowed.reduce((sum, [, b]) => sum + b, 0);
    return {
      bytesSent: this.#sent,
      bytesAcked: this.#acked,
      backlogBytes: this.#sent - this.#acked,
      backlogSeconds,
      bitrate: Math.round((bytes * 8) / 2),
      behind: backlogSeconds > this.#opts.behindSeconds,
    };
  }

  /**
   * Starts publishing; resolves once the server said `ready`, rejects with the server's error
   * (e.g. `video_unavailable`). While the socket cannot connect it keeps retrying (phase `reconnecting`).
   */
  start(): Promise<void> {
    if (this.phase === 'connecting' || this.phase === 'publishing' || this.phase === 'reconnecting') {
      return this.phase === 'publishing' ? Promise.resolve() : this.#whenReady();
    }
    this.error = null;
    this.#attempt = 0;
    this.#ticker = setInterval(() => this.#tick(), 250);
    this.#open('connecting');
    return this.#whenReady();
  }

  /** Records another stream (camera or mic switched): a new recording session, as after a reconnect. */
  setStream(stream: MediaStream): void {
    if (stream === this.#stream) return;
    this.#stream = stream;
    if (this.phase === 'publishing') this.#restart();
  }

  /** Stops recording and closes the ingest socket (after End show, or to stop publishing). */
  stop(): void {
    this.#teardown();
    clearInterval(this.#ticker);
    this.#set('stopped');
    this.#settle(null);
  }

  #whenReady(): Promise<void> {
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  #settle(error: ErrorBody | null): void {
    const waiters = this.#waiters.splice(0);
    for (const w of waiters) error ? w.reject(error) : w.resolve();
  }

  #open(phase: 'connecting' | 'reconnecting'): void {
    this.#teardown();
    this.#set(phase);
    const ws = new WebSocket(this.#opts.url);
    this.#ws = ws;
    this.sessions++;
    ws.onopen = () => this.#begin(ws);
    ws.onmessage = (e) => this.#onMessage(ws, e.data);
    ws.onclose = () => ws === this.#ws && this.#dropped();
  }

  /** Socket open: start a fresh recorder (new WebM header), stamp its start, say hello. */
  #begin(ws: WebSocket): void {
    let recorder: MediaRecorder;
    try {
      recorder = new MediaRecorder(this.#stream, {
        ...(this.mimeType ? { mimeType: this.mimeType } : {}),
        videoBitsPerSecond: this.videoBitsPerSecond,
        audioBitsPerSecond: AUDIO_BPS,
        // Chromium: a keyframe every second, so the server can cut short segments.
        videoKeyFrameIntervalDuration: 1000,
      } as MediaRecorderOptions);
    } catch (err) {
      this.#fail({ code: 'internal', message: `This browser cannot record the camera: ${(err as Error).message}` });
      return;
    }
    this.#recorder = recorder;
    recorder.ondataavailable = (e) => {
      if (recorder !== this.#recorder || !e.data.size) return;
      if (this.#ready) this.#send(e.data);
      else this.#pending.push(e.data);
    };
    recorder.onerror = () => recorder === this.#recorder && this.#dropped();
    const capturedAt = Date.now() + (this.#opts.clockOffset?.() ?? 0);
    recorder.start(this.#opts.timeslice);
    const hello: IngestHello = {
      show: this.#opts.show,
      token: this.#opts.token,
      mimeType: recorder.mimeType || this.mimeType,
      capturedAt,
    };
    ws.send(JSON.stringify(hello));
  }

  #onMessage(ws: WebSocket, data: unknown): void {
    if (ws !== this.#ws || typeof data !== 'string') return;
    let msg: IngestServerMessage;
    try {
      msg = JSON.parse(data) as IngestServerMessage;
    } catch {
      return;
    }
    if (msg.type === 'ready') {
      this.#ready = true;
      this.#attempt = 0;
      for (const blob of this.#pending.splice(0)) this.#send(blob);
      this.#set('publishing');
      this.#settle(null);
    } else if (msg.type === 'ack') {
      this.#acked = Math.max(this.#acked, msg.bytes);
      while (this.#inflight.length && this.#inflight[0]![0] <= this.#acked) this.#inflight.shift();
      this.#emit();
    } else if (msg.type === 'error') {
      this.#fail(msg.error);
    }
  }

  #send(blob: Blob): void {
    this.#ws!.send(blob);
    this.#sent += blob.size;
    const now = performance.now();
    this.#inflight.push([this.#sent, now - this.#opts.timeslice]);
    this.#rate.push([now, blob.size]);
    while (this.#rate.length && now - this.#rate[0]![0] > 2000) this.#rate.shift();
  }

  /** Periodic: refresh stats, and restart when the backlog passes the hard cap. */
  #tick(): void {
    if (this.phase !== 'publishing') return;
    if (this.stats.backlogSeconds > this.#opts.maxBacklogSeconds) {
      // The link cannot carry this bitrate: drop the queue (live beats complete) and try a lower one.
      this.videoBitsPerSecond = Math.max(MIN_VIDEO_BPS, Math.round(this.videoBitsPerSecond * 0.6));
      this.#restart();
    } else this.#emit();
  }

  #restart(): void {
    this.#open('reconnecting');
  }

  /** The socket closed or the recorder failed without stop(): reconnect with backoff. */
  #dropped(): void {
    if (this.phase === 'stopped' || this.phase === 'error') return;
    this.#teardown();
    const base = Math.min(this.#opts.retryDelayMax, this.#opts.retryDelay * 2 ** this.#attempt++);
    const delay = base * (0.75 + Math.random() * 0.5);
    this.#set('reconnecting');
    this.#retry = setTimeout(() => this.#open('reconnecting'), delay);
  }

  /** The server refused (bad token, no ffmpeg…): no retry; the studio shows the message. */
  #fail(error: ErrorBody): void {
    this.#teardown();
    clearInterval(this.#ticker);
    this.error = error;
    this.#set('error');
    this.#settle(error);
  }

  #teardown(): void {
    clearTimeout(this.#retry);
    const recorder = this.#recorder;
    const ws = this.#ws;
    this.#recorder = null;
    this.#ws = null;
    if (recorder && recorder.state !== 'inactive') recorder.stop();
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = null;
      ws.close(1000);
    }
    this.#ready = false;
    this.#pending = [];
    this.#sent = this.#acked = 0;
    this.#inflight = [];
    this.#rate = [];
  }

  #set(phase: PublisherPhase): void {
    this.phase = phase;
    this.#emit();
  }

  #emit(): void {
    this.dispatchEvent(new Event('change'));
  }
}
