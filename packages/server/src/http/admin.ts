import { ErrorCode, LiveShopError } from '@live-shop/protocol';
import type { Request, RequestHandler } from 'express';
import type { ShowAccess } from '../show/access.js';
import { constantTimeEqual } from '../tokens.js';
import type { AddressBudget } from './rate-limit.js';

/** Where `createHttpApp` keeps the per-address budget of wrong admin keys (shared by every router's requireAdmin). */
export const ADMIN_FAILURES = 'liveShopAdminFailures';

const failures = (req: Request) => req.app.locals[ADMIN_FAILURES] as AddressBudget | undefined;
const bearer = (req: Request) => /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');

/**
 * The admin key, or the host token of the show in `:id` (a moderator's or guest's is forbidden; another
 * show's is a wrong credential and charged like a wrong admin key).
 */
export function requireAdminOrHost(adminKey: string, access: Pick<ShowAccess, 'verify'>): RequestHandler {
  const admin = requireAdmin(adminKey);
  return async (req, res, next) => {
    const match = bearer(req);
    if (!match || constantTimeEqual(match[1]!, adminKey)) return admin(req, res, next);
    failures(req)?.check(req);
    const claims = await access.verify(String(req.params.id), match[1]!).catch((error: unknown) => {
      if (error instanceof LiveShopError && error.code === ErrorCode.Unauthorized) {
        failures(req)?.charge(req);
        res.set('WWW-Authenticate', 'Bearer');
        throw new LiveShopError(ErrorCode.Unauthorized, 'Wrong admin key or host token for this show');
      }
      throw error;
    });
    if (claims.role !== 'host')
      throw new LiveShopError(ErrorCode.Forbidden, 'Only the show’s host or an admin may read this');
    next();
  };
}

/**
 * `Authorization: Bearer <admin key>`, compared in constant time. An address past its budget of wrong
 * keys gets 429 before the key is even compared, so a guesser cannot tell when it found the key.
 */
export function requireAdmin(adminKey: string): RequestHandler {
  return (req, res, next) => {
    const match = bearer(req);
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
