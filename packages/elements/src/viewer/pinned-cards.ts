import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { PinSync, type LiveShopClient } from '@live-shop/client';
import type { PinsPayload, Product } from '@live-shop/protocol';
import type { LiveShopPlayer } from '../player/player.js';

/** How long an unpinned card stays for its exit animation (ms). */
const LEAVE_MS = 250;

type Host = ReactiveControllerHost & Element & { readonly renderRoot?: ParentNode };

/**
 * The viewer's pinned cards, in step with the video: every pin state the client reports (events,
 * not just the latest snapshot) waits until the frame on screen reaches its time; unpinned cards
 * stay a moment for their exit animation.
 */
export class PinnedCards implements ReactiveController {
  /** Unpinned products kept for their exit animation. */
  readonly leaving = new Map<string, Product>();
  #host: Host;
  #pinned: readonly string[] = [];
  #sync = new PinSync();
  #client: LiveShopClient | null = null;
  #offPins: (() => void) | undefined;
  #frame = 0;

  constructor(host: Host) {
    this.#host = host;
    host.addController(this);
  }

  /** The server clock and the frame on screen's time (null: no video): pins, and the cards' flash deals, follow it. */
  readonly clock = (): { now: number; picture: number | null } => {
    const s = this.#client?.state;
    const now = Date.now() + (s?.clockOffset ?? 0);
    const player = this.#host.renderRoot?.querySelector?.<LiveShopPlayer>('live-shop-player');
    const video = !!s?.playback && (s.status === 'live' || s.status === 'reconnecting');
    const pdt = video ? (player?.currentPdt ?? null) : null;
    const latency = video && pdt === null ? (player?.latency ?? null) : null;
    return { now, picture: pdt ?? (latency === null ? null : now - latency * 1000) };
  };

  /** Ids of the products shown as pinned now. */
  get shown(): readonly string[] {
    return this.#sync.shown.productIds;
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }

  /** From the host's `willUpdate`: follows `client`, shows what is due, keeps just-unpinned cards leaving. */
  update(client: LiveShopClient | null, product: (id: string) => Product | undefined): void {
    if (client !== this.#client) {
      this.#offPins?.();
      this.#sync.reset();
      this.#client = client;
      this.#offPins = client?.on('pins', (pins: PinsPayload) => this.#receive(pins));
    }
    if (client) this.#sync.push(client.state.pins);
    this.#advance();
    const ids = this.shown;
    if (ids === this.#pinned) return;
    const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches;
    for (const id of this.#pinned) {
      const p = product(id);
      if (!ids.includes(id) && p && !reduced) this.leaving.set(id, p);
    }
    for (const id of ids) this.leaving.delete(id);
    if (this.leaving.size) setTimeout(() => (this.leaving.clear(), this.#host.requestUpdate()), LEAVE_MS);
    this.#pinned = ids;
  }

  #receive(pins: PinsPayload): void {
    this.#sync.push(pins);
    if (this.#advance()) this.#host.requestUpdate();
  }

  /**
   * Shows the pin states due at the frame on screen: its program date time, else now minus the
   * player's measured latency; with no video to be in step with, at once. Keeps checking every
   * animation frame while states wait.
   */
  #advance(): boolean {
    const { now, picture } = this.clock();
    const changed = this.#sync.advance(picture, now);
    if (this.#sync.pending && !this.#frame && this.#host.isConnected) {
      this.#frame = requestAnimationFrame(() => {
        this.#frame = 0;
        if (this.#advance()) this.#host.requestUpdate();
      });
    }
    return changed;
  }
}
