/**
 * A timed poll's countdown, shared by the viewer's overlays and the studio's panel: the seconds left
 * at a moment, and the few thresholds spoken politely (never every second).
 */
import { formatClock } from './utils.js';

/** Seconds left at which a countdown is announced (each once, when crossed going down). */
export const COUNTDOWN_SPOKEN = [60, 30, 10] as const;

/** Whole seconds left until `endsAt` at server time `time` (0 once past). */
export const secondsLeft = (endsAt: number, time: number): number => Math.max(0, Math.ceil((endsAt - time) / 1000));

/** `m:ss` of the seconds left. */
export const countdownClock = (left: number): string => formatClock(left);

/** Ms until the shown second changes (at least a frame, at most a second). */
export const untilNextSecond = (endsAt: number, time: number): number => {
  const rest = (endsAt - time) % 1000;
  return rest > 16 ? rest : 1000;
};

/**
 * Follows one poll's seconds left and remembers the last threshold crossed going down, so a live
 * region says "1 minute left" once; a seek back past it lets it be said again.
 */
export class CountdownVoice {
  #id = '';
  #left = Infinity;
  /** The threshold to say now (seconds), or null before any was crossed. */
  spoken: number | null = null;

  follow(id: string, left: number): number | null {
    if (id !== this.#id) [this.#id, this.#left, this.spoken] = [id, left, null];
    const crossed = COUNTDOWN_SPOKEN.filter((s) => this.#left > s && left <= s).at(-1);
    if (crossed !== undefined) this.spoken = crossed;
    else if (this.spoken !== null && left > this.spoken) this.spoken = null;
    this.#left = left;
    return this.spoken;
  }
}
