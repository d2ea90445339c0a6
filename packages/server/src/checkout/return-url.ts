import { CheckoutReturnParam, ErrorCode, LiveShopError, type CheckoutReturnStatus } from '@live-shop/protocol';
import type { CheckoutContext } from './context.js';

/**
 * The storefront page to come back to, or null for this server's own return page. Only allowed
 * origins (`LIVE_SHOP_ALLOWED_ORIGINS`, else this server's own origin): never one derived from the request's Host header.
 */
export function checkReturnUrl(returnUrl: string | undefined, ctx: CheckoutContext): string | null {
  if (returnUrl === undefined) return null;
  let url: URL;
  try {
    url = new URL(returnUrl);
  } catch {
    throw new LiveShopError(ErrorCode.BadRequest, 'returnUrl: not a URL');
  }
  const allowed = ctx.allowedOrigins === null || ctx.allowedOrigins.includes(url.origin);
  if (!/^https?:$/.test(url.protocol) || !allowed)
    throw new LiveShopError(ErrorCode.BadRequest, 'returnUrl: origin not allowed');
  url.hash = '';
  return url.href;
}

/** `base` (absolute, or a path on this server) with the live_shop_* return parameters. */
export function withReturnParams(base: string, status: CheckoutReturnStatus, showId: string, orderId: string): string {
  const relative = base.startsWith('/');
  const url = new URL(base, 'http://relative.invalid');
  for (const name of Object.values(CheckoutReturnParam)) url.searchParams.delete(name);
  url.searchParams.set(CheckoutReturnParam.Status, status);
  url.searchParams.set(CheckoutReturnParam.Show, showId);
  url.searchParams.set(CheckoutReturnParam.Order, orderId);
  url.hash = '';
  return relative ? `${url.pathname}${url.search}` : url.href;
}
