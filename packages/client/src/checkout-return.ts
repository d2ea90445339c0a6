/**
 * The shopper's way back from a checkout: the checkout appends `CheckoutReturnParam`s to the
 * `returnUrl` (`?live_shop_checkout=success|cancel&live_shop_show=…&live_shop_order=…`). Reads the
 * address only when asked, so importing this needs no DOM.
 */
import { CHECKOUT_RETURN_STATUSES, CheckoutReturnParam, type CheckoutReturnStatus } from '@live-shop/protocol';

/** BroadcastChannel name on which viewers of a show in other tabs of the storefront hear about a finished checkout. */
export const CHECKOUT_CHANNEL = 'live-shop-checkout';

/** What the checkout said when it sent the shopper back. `success` comes from the address alone: not a confirmed payment. */
export interface CheckoutReturn {
  show: string;
  status: CheckoutReturnStatus;
  order: string | null;
}

/** A well-formed `CheckoutReturn` (e.g. a BroadcastChannel message from another tab). */
export function isCheckoutReturn(data: unknown): data is CheckoutReturn {
  const d = data as Partial<CheckoutReturn> | null;
  return typeof d?.show === 'string' && (CHECKOUT_RETURN_STATUSES as readonly unknown[]).includes(d.status);
}

/**
 * The checkout's answer for `show` in an address, if any, and the address without the return
 * parameters (to put in the address bar: a reload or a shared link must not say it again).
 */
export function readCheckoutReturn(href: string, show: string): { found: CheckoutReturn; cleanHref: string } | null {
  const url = new URL(href);
  const q = url.searchParams;
  const found = {
    show: q.get(CheckoutReturnParam.Show),
    status: q.get(CheckoutReturnParam.Status),
    order: q.get(CheckoutReturnParam.Order),
  };
  if (!show || found.show !== show || !isCheckoutReturn(found)) return null;
  for (const name of Object.values(CheckoutReturnParam)) q.delete(name);
  return { found, cleanHref: url.href };
}

/**
 * The checkout's answer for `show` from the page's address, if any; the parameters are removed from
 * the address bar (`history.replaceState`). Null outside a browser.
 */
export function takeCheckoutReturn(show: string): CheckoutReturn | null {
  const { location, history } = globalThis as { location?: Location; history?: History };
  if (!location || !history) return null;
  const back = readCheckoutReturn(location.href, show);
  if (back) history.replaceState(history.state, '', back.cleanHref);
  return back?.found ?? null;
}
