import type { PinsPayload } from '@live-shop/protocol';

/** At most this many pin states wait for the video; beyond, the oldest is shown at once. */
export const PIN_QUEUE_MAX = 32;
/** A pin state never waits longer than this behind the server clock (ms), whatever the video says. */
export const PIN_WAIT_MAX_MS = 30_000;

/**
 * Holds pin states until the video shows their moment: `advance(t)` shows the newest queued state
 * whose `at` ≤ t (the server-clock time of the frame on screen), or all of them when t is null
 * (no video to be in step with). States are full pin lists, so skipping an intermediate one that
 * is already in the past loses nothing; none is dropped before its time, and the queue is bounded.
 * `<live-shop-viewer>` uses it; so can your own UI:
 *
 * @example
 * const sync = new PinSync();
 * client.on('pins', (pins) => sync.push(pins));
 * function onFrame() {
 *   const now = Date.now() + client.state.clockOffset;            // server clock
 *   // The frame's program date time (<live-shop-player>: currentPdt; hls.js: hls.playingDate?.getTime()),
 *   // else now minus the player's latency, else null (no video: show pins at once).
 *   const t = player.currentPdt ?? (player.latency === null ? null : now - player.latency * 1000);
 *   if (sync.advance(t, now)) render(sync.shown.productIds);
 *   if (sync.pending) requestAnimationFrame(onFrame);
 * }
 */
export class PinSync {
  shown: PinsPayload = { productIds: [], at: 0 };
  #queue: PinsPayload[] = [];

  get pending(): number {
    return this.#queue.length;
  }

  /** Queues a state newer than everything seen (older or repeated states are ignored). */
  push(pins: PinsPayload): void {
    const last = this.#queue.at(-1) ?? this.shown;
    if (pins.at <= last.at && last.at !== 0) return;
    this.#queue.push(pins);
    if (this.#queue.length > PIN_QUEUE_MAX) this.shown = this.#queue.shift()!;
  }

  /**
   * Shows what is due at `t` (server epoch ms) — or everything when t is null. `now` is the
   * server clock, for the time bound. Returns true when `shown` changed.
   */
  advance(t: number | null, now: number): boolean {
    const before = this.shown;
    const due = t === null ? Infinity : Math.max(t, now - PIN_WAIT_MAX_MS);
    while (this.#queue.length && this.#queue[0]!.at <= due) this.shown = this.#queue.shift()!;
    return this.shown !== before;
  }

  reset(): void {
    this.shown = { productIds: [], at: 0 };
    this.#queue = [];
  }
}
