import type { IngestInfo } from '@live-shop/protocol';
import type { Logger } from '../logger.js';
import type { ShowStore, VideoStore, WebhookEventStore } from '../store/store.js';

/**
 * What a video provider tells the show's state machine. The service decides what each signal
 * means for the current status (a late or duplicate signal is ignored there, not here).
 */
export interface VideoSignals {
  /** Media is reaching viewers (first HLS segment written; Mux `active`). */
  mediaUp(showId: string): void;
  /** The presenter's media stopped without End show (tab closed, network; Mux `disconnected`). */
  mediaDown(showId: string): void;
  /** The provider gave up on the stream (Mux `idle` after its reconnect window). */
  streamOver(showId: string): void;
  /** `playback` changed in the store (stream created, replay ready): broadcast it. */
  playbackChanged(showId: string): void;
}

/**
 * The presenter's browser media for one show while it is being published: WebM chunks from
 * MediaRecorder, in order. The provider pipes them to its encoder (ffmpeg → HLS, or → RTMPS).
 */
export interface MediaSession {
  /** Queues a chunk; false means the encoder is behind: wait for `drain` before sending more. */
  write(chunk: Buffer): boolean;
  onDrain(listener: () => void): void;
  /** The encoder failed or exited on its own; the ingest connection should close with this error. */
  onError(listener: (error: Error) => void): void;
  /** Optional: the provider finished the session itself (End show): close the connection normally. */
  onEnd?(listener: () => void): void;
  /**
   * `end`: End show, finish cleanly (local: `#EXT-X-ENDLIST`, recording kept).
   * `drop`: the connection was lost; the show may resume with a new session.
   */
  close(reason: 'end' | 'drop'): Promise<void>;
}

export interface OpenMediaOptions {
  /** Server-clock epoch ms of the first captured frame (the ingest hello's `capturedAt`). */
  capturedAt?: number;
}

/** Where the host asked from: the local RTMP URL names the host the studio reached (no LIVE_SHOP_RTMP_URL). */
export interface IngestContext {
  host?: string;
}

export interface VideoProvider {
  readonly kind: 'local' | 'mux';
  /**
   * Whether a live stream outlives this server process. Local: no (ffmpeg was its child, so after a
   * restart a live show waits for its presenter). Mux: yes (Mux keeps the stream; its webhooks tell).
   */
  readonly mediaOutlivesServer: boolean;
  /** Issue 16: whether this node runs (or last ran) the show's media; a restart leaves other nodes' shows alone. */
  ownsMedia?(showId: string): Promise<boolean>;
  /** Local: this node's id, the media owner its sessions record. */
  readonly nodeId?: string;
  /** Local: shows whose media runs on this node and is flowing. */
  mediaUpHere?(): ReadonlySet<string>;
  /** Go live was pressed: create or reuse the show's stream (Mux: a live stream). */
  start(showId: string): Promise<void>;
  /**
   * Opens a media session for the studio's WebM stream. Throws LiveShopError `video_unavailable`
   * (e.g. no ffmpeg) or `invalid_state`. A second session for the same show replaces the first.
   */
  openMedia(showId: string, mimeType: string, options?: OpenMediaOptions): Promise<MediaSession>;
  /** End show: finish the stream and keep what is needed for the replay. */
  end(showId: string): Promise<void>;
  /** Host only: settings to push from OBS; null when the provider has none (local without RTMP in). */
  ingest(showId: string, context?: IngestContext): Promise<IngestInfo | null>;
  /** Server shutdown: stop every child process and timer. */
  close(): Promise<void>;
}

export interface VideoProviderDeps {
  /** Their streams; Mux also its webhook event ids and the show's status. */
  store: VideoStore & WebhookEventStore & Pick<ShowStore, 'getShow'>;
  signals: VideoSignals;
  logger: Logger;
  dataDir: string;
  /** FFMPEG_PATH; otherwise `ffmpeg` on the PATH (see ffmpeg.ts). */
  ffmpegPath?: string;
  now?: () => number;
}
