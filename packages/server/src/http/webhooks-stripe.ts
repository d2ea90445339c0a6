import { ErrorCode } from '@live-shop/protocol';
import express, { Router } from 'express';
import { WebhookSignatureError } from '../checkout/provider.js';
import type { CommerceService } from '../checkout/commerce.js';
import type { Logger } from '../logger.js';
import { sendError } from './errors.js';
import { refuseWhenSpent, type AddressBudget } from './rate-limit.js';

export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe';

/**
 * `POST /webhooks/stripe`: checkout events, from Stripe or from the local test checkout (same
 * signature scheme). The signature covers the exact bytes sent, so this reads the raw body itself:
 * mount it before any JSON parser.
 */
export function stripeWebhookRouter({
  commerce,
  logger,
  badSignatures,
}: {
  commerce: CommerceService;
  logger: Logger;
  badSignatures?: AddressBudget;
}): Router {
  const router = Router();
  // An address that sent too many forgeries is refused before its body is read.
  router.post(
    STRIPE_WEBHOOK_PATH,
    refuseWhenSpent(badSignatures),
    express.raw({ type: '*/*', limit: '1mb' }),
    async (req, res, next) => {
      try {
        const { outcome, event } = await commerce.receiveWebhook(req.body as Buffer, req.get('stripe-signature'));
        if (outcome !== 'paid' && outcome !== 'expired')
          logger.info(`live-shop: checkout webhook ${event?.type ?? 'event'} ${event?.id ?? ''} ${outcome}`);
        res.json({ received: true, outcome });
      } catch (error) {
        if (error instanceof WebhookSignatureError) {
          badSignatures?.charge(req);
          return sendError(res, ErrorCode.BadRequest, `Invalid webhook: ${error.message}`);
        }
        next(error);
      }
    },
  );
  return router;
}
