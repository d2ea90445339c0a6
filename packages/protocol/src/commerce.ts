/** Catalog and commerce payloads: prices, products, orders, sales, checkout. */
import type { AttributionSource } from './names.js';

export interface Price {
  /** Integer minor units (cents). */
  amount: number;
  /** ISO 4217, upper case. */
  currency: string;
}

/**
 * A flash deal on a product: `price` (same currency, below the list price) is charged in checkouts
 * created before `endsAt`; `at` is when staff set it (server clock), so viewers show it in step with
 * their picture, like pins.
 */
export interface Deal {
  price: Price;
  endsAt: number;
  at: number;
}

export interface Product {
  id: string;
  showId: string;
  title: string;
  description: string;
  imageUrl: string | null;
  price: Price;
  checkoutUrl: string | null;
  stripePriceId: string | null;
  /** Units left; null means unlimited. */
  stock: number | null;
  // Flash deals and per-buyer limits (issue 15): absent when not set
  /** The running (or just ended) flash deal; charged only in checkouts created before `endsAt`. */
  deal?: Deal;
  /** Most units one buyer (signed viewer id) may hold in open checkouts plus paid orders. */
  limitPerBuyer?: number;
}

export const ORDER_STATUSES = ['pending', 'paid', 'failed', 'expired'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Something about a paid order needs the merchant: `oversold` = paid after its reservation was
 * released and no stock was left; `amount_mismatch` = the provider charged another amount than the catalog's.
 */
export type OrderFlag = 'oversold' | 'amount_mismatch';

/** An order as the host and the admin API see it (no shopper data beyond the merchant's own ref). */
export interface OrderSummary {
  id: string;
  productId: string;
  quantity: number;
  /** Total: the catalog's unit price (or the deal's) × quantity at checkout time, less any discount. */
  amount: Price;
  // Coupons (issue 15)
  /** Taken off by a coupon (ours or a Stripe promotion code), in the order's currency; 0 when none. */
  discount?: number;
  coupon?: string | null;
  status: OrderStatus;
  flag: OrderFlag | null;
  /** `local` or `stripe`. */
  provider: string;
  createdAt: number;
  updatedAt: number;
}

/** Funnel of one product in one show. */
export interface ProductSales {
  productId: string;
  /** Viewers who were shown the pinned product (viewers present at the pin + viewers joining while pinned). */
  impressions: number;
  /** Buy now presses, including those a merchant's own cart took over. */
  buyClicks: number;
  /** Checkouts created. */
  checkouts: number;
  /** Paid orders. */
  orders: number;
  units: number;
  revenue: Price;
}

/** `show:sales` (host only) and `GET /api/shows/:id/stats` (admin). */
export interface SalesSummary {
  totals: {
    impressions: number;
    buyClicks: number;
    checkouts: number;
    orders: number;
    units: number;
    /** One entry per currency sold in. */
    revenue: Price[];
    /** Paid orders / buy clicks; null before the first click. */
    conversion: number | null;
  };
  /** In catalog order. */
  products: ProductSales[];
  /** Newest first, at most `LIMITS.recentOrders`. */
  recent: OrderSummary[];
  at: number;
}

/** `POST /api/shows/:id/checkout` body. There is no price: the server's catalog is the only price. */
export interface CheckoutRequest {
  productId: string;
  /** 1…`LIMITS.quantityMax`, default 1. */
  quantity?: number;
  /** The storefront page to come back to after paying or cancelling (must be an allowed origin). */
  returnUrl?: string;
  /** The merchant's own reference for the shopper (cart or customer id), kept on the order. */
  shopperRef?: string;
  /** The viewer's browsing session (a random id per tab, no cookie): attributes the sale to the show's audience. */
  viewerRef?: string;
  /** Same key → same checkout: a double click opens one checkout, not two. */
  idempotencyKey?: string;
  /**
   * Where the shopper watched, kept on the order for analytics: `clip` is taken as said; otherwise the
   * server decides from the show (`replay` once it ended, `live` before).
   */
  source?: AttributionSource;
  // Per-buyer limits and coupons (issue 15)
  /** The viewer's `you.credential` (the SDK sends it): who buys, for `limitPerBuyer`. */
  viewer?: string;
  /** A coupon code of this show (`POST /api/shows/:id/coupons`). */
  coupon?: string;
}

/** `POST /api/shows/:id/checkout` answer. */
export interface CheckoutSession {
  /** Null for products with their own `checkoutUrl` (no order is tracked for those). */
  orderId: string | null;
  provider: string;
  /** Where to send the shopper (hosted page or the local test checkout); null in embedded mode. */
  url: string | null;
  /** Stripe embedded Checkout: mount it with Stripe.js in a modal over the video. */
  embedded: { clientSecret: string; publishableKey: string } | null;
  /** When an unpaid checkout is released (epoch ms); null when not tracked. */
  expiresAt: number | null;
}

/**
 * The Stripe API version the reference server pins, and the Stripe.js that mounts its embedded
 * checkouts: Stripe.js majors are paired with API releases (`….endive` → js.stripe.com/endive/).
 */
export const STRIPE_API_VERSION = '2026-10-28.endive';
export const STRIPE_JS_URL = `https://js.stripe.com/${STRIPE_API_VERSION.split('.')[1]}/stripe.js`;

/** Digits of a currency's minor unit as `Intl` defines them (what `Price.amount` counts in): USD 2, JPY 0, KWD 3. */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Formats integer minor units for display, e.g. {amount: 1999, currency: 'EUR'} → "€19.99". */
export function formatPrice(price: Price, locale?: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: price.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(price.amount / 10 ** digits);
}
