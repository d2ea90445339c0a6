import { isIPv6 } from 'node:net';
import { ErrorCode, LiveShopError } from '@live-shop/protocol';
import type { Request } from 'express';

const WINDOW_MS = 60_000;

/** One shopper's address: IPv6 by its /64 (one household or phone gets a whole /64 to rotate through). */
export function addressKey(req: Request): string {
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

  take(req: Request, n = 1): void {
    const now = this.now();
    if (now - this.#pruned > WINDOW_MS) this.#prune(now);
    const key = addressKey(req);
    const recent = (this.#spent.get(key) ?? []).filter((e) => now - e.at < WINDOW_MS);
    const used = recent.reduce((sum, e) => sum + e.n, 0);
    if (used + n > this.perMinute) {
      this.#spent.set(key, recent);
      throw new LiveShopError(ErrorCode.RateLimited, `Too many ${this.what} from this address: try again in a minute`);
    }
    recent.push({ at: now, n });
    this.#spent.set(key, recent);
  }

  #prune(now: number): void {
    this.#pruned = now;
    for (const [key, entries] of this.#spent) if (entries.every((e) => now - e.at >= WINDOW_MS)) this.#spent.delete(key);
  }
}
