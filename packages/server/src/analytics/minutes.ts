import { ATTRIBUTION_SOURCES, type AttributionSource } from '@live-shop/protocol';
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

  constructor(deps: MinuteCountersDeps) {
    this.#store = deps.store;
    this.#now = deps.now ?? Date.now;
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

  /** Writes what is pending (one show, or all), after noting who watches now in the current minute. */
  async flush(showId?: string): Promise<void> {
    for (const [id, watching] of this.#watching) {
      if (showId !== undefined && id !== showId) continue;
      for (const source of ATTRIBUTION_SOURCES) if (watching[source] > 0) this.#peak(id, source, watching[source]);
    }
    const due = [...this.#pending].filter(([, c]) => showId === undefined || c.showId === showId);
    for (const [key] of due) this.#pending.delete(key);
    try {
      await this.#store.addMinutes(
        this.node,
        due.map(([, c]) => c),
      );
    } catch (error) {
      // Put back for the next beat (added to whatever came meanwhile): a failed write loses no count.
      for (const [, c] of due) this.#merge(c);
      throw error;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
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

  #merge(c: MinuteCounts): void {
    const key = `${c.showId} ${c.minute} ${c.source}`;
    const into = this.#pending.get(key);
    if (!into) return void this.#pending.set(key, c);
    into.viewers = Math.max(into.viewers, c.viewers);
    into.buyClicks += c.buyClicks;
    into.impressions += c.impressions;
  }
}
