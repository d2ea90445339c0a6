/**
 * The commerce plane's HTTP routes and the parameters a checkout sends the shopper back with: one
 * definition for the server's routes and for every client (`@live-shop/client`, the elements).
 */

/** Route patterns, Express style (`:id` the show id, `:order` an order id); fill one with `routePath`. */
export const CheckoutRoute = {
  /** `POST` a `CheckoutRequest` → `CheckoutSession`. Open to the allowed origins (CORS). */
  Start: '/api/shows/:id/checkout',
  /** `POST {productId, quantity}` → 204: a Buy now press the server's checkout never saw (the merchant's cart took it). */
  Clicks: '/api/shows/:id/clicks',
  /** `POST` → 204: an embedded checkout was closed unpaid; its stock hold is released now, not at expiry. */
  CancelOrder: '/api/shows/:id/orders/:order/cancel',
  /** `GET`: the server's own return page, for checkouts started without a `returnUrl`. */
  ReturnPage: '/checkout/return',
  /** `GET`: a checkout's cancel link; releases the hold, then redirects back to the storefront. */
  CancelPage: '/checkout/cancel/:order',
} as const;
export type CheckoutRoute = (typeof CheckoutRoute)[keyof typeof CheckoutRoute];

/** The `:name` parameters of a route pattern. */
export type RouteParams<R extends string> = R extends `${string}:${infer P}/${infer Rest}`
  ? P | RouteParams<`/${Rest}`>
  : R extends `${string}:${infer P}`
    ? P
    : never;

/** A route with its parameters filled in (URI-encoded), e.g. `routePath(CheckoutRoute.Start, {id: show})`. */
export function routePath<R extends string>(route: R, params: Record<RouteParams<R>, string>): string {
  return route.replace(/:(\w+)/g, (_, name: string) =>
    encodeURIComponent((params as Record<string, string>)[name] ?? ''),
  );
}

/** Query parameters the checkout appends to `returnUrl` (or its own return page) when it sends the shopper back. */
export const CheckoutReturnParam = {
  /** `success` or `cancel` (see `CHECKOUT_RETURN_STATUSES`). */
  Status: 'live_shop_checkout',
  /** The show id the checkout was started from. */
  Show: 'live_shop_show',
  /** The order id. */
  Order: 'live_shop_order',
} as const;

/** `success` comes from the address alone, before a delayed payment method may have settled. */
export const CHECKOUT_RETURN_STATUSES = ['success', 'cancel'] as const;
export type CheckoutReturnStatus = (typeof CHECKOUT_RETURN_STATUSES)[number];
