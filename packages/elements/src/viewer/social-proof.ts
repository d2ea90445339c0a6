import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LiveShopState } from '@live-shop/client';
import { LIMITS } from '@live-shop/protocol';

type Host = ReactiveControllerHost & { readonly isConnected: boolean };

/**
 * The cards' social proof, "N sold in the last minute", when the show has it on: units sold per
 * product over the last minute of the server's clock, recounted every `refreshMs()` while there are
 * any (counts fall as sales leave the minute).
 */
export class SoldCounts implements ReactiveController {
  #host: Host;
  #refreshMs: () => number;
  #sold = new Map<string, number>();
  #recount: ReturnType<typeof setTimeout> | undefined;

  constructor(host: Host, refreshMs: () => number) {
    this.#host = host;
    this.#refreshMs = refreshMs;
    host.addController(this);
  }

  /** Counts the sales of the last minute in `s` (none when social proof is off). */
  count(s: LiveShopState | null | undefined): void {
    this.#sold = new Map();
    if (!s?.settings.socialProof) return;
    const since = Date.now() + s.clockOffset - LIMITS.soldWindowMs;
    for (const sale of s.recentSales) {
      if (sale.at >= since) this.#sold.set(sale.productId, (this.#sold.get(sale.productId) ?? 0) + sale.quantity);
    }
  }

  /** Units of `productId` sold in the last minute. */
  get(productId: string): number {
    return this.#sold.get(productId) ?? 0;
  }

  hostUpdated(): void {
    if (!this.#sold.size || this.#recount || !this.#host.isConnected) return;
    this.#recount = setTimeout(() => {
      this.#recount = undefined;
      this.#host.requestUpdate();
    }, this.#refreshMs());
  }

  hostDisconnected(): void {
    clearTimeout(this.#recount);
    this.#recount = undefined;
  }
}
