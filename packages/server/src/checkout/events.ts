import Stripe from 'stripe';
import type { CheckoutEvent, CheckoutEventType } from './provider.js';
import { WebhookSignatureError } from './provider.js';

/** Signatures older than this are stale (Stripe's default tolerance). */
export const WEBHOOK_TOLERANCE_S = 300;

const TYPES: Record<string, CheckoutEventType> = {
  'checkout.session.completed': 'completed',
  'checkout.session.async_payment_succeeded': 'async_succeeded',
  'checkout.session.async_payment_failed': 'async_failed',
  'checkout.session.expired': 'expired',
};

/** The parts of a Checkout Session object that orders read. */
interface SessionObject {
  id?: unknown;
  payment_status?: unknown;
  amount_total?: unknown;
  currency?: unknown;
  metadata?: { orderId?: unknown } | null;
  total_details?: { amount_discount?: unknown } | null;
}

/**
 * Verifies a Stripe-scheme signature (`Stripe-Signature: t=…,v1=HMAC-SHA256(secret, t + "." + body)`)
 * over the raw bytes and maps checkout.session.* events. Both providers use it: the local test
 * checkout signs its events the same way.
 */
export function parseSignedEvent(raw: Buffer, signature: string | undefined, secret: string): CheckoutEvent | null {
  if (!Buffer.isBuffer(raw))
    throw new WebhookSignatureError('body must be the raw bytes received (a JSON parser ran first)');
  if (!signature) throw new WebhookSignatureError('missing Stripe-Signature header');
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(raw, signature, secret, WEBHOOK_TOLERANCE_S);
  } catch (error) {
    throw new WebhookSignatureError((error as Error).message);
  }
  const type = TYPES[event.type];
  if (!type) return null;
  const session = (event.data?.object ?? {}) as SessionObject;
  if (typeof event.id !== 'string' || typeof session.id !== 'string')
    throw new WebhookSignatureError('event without id or session id');
  const discount = session.total_details?.amount_discount;
  const paid = session.payment_status === 'paid' || session.payment_status === 'no_payment_required';
  return {
    id: event.id,
    type,
    sessionId: session.id,
    paid: type === 'completed' ? paid : type === 'async_succeeded',
    amountTotal: typeof session.amount_total === 'number' ? session.amount_total : null,
    currency: typeof session.currency === 'string' ? session.currency.toUpperCase() : null,
    orderId: typeof session.metadata?.orderId === 'string' ? session.metadata.orderId : null,
    // Coupons and promotion codes (issue 15): only when something was taken off.
    ...(typeof discount === 'number' && discount > 0 && { amountDiscount: discount }),
  };
}
