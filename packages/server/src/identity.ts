import { createHmac } from 'node:crypto';
import { ErrorCode, LIMITS, LiveShopError } from '@live-shop/protocol';
import { randomId } from './ids.js';
import { constantTimeEqual, readViewerCredential, signViewerCredential } from './tokens.js';

/** A shopper the merchant's backend vouches for. */
export interface MerchantIdentity {
  viewerId: string;
  name: string;
}

const invalid = (why: string) => new LiveShopError(ErrorCode.Unauthorized, `Invalid identity: ${why}`);

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

/**
 * Verifies a merchant-signed identity: a JWT (HS256) whose claims are `{viewerId, name, exp?}`,
 * signed with `LIVE_SHOP_IDENTITY_SECRET`. Any JWT library can make one; `alg` must be HS256
 * (never `none`). Throws `unauthorized` (forged, malformed) or `token_expired`.
 */
export function verifyIdentity(secret: string, jwt: string, now = Date.now()): MerchantIdentity {
  const parts = jwt.split('.');
  if (parts.length !== 3) throw invalid('not a JWT');
  const [head, body, signature] = parts as [string, string, string];
  const header = decodeJson(head) as { alg?: unknown } | null;
  if (header?.alg !== 'HS256') throw invalid('alg must be HS256');
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  if (!constantTimeEqual(signature, expected)) throw invalid('bad signature');
  const claims = decodeJson(body) as { viewerId?: unknown; name?: unknown; exp?: unknown } | null;
  if (typeof claims?.viewerId !== 'string' || !/^[\w.:@-]{1,100}$/.test(claims.viewerId))
    throw invalid('viewerId must be 1–100 of letters, digits, _ . : @ -');
  const name = typeof claims.name === 'string' ? claims.name.trim() : '';
  if (!name || name.length > LIMITS.nameMax) throw invalid(`name must be 1–${LIMITS.nameMax} characters`);
  // Shown and stored with every message: PostgreSQL could not store it (and no name needs one).
  if (name.includes('\u0000')) throw invalid('name must not contain a NUL character');
  if (claims.exp !== undefined && (typeof claims.exp !== 'number' || claims.exp * 1000 <= now)) {
    throw new LiveShopError(ErrorCode.TokenExpired, 'The identity has expired: sign a new one');
  }
  return { viewerId: claims.viewerId, name };
}

/** What a merchant's backend does (here for tests and the docs' example). */
export function signIdentity(secret: string, claims: { viewerId: string; name: string; exp?: number }): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** Who a viewer connection is, resolved at the handshake. */
export interface ViewerIdentity {
  viewerId: string;
  credential: string;
  accountId: string | null;
  name: string | null;
  verified: boolean;
  /** An id issued in the last `FRESH_VIEWER_MS`, without a signed identity: cheap to drop, so bound to its address. */
  fresh: boolean;
}

/** How long a newly issued viewer id shares its address's slow mode and restrictions. */
export const FRESH_VIEWER_MS = 60 * 60_000;
const TIME_DIGITS = 9;
const RANDOM_CHARS = 12;

/** A new viewer id: its issue time (base36 ms, signed with the id by the credential) then 72 random bits. */
export const mintViewerId = (now = Date.now()) => now.toString(36).padStart(TIME_DIGITS, '0') + randomId();

/** When the id was issued; null for ids from before they carried it (72 random bits only). */
function issuedAt(id: string): number | null {
  if (id.length !== TIME_DIGITS + RANDOM_CHARS || !/^[0-9a-z]+$/.test(id.slice(0, TIME_DIGITS))) return null;
  return parseInt(id.slice(0, TIME_DIGITS), 36);
}

/** Issues and recognises viewer ids, and verifies merchant-signed identities. */
export class Identities {
  constructor(
    private readonly secret: Buffer,
    private readonly identitySecret: string | null,
  ) {}

  /**
   * A valid credential keeps its viewer id; a missing or unreadable one gets a new id (a viewer
   * who cleared storage is a new viewer). A signed identity adds the merchant's account and name.
   */
  resolve(credential: string | undefined, identity: string | undefined, now = Date.now()): ViewerIdentity {
    const known = credential ? readViewerCredential(this.secret, credential) : null;
    const id = known ?? mintViewerId(now);
    const fresh = (issuedAt(id) ?? -Infinity) > now - FRESH_VIEWER_MS;
    const base = {
      viewerId: `v:${id}`,
      credential: known ? credential! : signViewerCredential(this.secret, id),
      accountId: null,
      name: null,
      verified: false,
      fresh,
    };
    if (identity === undefined) return base;
    if (!this.identitySecret)
      throw new LiveShopError(
        ErrorCode.Unauthorized,
        'This server does not accept signed identities: set LIVE_SHOP_IDENTITY_SECRET',
      );
    const merchant = verifyIdentity(this.identitySecret, identity);
    return { ...base, accountId: `m:${merchant.viewerId}`, name: merchant.name, verified: true, fresh: false };
  }

  /** A viewer's network (`addressKey`: IPv4, or IPv6 /64) as a subject restrictions can name, keyed so the database holds no addresses. */
  addressSubject(address: string): string {
    return `a:${createHmac('sha256', this.secret).update(`address:${address}`).digest('base64url').slice(0, 22)}`;
  }
}
