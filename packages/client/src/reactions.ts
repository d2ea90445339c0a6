/** Reaction taps batched per window: a fast tapper sends at most one `reaction:send` per kind per window. */
import {
  ErrorCode,
  LiveShopError,
  REACTION_LIMITS,
  reactionEntries,
  type ReactionAck,
  type ReactionCounts,
  type ReactionCountsPayload,
  type ReactionKind,
} from '@live-shop/protocol';

/** After a `rate_limited` answer (or a batch the server cut), taps are dropped for this long instead of being sent. */
export const REACTION_COOL_OFF_MS = 1000;

/** `reactions` event detail: one window's counts, and how many of them were this client's own taps (already shown). */
export interface ReactionsEvent extends ReactionCountsPayload {
  mine: ReactionCounts;
}

export class ReactionBatcher {
  readonly #pending = new Map<ReactionKind, number>();
  /** Taps the server accepted that no `reactions:counts` has carried back yet. */
  readonly #unseen = new Map<ReactionKind, number>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #quietUntil = 0;

  constructor(
    private readonly send: (kind: ReactionKind, count: number) => Promise<ReactionAck>,
    private readonly windowMs: number = REACTION_LIMITS.windowMs,
  ) {}

  /** Counts one tap; false when it is dropped (cooling off after the limit was hit, or the window's batch is full). */
  tap(kind: ReactionKind): boolean {
    const count = this.#pending.get(kind) ?? 0;
    if (Date.now() < this.#quietUntil || count >= REACTION_LIMITS.countMax) return false;
    this.#pending.set(kind, count + 1);
    this.#timer ??= setTimeout(() => this.flush(), this.windowMs);
    return true;
  }

  /** Sends what is pending now: one `reaction:send` per kind. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const [kind, count] of this.#pending) {
      this.send(kind, count).then(
        ({ accepted }) => {
          this.#unseen.set(kind, (this.#unseen.get(kind) ?? 0) + accepted);
          // The server cut the batch: the limit is reached, so rest like after a refusal.
          if (accepted < count) this.#coolOff();
        },
        (error: unknown) => {
          if (error instanceof LiveShopError && error.code === ErrorCode.RateLimited) this.#coolOff();
        },
      );
    }
    this.#pending.clear();
  }

  /** Splits a window's counts: the part that were this client's own accepted taps. */
  mine(counts: ReactionCounts): ReactionCounts {
    const mine: ReactionCounts = {};
    for (const [kind, n] of reactionEntries(counts)) {
      const own = Math.min(n, this.#unseen.get(kind) ?? 0);
      if (own === 0) continue;
      mine[kind] = own;
      this.#unseen.set(kind, (this.#unseen.get(kind) ?? 0) - own);
    }
    return mine;
  }

  #coolOff(): void {
    this.#quietUntil = Date.now() + REACTION_COOL_OFF_MS;
  }

  /** Drops pending taps (the client is closing). */
  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending.clear();
    this.#unseen.clear();
  }
}
