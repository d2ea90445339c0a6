import { ErrorCode, LiveShopError } from '@live-shop/protocol';
import type { Request, RequestHandler } from 'express';
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
