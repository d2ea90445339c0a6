import type { CreateProductBody, Product } from '@live-shop/protocol';

/** Everything a provider needs to open one checkout. Amounts come from the server's catalog only. */
export interface CheckoutCreateInput {
  /** Our order id: goes into the provider's metadata and client reference for attribution. */
  orderId: string;
  show: { id: string; title: string };
  /** The catalog product (its price is the only price). */
  product: Product;
  quantity: number;
  /** Absolute URLs the provider sends the shopper back to. */
  successUrl: string;
  cancelUrl: string;
  /** The merchant's reference for the shopper (cart or customer id), when the page passed one. */
  shopperRef: string | null;
  /** The viewer's tab session (attribution without cookies), when the viewer sent one. */
  viewerRef: string | null;
  /** Same key → the provider returns the same checkout (a double click opens one session). */
  idempotencyKey: string;
  /** Epoch ms after which an unpaid checkout is released. */
  expiresAt: number;
  /** Absolute origin of this server, to make relative product image URLs absolute. */
  origin: string;
  // Flash deals and coupons (issue 15)
  /** The unit price to charge: the catalog's, or its running deal's (then `product.stripePriceId` is not used). */
  unitAmount?: number;
  /** Taken off the total by a live-shop coupon (`couponCode`), in catalog minor units. */
  discount?: number;
  couponCode?: string | null;
}

export interface CreatedCheckout {
  /** The provider's session id (`cs_…`): webhooks name it. */
  sessionId: string;
  /** Hosted page (or local test checkout) URL; null in embedded mode. */
  url: string | null;
  /** Embedded Checkout: what Stripe.js needs in the browser (both values are public by design). */
  embedded: { clientSecret: string; publishableKey: string } | null;
  expiresAt: number;
}

export type CheckoutEventType = 'completed' | 'async_succeeded' | 'async_failed' | 'expired';

/** A verified webhook, reduced to what orders need. */
export interface CheckoutEvent {
  /** The provider's event id (`evt_…`), recorded so a redelivery applies nothing twice. */
  id: string;
  type: CheckoutEventType;
  sessionId: string;
  /** `completed` only: the money is in (`payment_status` paid / no_payment_required), not pending a delayed method. */
  paid: boolean;
  /** What the provider charged, in the catalog's minor units (not an integer when they cannot express it); null when the event does not say. */
  amountTotal: number | null;
  /** Upper-case ISO currency of `amountTotal`. */
  currency: string | null;
  /** `total_details.amount_discount` (catalog units): coupons and promotion codes applied (issue 15). */
  amountDiscount?: number | null;
  /** From the session's metadata, when present. */
  orderId: string | null;
}

/** Bad, stale or unsigned webhook: answered 400 and nothing is applied. */
export class WebhookSignatureError extends Error {
  override name = 'WebhookSignatureError';
}

/** Delivers one signed event to the server's webhook handler (the same code `/webhooks/stripe` runs). */
export type WebhookSink = (raw: Buffer, signature: string) => Promise<void>;

/**
 * One interface, one file per implementation: `local` (test checkout served by this server) and
 * `stripe` (Stripe Checkout Sessions). The rest of the server only sees this.
 */
export interface CheckoutProvider {
  readonly name: 'local' | 'stripe';
  /** How long an unpaid checkout holds its stock (Stripe's minimum is 30 min, plus a margin). */
  readonly sessionTtlMs: number;
  /** The shortest session it can open (Stripe: 30 min plus a margin): a deal's checkout ends with the deal, but not sooner. */
  readonly minSessionTtlMs?: number;
  create(input: CheckoutCreateInput): Promise<CreatedCheckout>;
  /** Ends an unpaid checkout early; its `expired` event follows through the webhook path. */
  expire(sessionId: string): Promise<void>;
  /**
   * Verifies the signature over the exact bytes received (`t=…,v1=…`, Stripe's scheme for both
   * providers) and maps the event. Throws WebhookSignatureError; null = verified but not an event orders care about.
   */
  parseWebhook(raw: Buffer, signature: string | undefined): CheckoutEvent | null;
  /** When a product is created: throws LiveShopError `bad_request` for one this provider could never charge. */
  checkProduct?(product: CreateProductBody): Promise<void>;
}
