import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Price, Product } from '@live-shop/protocol';

/**
 * The server clock and the server-clock time of the frame on screen (null: no picture to be in step
 * with). `<live-shop-viewer>` passes its own; a card on its own uses this browser's clock.
 */
export type DealClock = () => { now: number; picture: number | null };

export interface ShownDeal {
  price: Price;
  /** Until the deal ends, by the server clock (what the checkout goes by). */
  remainingMs: number;
}

/** The deal to show: once the picture reaches the moment it was set (like a pin), until its end. */
export function shownDeal(product: Product, clock: DealClock | null): ShownDeal | null {
  const { deal } = product;
  if (!deal || deal.price.amount >= product.price.amount) return null;
  const { now, picture } = clock?.() ?? { now: Date.now(), picture: null };
  if (now >= deal.endsAt || (picture ?? now) < deal.at) return null;
  return { price: deal.price, remainingMs: deal.endsAt - now };
}

/** `4:05`, `1:02:09`: what is left, in whole seconds rounded up (never 0:00 while the deal runs). */
export function formatRemaining(ms: number): string {
  const total = Math.max(1, Math.ceil(ms / 1000));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** Re-renders its card once a second while its product has a deal that has not ended. */
export class DealTicker implements ReactiveController {
  #host: ReactiveControllerHost & { product: Product | null };
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost & { product: Product | null }) {
    this.#host = host;
    host.addController(this);
  }

  hostUpdated(): void {
    const deal = this.#host.product?.deal;
    const running = !!deal && Date.now() < deal.endsAt + 60_000;
    if (running && !this.#timer) this.#timer = setInterval(() => this.#host.requestUpdate(), 1000);
    else if (!running) this.hostDisconnected();
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
