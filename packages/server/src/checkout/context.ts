/** How the shopper reached this server, to build absolute URLs and check where they may return to. */
export interface CheckoutContext {
  origin: string;
  allowedOrigins: readonly string[] | null;
  /** The shopper's address (`addressKey`): what the hold caps count per; null = not capped (internal callers). */
  address?: string | null;
}
