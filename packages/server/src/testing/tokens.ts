/** Test support (not shipped): tokens that expire within a test. */
import type { LiveShopServer } from '../app.js';
import type { TokenRole } from '../tokens.js';

const HOUR_MS = 3_600_000;

/** A real token of `role` expiring `ms` from now: the API's shortest is an hour, `issue()` takes fractions. */
export async function shortLivedToken(server: LiveShopServer, showId: string, role: TokenRole, ms: number) {
  const { token, record } = await server.service.access.issue(showId, role, { hours: ms / HOUR_MS });
  return { token, id: record.id, expiresAt: record.expiresAt };
}

/** The expiry a token carries in itself (`lsh2.<show>.<role>.<id>.<expiry base36>.<mac>`). */
export const signedExpiry = (token: string) => parseInt(token.split('.')[4]!, 36);
