import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Roles a show token can carry. */
export type TokenRole = 'host' | 'moderator' | 'guest';
const TOKEN_ROLES: readonly string[] = ['host', 'moderator', 'guest'];
const PREFIX = 'lsh2';
const VIEWER_PREFIX = 'lsv1';

/** What a show token says about itself; whether it was revoked is the store's to tell. */
export interface TokenClaims {
  showId: string;
  role: TokenRole;
  /** The token's row in the store (revocation, listing). */
  id: string;
  expiresAt: number;
}

const mac = (secret: Buffer, ...parts: string[]) =>
  createHmac('sha256', secret).update(parts.join('.')).digest('base64url');

/** `lsh2.<showId>.<role>.<id>.<expiry base36>.<mac>`: scoped to one show, expiring, revocable by id. */
export function signShowToken(secret: Buffer, claims: TokenClaims): string {
  const body = [PREFIX, claims.showId, claims.role, claims.id, claims.expiresAt.toString(36)];
  return `${body.join('.')}.${mac(secret, ...body)}`;
}

/** The token's claims when it is well formed, signed with `secret` and for `showId` (expiry is checked by the caller). */
export function readShowToken(secret: Buffer, showId: string, token: string): TokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 6) return null;
  const [prefix, tokenShow, role, id, expiry, given] = parts as [string, string, string, string, string, string];
  if (prefix !== PREFIX || tokenShow !== showId || !TOKEN_ROLES.includes(role) || !/^[0-9a-z]{1,12}$/.test(expiry))
    return null;
  if (!constantTimeEqual(given, mac(secret, prefix, tokenShow, role, id, expiry))) return null;
  return { showId, role: role as TokenRole, id, expiresAt: parseInt(expiry, 36) };
}

/** A viewer's proof of the id the server gave it: `lsv1.<viewerId>.<mac>`. Another prefix than show tokens so one is never taken for the other. */
export function signViewerCredential(secret: Buffer, viewerId: string): string {
  return `${VIEWER_PREFIX}.${viewerId}.${mac(secret, VIEWER_PREFIX, viewerId)}`;
}

export function readViewerCredential(secret: Buffer, credential: string): string | null {
  const parts = credential.split('.');
  if (parts.length !== 3 || parts[0] !== VIEWER_PREFIX || !/^[\w-]{8,64}$/.test(parts[1]!)) return null;
  return constantTimeEqual(parts[2]!, mac(secret, VIEWER_PREFIX, parts[1]!)) ? parts[1]! : null;
}

/** Compares secrets without leaking length or prefix timing: both sides are hashed to equal-length digests first. */
export function constantTimeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
