import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Roles a token can carry; `moderator` will join `host` later, which is why the role is in the token. */
export type TokenRole = 'host';
const TOKEN_ROLES: readonly string[] = ['host'];
const PREFIX = 'lsh1';

const mac = (secret: Buffer, showId: string, role: string) =>
  createHmac('sha256', secret).update(`${PREFIX}.${showId}.${role}`).digest('base64url');

/** `lsh1.<showId>.<role>.<mac>`: stateless, scoped to one show, verifiable without a database read. */
export function signShowToken(secret: Buffer, showId: string, role: TokenRole): string {
  return `${PREFIX}.${showId}.${role}.${mac(secret, showId, role)}`;
}

/** The role the token grants on `showId`, or null if it is malformed, forged or for another show. */
export function verifyShowToken(secret: Buffer, showId: string, token: string): TokenRole | null {
  const parts = token.split('.');
  if (parts.length !== 4) return null;
  const [prefix, tokenShow, role, given] = parts as [string, string, string, string];
  if (prefix !== PREFIX || tokenShow !== showId || !TOKEN_ROLES.includes(role)) return null;
  return constantTimeEqual(given, mac(secret, showId, role)) ? (role as TokenRole) : null;
}

/** Compares secrets without leaking length or prefix timing: both sides are hashed to equal-length digests first. */
export function constantTimeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
