import type { AttributionSource, SalesSummary } from '@live-shop/protocol';
import type { Logger } from '../logger.js';
import type { Broadcaster } from '../show/service.js';
import type { CommerceStore, ShowStore } from '../store/store.js';
import { buildSalesSummary, FunnelBuffer } from './sales.js';

export interface SalesFeedDeps {
  store: Pick<CommerceStore, 'salesByProduct' | 'getFunnel' | 'listOrders' | 'addFunnel'> &
    Pick<ShowStore, 'listProducts' | 'listProductsEver'>;
  broadcaster: Pick<Broadcaster, 'emitToHosts'>;
  logger: Logger;
  now: () => number;
  /** Host sales updates are coalesced to at most one per show per interval (default 250 ms). */
  intervalMs?: number;
  /** Funnel counters are written on this beat (default 1 s). */
  flushIntervalMs?: number;
}

/** Runs `task` every `ms` without keeping the process alive; a failure is logged and the beat goes on. */
export function every(ms: number, task: () => Promise<unknown>, what: string, logger: Logger): NodeJS.Timeout {
  return setInterval(
    () => void task().catch((error: unknown) => logger.error(`live-shop: ${what} failed`, error)),
    ms,
  ).unref();
}

/**
 * The host's live sales figures: funnel counters (impressions, Buy now presses) buffered and written
 * on a beat, and `show:sales` sent to the show's hosts when anything they count changed.
 */
export class SalesFeed {
  readonly #store: SalesFeedDeps['store'];
  readonly #broadcaster: SalesFeedDeps['broadcaster'];
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #intervalMs: number;
  readonly #funnel: FunnelBuffer;
  readonly #flushTimer: NodeJS.Timeout;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  /** Shows whose sales changed while their interval was running. */
  readonly #dirty = new Set<string>();
  #closed = false;

  constructor(deps: SalesFeedDeps) {
    this.#store = deps.store;
    this.#broadcaster = deps.broadcaster;
    this.#logger = deps.logger;
    this.#now = deps.now;
    this.#intervalMs = deps.intervalMs ?? 250;
    this.#funnel = new FunnelBuffer(deps.store);
    this.#flushTimer = every(
      deps.flushIntervalMs ?? 1000,
      () => this.#funnel.flush(),
      'writing funnel counters',
      deps.logger,
    );
  }

  /** A Buy now press. */
  countClick(showId: string, productId: string, source: AttributionSource): void {
    this.#funnel.add(showId, productId, source, { buyClicks: 1 });
    this.changed(showId);
  }

  /** `viewers` more people were shown these pinned products. */
  countImpressions(showId: string, productIds: readonly string[], viewers: number, source: AttributionSource): void {
    if (viewers <= 0) return;
    for (const productId of productIds) this.#funnel.add(showId, productId, source, { impressions: viewers });
  }

  /** Writes the show's pending funnel counters now. */
  async flush(showId: string): Promise<void> {
    await this.#funnel.flush(showId);
  }

  async summary(showId: string): Promise<SalesSummary> {
    await this.#funnel.flush(showId);
    return buildSalesSummary(this.#store, showId, this.#now());
  }

  /**
   * At most one `show:sales` per show per interval: the first change is sent at once (the studio
   * sees a sale within milliseconds), changes during the interval go out together at its end.
   */
  changed(showId: string): void {
    if (this.#closed) return;
    if (this.#timers.has(showId)) {
      this.#dirty.add(showId);
      return;
    }
    this.summary(showId)
      .then((summary) => !this.#closed && this.#broadcaster.emitToHosts(showId, 'show:sales', summary))
      .catch((error: unknown) => this.#logger.error('live-shop: sales summary failed', error));
    const timer = setTimeout(() => {
      this.#timers.delete(showId);
      if (this.#dirty.delete(showId)) this.changed(showId);
    }, this.#intervalMs);
    this.#timers.set(showId, timer);
  }

  /** Writes pending counters and stops timers (server shutdown). */
  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of [this.#flushTimer, ...this.#timers.values()]) clearTimeout(timer);
    this.#timers.clear();
    await this.#funnel.flush();
  }
}
