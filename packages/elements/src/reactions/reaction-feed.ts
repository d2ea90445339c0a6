import type { ReactiveControllerHost } from 'lit';
import type { LiveShopClient } from '@live-shop/client';
import { reactionEntries, type ReactionCounts } from '@live-shop/protocol';

/**
 * Follows a client's `reactions` windows for a host that renders a reactions element: `burst` is the
 * last window without this viewer's own taps (those floated when tapped), a new object each window.
 */
export class ReactionFeed {
  burst: { counts: ReactionCounts } | null = null;
  #client: LiveShopClient | null = null;
  #off: (() => void) | undefined;

  constructor(private readonly host: ReactiveControllerHost) {}

  update(client: LiveShopClient | null): void {
    if (client === this.#client) return;
    this.#off?.();
    this.#client = client;
    this.#off = client?.on('reactions', ({ counts, mine }) => {
      const others: ReactionCounts = {};
      for (const [kind, n] of reactionEntries(counts))
        if (n - (mine[kind] ?? 0) > 0) others[kind] = n - (mine[kind] ?? 0);
      this.burst = { counts: others };
      this.host.requestUpdate();
    });
  }
}
