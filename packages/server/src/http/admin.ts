import { ErrorCode, LiveShopError } from '@live-shop/protocol';
import type { Request, RequestHandler } from 'express';
import type { ShowAccess } from '../show/access.js';
import { constantTimeEqual } from '../tokens.js';
import type { AddressBudget } from './rate-limit.js';

/** Where `createHttpApp` keeps the per-address budget of wrong admin keys (shared by every router's requireAdmin). */
export const ADMIN_FAILURES = 'liveShopAdminFailures';

const failures = (req: Request) => req.app.locals[ADMIN_FAILURES] as AddressBudget | undefined;
/**
 * `Authorization: Bearer <admin key>`, compared in constant time. An address past its budget of wrong
 * keys gets 429 before the key is even compared, so a guesser cannot tell when it found the key.
 */
export function requireAdmin(adminKey: string): RequestHandler {
  return (req, res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (match) failures(req)?.check(req);
    if (!match || !constantTimeEqual(match[1]!, adminKey)) {
      // Only a wrong key is a guess; a missing header is a mistake.
      if (match) failures(req)?.charge(req);
      res.set('WWW-Authenticate', 'Bearer');
      throw new LiveShopError(
        ErrorCode.Unauthorized,
        match ? 'Wrong admin key' : 'Missing admin key: send Authorization: Bearer <admin key>',
      );
    }
    next();
  };
}

/** The `Authorization: Bearer …` credential; `unauthorized` when there is none (checked before anything is looked up). */
export function bearer(req: Request): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  if (!match)
    throw new LiveShopError(ErrorCode.Unauthorized, 'Send Authorization: Bearer <admin key or the show’s host token>');
  return match[1]!;
}

/**
 * The admin key, or a host token of this show (`Authorization: Bearer …`): who may act for one show
 * over HTTP. Moderator and guest tokens are `forbidden`; anything else counts against the address's
 * budget of wrong admin keys, so this door is no faster for guessing the key than requireAdmin's.
 */
export async function checkAdminOrHost(
  req: Request,
  adminKey: string,
  access: Pick<ShowAccess, 'verify'>,
  showId: string,
): Promise<'admin' | 'host'> {
  const token = bearer(req);
  failures(req)?.check(req);
  if (constantTimeEqual(token, adminKey)) return 'admin';
  const claims = await access.verify(showId, token).catch((error: unknown) => {
    if (error instanceof LiveShopError && error.code === ErrorCode.Unauthorized) failures(req)?.charge(req);
    throw error;
  });
  if (claims.role !== 'host')
    throw new LiveShopError(ErrorCode.Forbidden, 'Only the show’s host or an admin may do this');
  return 'host';
}

/** `checkAdminOrHost` as a route's middleware, for routes whose `:id` is the show. */
export function requireAdminOrHost(adminKey: string, access: Pick<ShowAccess, 'verify'>): RequestHandler {
  return async (req, _res, next) => {
    await checkAdminOrHost(req, adminKey, access, String(req.params.id));
    next();
  };
}
