import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Request } from 'express';
import { reachedOrigins, requestOrigin } from './origins.js';
import {
  AddressBudget,
  addressKey,
  RateLimitedError,
  rateLimits,
  type Address,
  type RateLimits,
} from './rate-limit.js';
import type { Logger } from '../logger.js';
import { expressView, type TrustProxy } from './raw-request.js';

/** `LIVE_SHOP_ALLOWED_ORIGINS`: a list of origins, or `*` for any. */
export type AllowedOrigins = readonly string[] | '*';

/** Where `npm run example` and `npm run example:cart` serve their storefronts (examples/*\/serve.mjs): allowed in demo mode. */
export const DEMO_ORIGINS: readonly string[] = [
  'http://localhost:8080',
  'http://localhost:8081',
  'http://127.0.0.1:8080',
  'http://127.0.0.1:8081',
];

export interface ClientPolicyOptions {
  /** Unset: this server's own origin, plus the example storefronts in demo mode. */
  allowedOrigins?: AllowedOrigins;
  publicUrl?: string;
  demo?: boolean;
  trustProxy?: TrustProxy;
  /** Per-address limits (`RATE_LIMITS`), some overridden, or `false` for none (benchmarks and load tests only). */
  rateLimits?: Partial<RateLimits> | false;
  /** Where a refused origin is said (once per origin). */
  logger?: Logger;
}

/** Refused origins said by name; past this many, one more line and then silence (an attacker can send any number). */
const SAID_ORIGINS_MAX = 100;

type AllowRequest = (
  req: IncomingMessage,
  callback: (error: string | null | undefined, success: boolean) => void,
) => void;

/**
 * What a browser client may do, one decision for every door: which pages may call this server (CORS on
 * the REST routes with effects, the Socket.IO handshake, the studio's ingest) and how often one address
 * may. The server's own pages (studio, demo storefront) always may.
 */
export class ClientPolicy {
  /** `*`: any origin, chosen explicitly. */
  readonly any: boolean;
  /** Other origins allowed besides this server's own: the configured ones, or the demo's example storefronts. */
  readonly listed: readonly string[];
  readonly limits: RateLimits;
  readonly #publicOrigin: string | null;
  readonly #demo: boolean;
  readonly #view: (raw: IncomingMessage) => Request;
  /** Each raw request's client address, worked out once: a handshake asks twice (budget, address), and proxy-addr is not free. */
  readonly #addresses = new WeakMap<IncomingMessage, Address>();
  readonly #connections: AddressBudget;
  readonly #logger: Logger | null;
  readonly #said = new Set<string>();

  constructor({
    allowedOrigins,
    publicUrl,
    demo = false,
    trustProxy,
    rateLimits: overrides,
    logger,
  }: ClientPolicyOptions = {}) {
    this.any = allowedOrigins === '*';
    this.listed = allowedOrigins === '*' ? [] : (allowedOrigins ?? (demo ? DEMO_ORIGINS : []));
    this.limits = rateLimits(overrides);
    this.#publicOrigin = publicUrl ? new URL(publicUrl).origin : null;
    this.#demo = demo;
    this.#view = expressView(trustProxy);
    this.#connections = new AddressBudget(this.limits.socketConnectionsPerMinute, 'connections');
    this.#logger = logger ?? null;
  }

  /** Requests without an Origin header (curl, servers, same-origin GETs) are always fine: CORS protects browsers only. */
  allows(req: Request): boolean {
    const origin = req.get('origin');
    if (!origin || this.any || this.listed.includes(origin)) return true;
    // A browser's Origin and Host agree only on a page of this very server.
    if (origin === this.#publicOrigin || origin === requestOrigin(req)) return true;
    this.#say(origin);
    return false;
  }

  /** The same decision for a raw Node request (an upgrade, a handshake; typed loosely for `cors`'s delegate), under the same `trust proxy`. */
  allowsRaw(raw: { headers: IncomingHttpHeaders }): boolean {
    return !raw.headers.origin || this.allows(this.#view(raw as IncomingMessage));
  }

  /**
   * Socket.IO's `allowRequest`, run once per new connection: the origin (CORS does not cover
   * WebSockets) and the address's connection budget. The reason travels as the refusal's message:
   * polling clients read `{"code":4,"message":"rate_limited: …"}` from the 403.
   */
  readonly allowSocket: AllowRequest = (raw, callback) => {
    if (!this.allowsRaw(raw))
      return callback('forbidden: this origin may not connect (LIVE_SHOP_ALLOWED_ORIGINS)', false);
    const refused = this.takeConnection(raw);
    if (refused) return callback(`rate_limited: ${refused.message}`, false);
    callback(null, true);
  };

  /** Spends one of the address's new connections (Socket.IO and ingest share the budget): null, or why not (nothing spent). */
  takeConnection(raw: IncomingMessage): RateLimitedError | null {
    try {
      this.#connections.take(this.#clientOf(raw));
      return null;
    } catch (error) {
      if (error instanceof RateLimitedError) return error;
      throw error;
    }
  }

  /** The client's address as the per-address limits key it (IPv6 by /64, behind a trusted proxy the client's). */
  limitKeyOf(raw: IncomingMessage): string {
    return addressKey(this.#clientOf(raw));
  }

  /**
   * The shopper's network (`addressKey`, under the same `trust proxy`), or null when it is loopback:
   * this very machine in development, or a proxy `LIVE_SHOP_TRUST_PROXY` does not name, whose address
   * every shopper would share.
   */
  addressOf(raw: IncomingMessage): string | null {
    const req = this.#clientOf(raw);
    return /^(127\.|::ffff:127\.|::1$)/.test(req.ip ?? '127.') ? null : addressKey(req);
  }

  #clientOf(raw: IncomingMessage): Address {
    let address = this.#addresses.get(raw);
    if (!address) this.#addresses.set(raw, (address = { ip: this.#view(raw).ip }));
    return address;
  }

  /** An operator whose storefront is refused would otherwise see nothing on the server: say it once per origin, with the fix. */
  #say(origin: string): void {
    if (!this.#logger || this.#said.has(origin) || this.#said.size > SAID_ORIGINS_MAX) return;
    this.#said.add(origin);
    // Node already refuses CR/LF in headers; the rest of an Origin is printable but may be long.
    const shown = origin.replace(/[^\x21-\x7e]/g, '?').slice(0, 200);
    this.#logger.warn(
      this.#said.size > SAID_ORIGINS_MAX
        ? `live-shop: refused pages on more than ${SAID_ORIGINS_MAX} origins; no more are said until restart`
        : `live-shop: refused a page on ${shown} (not in LIVE_SHOP_ALLOWED_ORIGINS; said once per origin)`,
    );
  }

  /**
   * Origins a checkout may send the shopper back to (null: any). Never the request's Host (a script
   * can forge it, which would make the checkout an open redirect): in demo mode, whose storefront is
   * at `/`, this server's own origin is the address the connection reached (or `LIVE_SHOP_PUBLIC_URL`).
   */
  returnOrigins(req: Request): readonly string[] | null {
    if (this.any) return null;
    const own = [...(this.#publicOrigin ? [this.#publicOrigin] : []), ...(this.#demo ? reachedOrigins(req) : [])];
    return [...this.listed, ...own];
  }
}
