import type { CheckoutReturnStatus } from '@live-shop/client';

/**
 * What the viewer says when the checkout sends the shopper back. `success` comes from the address
 * alone, before the payment may have settled (delayed methods): no "confirmed".
 */
export const RETURN_TEXT: Readonly<Record<CheckoutReturnStatus, string>> = {
  success: 'Thanks for your order!',
  cancel: 'Checkout cancelled.',
};
