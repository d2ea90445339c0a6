/** Query params the checkout appends to `returnUrl` when it sends the shopper back. */
const STATUS_PARAM = 'live_shop_checkout';
const SHOW_PARAM = 'live_shop_show';
const ORDER_PARAM = 'live_shop_order';

/** Viewers of one show in other tabs of this storefront hear about a finished checkout here. */
export const CHECKOUT_CHANNEL = 'live-shop-checkout';

/** `success` comes from the address alone, before the payment may have settled (delayed methods): no "confirmed". */
export const RETURN_TEXT = {
  success: 'Thanks for your order!',
  cancel: 'Checkout cancelled.',
} as const;

export interface CheckoutReturn {
  show: string;
  status: keyof typeof RETURN_TEXT;
  order: string | null;
}

export function isCheckoutReturn(data: unknown): data is CheckoutReturn {
  const d = data as Partial<CheckoutReturn> | null;
  return typeof d?.show === 'string' && (d.status === 'success' || d.status === 'cancel');
}

/**
 * The checkout's answer for this show from the page's address, if any; the params are removed
 * from the address bar (a reload or a shared link must not say it again).
 */
export function takeCheckoutReturn(show: string): CheckoutReturn | null {
  const url = new URL(location.href);
  const q = url.searchParams;
  const found = { show: q.get(SHOW_PARAM), status: q.get(STATUS_PARAM), order: q.get(ORDER_PARAM) };
  if (!show || found.show !== show || !isCheckoutReturn(found)) return null;
  for (const name of [STATUS_PARAM, SHOW_PARAM, ORDER_PARAM]) q.delete(name);
  history.replaceState(history.state, '', url.href);
  return found;
}
