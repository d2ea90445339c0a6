import { ErrorCode } from '@live-shop/protocol';
import express, { Router } from 'express';
import type { Logger } from '../logger.js';
import type { MuxClipCutter } from '../video/mux-clips.js';
import type { MuxProvider } from '../video/mux.js';
import { sendError } from './errors.js';
import { refuseWhenSpent, type AddressBudget } from './rate-limit.js';

export const MUX_WEBHOOK_PATH = '/webhooks/mux';

export interface MuxWebhookDeps {
  /** The Mux provider, or null when Mux is not configured (the route then answers 503). */
  mux: Pick<MuxProvider, 'webhooksEnabled' | 'verifyWebhook' | 'applyWebhook'> | null;
  /** Clips' assets (passthrough `live-shop-clip:<id>`): their events settle clips and never reach the show logic. */
  clips?: Pick<MuxClipCutter, 'applyWebhook'> | null;
  logger: Logger;
  /** Bad signatures per address: beyond the budget, refused before the body is read. */
  badSignatures?: AddressBudget;
}

/**
 * `POST /webhooks/mux`. The signature covers the exact bytes Mux sent, so this router reads the raw
 * body itself: mount it before any JSON body parser.
 */
export function muxWebhookRouter({ mux, clips, logger, badSignatures }: MuxWebhookDeps): Router {
  const router = Router();
  router.post(
    MUX_WEBHOOK_PATH,
    refuseWhenSpent(badSignatures),
    express.raw({ type: '*/*', limit: '1mb' }),
    async (req, res, next) => {
      try {
        if (!mux)
          return sendError(
            res,
            ErrorCode.VideoUnavailable,
            'Mux is not configured on this server (set MUX_TOKEN_ID and MUX_TOKEN_SECRET)',
          );
        if (!mux.webhooksEnabled)
          return sendError(res, ErrorCode.VideoUnavailable, 'MUX_WEBHOOK_SECRET is not set: Mux webhooks are refused');
        if (!Buffer.isBuffer(req.body)) {
          return sendError(
            res,
            ErrorCode.BadRequest,
            'Webhook body must be the raw bytes Mux sent (a JSON parser ran before this route)',
          );
        }
        let event;
        try {
          event = await mux.verifyWebhook(req.body.toString('utf8'), req.headers);
        } catch (error) {
          badSignatures?.charge(req);
          return sendError(res, ErrorCode.BadRequest, `Invalid Mux webhook: ${(error as Error).message}`);
        }
        if (typeof event?.id !== 'string' || typeof event.type !== 'string') {
          return sendError(res, ErrorCode.BadRequest, 'Invalid Mux webhook: missing id or type');
        }
        const outcome = (await clips?.applyWebhook(event)) ?? (await mux.applyWebhook(event));
        if (outcome !== 'applied') logger.info(`live-shop: mux webhook ${event.type} ${event.id} ${outcome}`);
        res.json({ received: true, outcome });
      } catch (error) {
        next(error);
      }
    },
  );
  return router;
}
