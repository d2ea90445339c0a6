import {
  REACTION_LIMITS,
  addReactionCounts,
  type AttributionSource,
  type ReactionCounts,
  type ReactionCountsPayload,
  type ReactionKind,
} from '@live-shop/protocol';
import type { MinuteCounters } from '../analytics/minutes.js';
import type { AnalyticsStore } from '../store/store.js';

export interface ReactionServiceDeps {
  /** Sends one window's counts to everyone in the show (this node's taps only). */
  publish: (showId: string, payload: ReactionCountsPayload) => void;
  minutes: Pick<MinuteCounters, 'reacted' | 'pendingReactions'>;
  store: Pick<AnalyticsStore, 'reactionTotals'>;
  windowMs?: number;
  now?: () => number;
}

/**
 * This node's reaction taps: summed per show over a window (opened by the first tap, closed
 * `windowMs` later) and published as one `reactions:counts`, so a show gets at most 1000 / windowMs
 * broadcasts per second from this node whatever its audience; quiet shows get none.
 */
export class ReactionService {
  readonly #pending = new Map<string, { counts: ReactionCounts; timer: NodeJS.Timeout }>();
  readonly #deps: ReactionServiceDeps;
  readonly #windowMs: number;
  readonly #now: () => number;
  #closed = false;

  constructor(deps: ReactionServiceDeps) {
    this.#deps = deps;
    this.#windowMs = deps.windowMs ?? REACTION_LIMITS.windowMs;
    this.#now = deps.now ?? Date.now;
  }

  add(showId: string, source: AttributionSource, kind: ReactionKind, count: number): void {
    this.#deps.minutes.reacted(showId, source, kind, count);
    // Closing: counted for analytics, but no new window outlives the server.
    if (this.#closed) return;
    let window = this.#pending.get(showId);
    if (!window) {
      const timer = setTimeout(() => this.#publish(showId), this.#windowMs);
      this.#pending.set(showId, (window = { counts: {}, timer }));
    }
    window.counts = addReactionCounts(window.counts, { [kind]: count });
  }

  /** What every node wrote plus this node's taps not written yet (other nodes' last beat may be missing). */
  async totals(showId: string): Promise<ReactionCounts> {
    const written = await this.#deps.store.reactionTotals(showId);
    return addReactionCounts(written, this.#deps.minutes.pendingReactions(showId));
  }

  /** Publishes what is pending (the server is closing). */
  close(): void {
    this.#closed = true;
    for (const showId of [...this.#pending.keys()]) this.#publish(showId);
  }

  #publish(showId: string): void {
    const window = this.#pending.get(showId);
    if (!window) return;
    clearTimeout(window.timer);
    this.#pending.delete(showId);
    this.#deps.publish(showId, { counts: window.counts, at: this.#now() });
  }
}
