import { PIN_QUEUE_MAX, PIN_WAIT_MAX_MS } from './pin-sync.js';

/**
 * Holds timed states (a poll, the banner, the question on air: anything with `at`) until the video
 * shows their moment, like `PinSync` does for pins: `advance(t, now)` shows the newest queued state
 * whose `at` ≤ t (all when t is null), never waiting more than `PIN_WAIT_MAX_MS` behind `now`.
 */
export class AtSync<T extends { at: number }> {
  shown: T;
  #queue: T[] = [];

  constructor(readonly initial: T) {
    this.shown = initial;
  }

  get pending(): number {
    return this.#queue.length;
  }

  /** Queues a state not older than the last one (a results update may share its window's `at`). */
  push(state: T): void {
    const last = this.#queue.at(-1) ?? this.shown;
    if (state.at < last.at) return;
    this.#queue.push(state);
    if (this.#queue.length > PIN_QUEUE_MAX) this.shown = this.#queue.shift()!;
  }

  /** Shows what is due at `t` (server epoch ms), or everything when t is null; true when `shown` changed. */
  advance(t: number | null, now: number): boolean {
    const before = this.shown;
    const due = t === null ? Infinity : Math.max(t, now - PIN_WAIT_MAX_MS);
    while (this.#queue.length && this.#queue[0]!.at <= due) this.shown = this.#queue.shift()!;
    return this.shown !== before;
  }

  reset(): void {
    this.shown = this.initial;
    this.#queue = [];
  }
}
