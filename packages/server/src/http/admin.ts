import { ErrorCode, LiveShopError } from '@live-shop/protocol';
import type { RequestHandler } from 'express';
import { constantTimeEqual } from '../tokens.js';

/** `Authorization: Bearer <admin key>`, compared in constant time. */
export function requireAdmin(adminKey: string): RequestHandler {
  return (req, res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!match || !constantTimeEqual(match[1]!, adminKey)) {
      res.set('WWW-Authenticate', 'Bearer');
      throw new LiveShopError(
        ErrorCode.Unauthorized,
        match ? 'Wrong admin key' : 'Missing admin key: send Authorization: Bearer <admin key>',
      );
    }
    next();
  };
}
