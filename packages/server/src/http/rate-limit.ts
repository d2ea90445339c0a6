import { isIPv6 } from 'node:net';
import { ErrorCode, LiveShopError } from '@live-shop/protocol';
import type { Request, RequestHandler } from 'express';

const WINDOW_MS = 60_000;

/**
 * Per client address (IPv6 by /64) and per minute. `config.rateLimits` overrides them: only
 * benchmarks and load tests, whose thousands of clients all come from 127.0.0.1, should.
 */
export const RATE_LIMITS = {
  /** `GET /api/shows/:id`: the SDK never polls it (viewers get state over the socket), so only scripts come near. */
  publicReadsPerMinute: 300,
  /** `GET /api/shows/:id/timeline`: replays page through it (a long show is 20 pages) and viewers behind one carrier NAT share it; pages are cached. */
  timelineReadsPerMinute: 1200,
  /** Wrong admin keys: a guesser gets 20 tries, then even the right key waits out the minute (it cannot tell it found it). */
  adminFailuresPerMinute: 20,
  /** Webhooks with a bad signature, per route (Mux's and Stripe's apart): a rotated secret or the provider's retries stay far below; a forged flood is cut before its body is read. */
  badWebhooksPerMinute: 300,
  /** Socket.IO handshakes: a reload or reconnect is one; a carrier NAT's viewers arriving at once share the budget. */
  socketConnectionsPerMinute: 120,
  /** Web Push reminders: `POST`/`DELETE /api/shows/:id/reminders/push` (a shopper taps Notify me once or twice per show). */
  pushRemindersPerMinute: 30,
};
export type RateLimits = typeof RATE_LIMITS;

/** The limits in force: the defaults, some overridden, or none at all (`false`: benchmarks and load tests only). */
export function rateLimits(overrides: Partial<RateLimits> | false | undefined): RateLimits {
  if (overrides === false) return Object.fromEntries(Object.keys(RATE_LIMITS).map((k) => [k, Infinity])) as RateLimits;
  return { ...RATE_LIMITS, ...overrides };
}

/** A 429: the error handler adds `Retry-After` from it. */
export class RateLimitedError extends LiveShopError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(ErrorCode.RateLimited, message);
  }
}

/** What the per-address limits read of a request: its client address (Express's `req.ip`, under `trust proxy`). */
export type Address = Pick<Request, 'ip'>;

/** One shopper's address: IPv6 by its /64 (one household or phone gets a whole /64 to rotate through). */
export function addressKey(req: Address): string {
  const ip = req.ip ?? 'unknown';
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (!isIPv6(v4)) return v4;
  const groups = v4.split('::')[0]!.split(':');
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/**
 * A per-address budget over a sliding minute: `take(req, n)` spends n units or throws rate_limited.
 * Idle addresses are dropped once a minute, so the map holds at most one minute of visitors.
 */
export class AddressBudget {
  readonly #spent = new Map<string, { at: number; n: number }[]>();
  #pruned = Date.now();

  constructor(
    private readonly perMinute: number,
    private readonly what: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Spends n units, or throws RateLimitedError (spending nothing). */
  take(req: Address, n = 1): void {
    if (this.perMinute === Infinity) return;
    const recent = this.#recent(req);
    this.#refuseBeyond(recent, n);
    recent.push({ at: this.now(), n });
  }

  /** Throws RateLimitedError when not even one unit is left; spends nothing (checked before the work that may fail). */
  check(req: Address): void {
    if (this.perMinute !== Infinity) this.#refuseBeyond(this.#recent(req), 1);
  }

  /** Spends n units even beyond the budget: what already happened (a failed guess) counts in any case. */
  charge(req: Address, n = 1): void {
    if (this.perMinute !== Infinity) this.#recent(req).push({ at: this.now(), n });
  }

  #recent(req: Address): { at: number; n: number }[] {
    const now = this.now();
    if (now - this.#pruned > WINDOW_MS) this.#prune(now);
    const key = addressKey(req);
    const recent = (this.#spent.get(key) ?? []).filter((e) => now - e.at < WINDOW_MS);
    this.#spent.set(key, recent);
    return recent;
  }

  #refuseBeyond(recent: { at: number; n: number }[], n: number): void {
    let excess = recent.reduce((sum, e) => sum + e.n, 0) + n - this.perMinute;
    if (excess <= 0) return;
    // The oldest spends leave the window first: wait until enough of them have.
    let freeAt = this.now() + WINDOW_MS;
    for (const e of recent) {
      excess -= e.n;
      if (excess <= 0) {
        freeAt = e.at + WINDOW_MS;
        break;
      }
    }
    const seconds = Math.max(1, Math.ceil((freeAt - this.now()) / 1000));
    throw new RateLimitedError(`Too many ${this.what} from this address: try again in ${seconds} s`, seconds);
  }

  #prune(now: number): void {
    this.#pruned = now;
    for (const [key, entries] of this.#spent)
      if (entries.every((e) => now - e.at >= WINDOW_MS)) this.#spent.delete(key);
  }
}

/** Middleware spending one unit of `budget` per request (429 with Retry-After beyond it). */
export const limit =
  (budget: AddressBudget): RequestHandler =>
  (req, _res, next) => {
    budget.take(req);
    next();
  };

/** Middleware refusing (429) an address whose budget of failures is spent; the route charges each failure. */
export const refuseWhenSpent =
  (budget: AddressBudget | undefined): RequestHandler =>
  (req, _res, next) => {
    budget?.check(req);
    next();
  };
