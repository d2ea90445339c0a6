import {
  ATTRIBUTION_SOURCES,
  addReactionCounts,
  type AttributionSource,
  type ReactionCounts,
  type ReactionKind,
} from '@live-shop/protocol';
import { every } from '../checkout/sales-feed.js';
import { randomId } from '../ids.js';
import type { Logger } from '../logger.js';
import type { AnalyticsStore, MinuteCounts } from '../store/store.js';

export const MINUTE_MS = 60_000;

export const minuteOf = (at: number) => Math.floor(at / MINUTE_MS) * MINUTE_MS;

export interface MinuteCountersDeps {
  store: Pick<AnalyticsStore, 'addMinutes'>;
  logger: Logger;
  now?: () => number;
  /** Pending counts are written on this beat (default 5 s); the analytics route flushes its node first. */
  flushIntervalMs?: number;
}

/**
 * This node's per-minute counters (viewers' peak, Buy now presses, impressions), summed in memory and
 * added to `show_minutes` on a beat: a join storm costs one upsert per show, minute and source, not one per viewer.
 */
export class MinuteCounters {
  /** Each process counts under its own name: every node's peak is kept, and summed when read. */
  readonly node = randomId();
  readonly #store: MinuteCountersDeps['store'];
  readonly #now: () => number;
  readonly #pending = new Map<string, MinuteCounts>();
  /** This node's viewer connections per show and source. */
  readonly #watching = new Map<string, Record<AttributionSource, number>>();
  readonly #timer: NodeJS.Timeout;
  readonly #logger: Logger;

  constructor(deps: MinuteCountersDeps) {
    this.#store = deps.store;
    this.#now = deps.now ?? Date.now;
    this.#logger = deps.logger;
    this.#timer = every(deps.flushIntervalMs ?? 5000, () => this.flush(), 'writing analytics minutes', deps.logger);
  }

  joined(showId: string, source: AttributionSource): void {
    const watching = this.#watching.get(showId) ?? { live: 0, replay: 0, clip: 0 };
    this.#watching.set(showId, watching);
    this.#peak(showId, source, ++watching[source]);
  }

  left(showId: string, source: AttributionSource): void {
    const watching = this.#watching.get(showId);
    if (!watching || watching[source] === 0) return;
    // Counted before leaving: a minute whose only change is a leave still had them.
    this.#peak(showId, source, watching[source]--);
    if (ATTRIBUTION_SOURCES.every((s) => watching[s] === 0)) this.#watching.delete(showId);
  }

  /** This node's viewer connections in the show from `source`. */
  watching(showId: string, source: AttributionSource): number {
    return this.#watching.get(showId)?.[source] ?? 0;
  }

  click(showId: string, source: AttributionSource): void {
    this.#bucket(showId, source).buyClicks++;
  }

  impressions(showId: string, source: AttributionSource, count: number): void {
    if (count > 0) this.#bucket(showId, source).impressions += count;
  }

  reacted(showId: string, source: AttributionSource, kind: ReactionKind, count: number): void {
    const reactions = (this.#bucket(showId, source).reactions ??= {});
    reactions[kind] = (reactions[kind] ?? 0) + count;
  }

  /** This node's taps of the show not written yet, per kind (added to the store's totals in snapshots). */
  pendingReactions(showId: string): ReactionCounts {
    let pending: ReactionCounts = {};
    for (const c of this.#pending.values()) if (c.showId === showId) pending = addReactionCounts(pending, c.reactions);
    return pending;
  }

  /** Writes what is pending (one show, or all), after noting who watches now in the current minute. */
  async flush(showId?: string): Promise<void> {
    for (const [id, watching] of this.#watching) {
      if (showId !== undefined && id !== showId) continue;
      for (const source of ATTRIBUTION_SOURCES) if (watching[source] > 0) this.#peak(id, source, watching[source]);
    }
    const due = new Map<string, MinuteCounts[]>();
    for (const [key, c] of this.#pending) {
      if (showId !== undefined && c.showId !== showId) continue;
      this.#pending.delete(key);
      due.set(c.showId, [...(due.get(c.showId) ?? []), c]);
    }
    // One write per show, like the funnel's: a show deleted meanwhile (its rows refused) loses its own beat, never the others'.
    const failed: unknown[] = [];
    for (const counts of due.values())
      await this.#store.addMinutes(this.node, counts).catch((e: unknown) => failed.push(e));
    if (failed.length) throw failed[0];
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush().catch((error: unknown) =>
      this.#logger.error('live-shop: writing analytics minutes failed', error),
    );
  }

  #bucket(showId: string, source: AttributionSource): MinuteCounts {
    const minute = minuteOf(this.#now());
    const key = `${showId} ${minute} ${source}`;
    let counts = this.#pending.get(key);
    if (!counts)
      this.#pending.set(key, (counts = { showId, minute, source, viewers: 0, buyClicks: 0, impressions: 0 }));
    return counts;
  }

  #peak(showId: string, source: AttributionSource, viewers: number): void {
    const counts = this.#bucket(showId, source);
    counts.viewers = Math.max(counts.viewers, viewers);
  }
}
