import type { Logger } from '../logger.js';
import { showRoom, viewersRoom, type LiveShopIo } from './types.js';

/**
 * Every count goes to every viewer (~10 µs of CPU each, and the event loop is busy meanwhile): a big
 * audience gets it less often, so counts cost at most ~2 % of a core (500 ms up to 1,000 viewers,
 * 1 s at 2,000, then 5 s at most).
 */
const MS_PER_VIEWER = 0.5;
const MAX_INTERVAL_MS = 5000;

/**
 * Viewer counts per show, broadcast coalesced: a burst of joins/leaves yields at most one
 * `viewers:count` per show per interval, always sent after the last change so it ends up right.
 */
export class ViewerCounts {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastSent = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly io: LiveShopIo,
    private readonly logger: Logger,
    private readonly intervalMs = 500,
  ) {}

  /** This node's viewer sockets in the show. */
  localCount(showId: string): number {
    return this.io.sockets.adapter.rooms.get(viewersRoom(showId))?.size ?? 0;
  }

  /**
   * Cheap best guess for snapshots and impressions: the last cluster-wide count this node computed,
   * or its own viewers if more. The coalesced `viewers:count` that follows every join corrects it.
   */
  count(showId: string): number {
    return Math.max(this.lastSent.get(showId) ?? 0, this.localCount(showId));
  }

  changed(showId: string): void {
    if (this.closed || this.timers.has(showId)) return;
    this.timers.set(
      showId,
      setTimeout(
        () => {
          this.timers.delete(showId);
          this.broadcast(showId).catch((error) => this.logger.error('live-shop: viewers:count failed', error));
        },
        Math.min(MAX_INTERVAL_MS, Math.max(this.intervalMs, this.count(showId) * MS_PER_VIEWER)),
      ),
    );
  }

  private async broadcast(showId: string): Promise<void> {
    // fetchSockets goes through the adapter, so the count stays right once rooms span nodes.
    const count = (await this.io.in(viewersRoom(showId)).fetchSockets()).length;
    if (this.closed || this.lastSent.get(showId) === count) return;
    if (count === 0) this.lastSent.delete(showId);
    else this.lastSent.set(showId, count);
    this.io.to(showRoom(showId)).emit('viewers:count', { count });
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
