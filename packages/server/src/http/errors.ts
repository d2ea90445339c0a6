import { ErrorCode, LiveShopError } from '@live-shop/protocol';
import { parseIncoming } from '@live-shop/protocol/schemas';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { Logger } from '../logger.js';
import { RateLimitedError } from './rate-limit.js';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  rate_limited: 429,
  invalid_state: 409,
  stage_full: 409,
  restricted: 403,
  token_expired: 401,
  origin_not_allowed: 403,
  name_required: 400,
  identity_required: 403,
  unknown_event: 400,
  payload_too_large: 413,
  video_unavailable: 503,
  sold_out: 409,
  // polls
  poll_open: 409,
  already_voted: 409,
  checkout_unavailable: 503,
  // Per-buyer limits and coupons (issue 15)
  limit_reached: 409,
  coupon_invalid: 400,
  internal: 500,
  // Web Push reminders (the last three are the client's own: no server sends them)
  push_unavailable: 503,
  push_unsupported: 400,
  push_denied: 403,
  push_failed: 502,
};

/** Every HTTP error leaves the server as `{error: {code, message}}`. */
export function sendError(res: Response, code: ErrorCode, message: string, status = STATUS[code]): void {
  res.status(status).json({ error: { code, message } });
}

/** JSON body parser, mounted per route after auth so anonymous callers learn nothing from parse errors. */
export const jsonBody = express.json({ limit: '100kb' });

/** Parses a JSON body with a protocol schema; wrong content type or shape → bad_request. */
export function parseBody<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  if (!req.is('application/json'))
    throw new LiveShopError(ErrorCode.BadRequest, 'Content-Type must be application/json');
  const parsed = parseIncoming(schema, req.body);
  if (!parsed.success) throw new LiveShopError(ErrorCode.BadRequest, parsed.issue);
  return parsed.data;
}

/** Parses a query string with a protocol schema; a wrong shape → bad_request. */
export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const parsed = parseIncoming(schema, req.query);
  if (!parsed.success) throw new LiveShopError(ErrorCode.BadRequest, parsed.issue);
  return parsed.data;
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendError(res, ErrorCode.NotFound, `No route for ${req.method} ${req.path}`);
};

/** body-parser errors carry `type`; everything unexpected is logged and becomes a bare 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof RateLimitedError) res.set('Retry-After', String(error.retryAfterSeconds));
    if (error instanceof LiveShopError) return sendError(res, error.code, error.message);
    const { type, status } = (error ?? {}) as { type?: string; status?: number };
    if (type === 'entity.too.large') return sendError(res, ErrorCode.PayloadTooLarge, 'Request body is too large');
    if (type === 'entity.parse.failed') return sendError(res, ErrorCode.BadRequest, 'Request body is not valid JSON');
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendError(res, ErrorCode.BadRequest, (error as Error).message || 'Bad request');
    }
    logger.error('live-shop: request failed', error);
    sendError(res, ErrorCode.Internal, 'Internal error');
  };
}
