import type { LiveShopServerConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { CheckoutSessionStore } from '../store/store.js';
import { LocalCheckoutProvider } from './local.js';
import type { CheckoutProvider, WebhookSink } from './provider.js';
import { StripeCheckoutProvider } from './stripe.js';

export { CommerceService } from './commerce.js';
export { LocalCheckoutProvider } from './local.js';
export type { CheckoutProvider } from './provider.js';
export { StripeCheckoutProvider } from './stripe.js';

/** Stripe keys → Stripe Checkout; otherwise the local test checkout, which needs no account. */
export function createCheckoutProvider(
  config: LiveShopServerConfig,
  deps: { store: CheckoutSessionStore; logger: Logger; webhookSecret: string; deliver: WebhookSink },
): CheckoutProvider {
  const sessionTtlMs = config.checkout?.sessionTtlMs;
  if (config.stripe) return new StripeCheckoutProvider({ ...config.stripe, sessionTtlMs }, deps.logger);
  return new LocalCheckoutProvider({
    store: deps.store,
    webhookSecret: deps.webhookSecret,
    deliver: deps.deliver,
    sessionTtlMs,
    now: config.now,
  });
}
