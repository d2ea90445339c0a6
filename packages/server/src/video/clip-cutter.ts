import type { ShowRecord } from '../store/store.js';
import type { ClipRecord } from '../store/clip-queries.js';

/** The part of the recording a clip may come from, in show-time ms (ms since the show went live). */
export interface RecordedRange {
  startMs: number;
  endMs: number;
}

/**
 * Cuts clips from a show's recording, one implementation per video provider (local: ffmpeg copy;
 * Mux: an asset clip). A clip is stored `processing` first; the cutter settles it `ready` or `failed`.
 */
export interface ClipCutter {
  readonly kind: 'local' | 'mux';
  /** The recording's span, or null when the show has none (yet). `startedAt`: show-time 0, server epoch ms. */
  span(show: ShowRecord, startedAt: number): Promise<RecordedRange | null>;
  /** Starts cutting (returns before the clip is ready); throws a LiveShopError when it cannot even start. */
  start(clip: ClipRecord, startedAt: number): Promise<void>;
  /** A clip stored `processing` that nothing is cutting any more (the server restarted mid-cut): to be failed. */
  abandoned(clip: ClipRecord, now: number): boolean;
  /** Stops a cut still running and removes the clip's video. */
  remove(clip: ClipRecord): Promise<void>;
  /** Server shutdown: stops every cut still running. */
  close(): Promise<void>;
}
