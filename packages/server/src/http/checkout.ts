import { CheckoutRoute, ErrorCode, LiveShopError } from '@live-shop/protocol';
import { buyClickSchema, checkoutRequestSchema } from '@live-shop/protocol/schemas';
import { Router } from 'express';
import type { CommerceService } from '../checkout/commerce.js';
import type { ShowService } from '../show/service.js';
import { requireAdmin } from './admin.js';
import { checkoutReturnPage } from './checkout-pages.js';
import type { ClientPolicy } from './client-policy.js';
import { cors } from './cors.js';
import { requestOrigin } from './origins.js';
import { jsonBody, parseBody } from './errors.js';
import { AddressBudget, addressKey } from './rate-limit.js';

export interface CheckoutRouterDeps {
  service: ShowService;
  commerce: CommerceService;
  adminKey: string;
  clientPolicy: ClientPolicy;
  /**
   * Units one client address may put into checkouts per minute (default 20). Each checkout holds its
   * units until paid or expired: without a cap one script could hold a whole live drop.
   */
  unitsPerMinute?: number;
  /** Public origin (`LIVE_SHOP_PUBLIC_URL`) for absolute URLs; default: the request's. */
  publicUrl?: string;
}

/**
 * `POST /api/shows/:id/checkout` → CheckoutSession (the price comes from the catalog only),
 * `POST /api/shows/:id/clicks` (a Buy now a merchant's cart took over), `GET /api/shows/:id/stats` (admin).
 */
export function checkoutRouter({
  service,
  commerce,
  adminKey,
  clientPolicy,
  unitsPerMinute = 20,
  publicUrl,
}: CheckoutRouterDeps): Router {
  const router = Router();
  const showId = (id: unknown) => String(id);
  const units = new AddressBudget(unitsPerMinute, 'checkouts');
  // Counters, not stock: looser, but anonymous writes still need a ceiling.
  const clicks = new AddressBudget(Math.max(60, unitsPerMinute * 3), 'clicks');

  router.all([CheckoutRoute.Start, CheckoutRoute.Clicks, CheckoutRoute.CancelOrder], cors(clientPolicy));
  router.post(CheckoutRoute.Start, jsonBody, async (req, res) => {
    const body = parseBody(req, checkoutRequestSchema);
    units.take(req, body.quantity);
    const ctx = {
      origin: publicUrl ?? requestOrigin(req),
      allowedOrigins: clientPolicy.returnOrigins(req),
      address: addressKey(req),
    };
    res.json(await commerce.startCheckout(showId(req.params.id), body, ctx));
  });
  router.post(CheckoutRoute.Clicks, jsonBody, async (req, res) => {
    const { productId, source } = parseBody(req, buyClickSchema);
    clicks.take(req);
    await commerce.countBuyClick(showId(req.params.id), productId, source);
    res.status(204).end();
  });
  // The embedded checkout was closed unpaid: release its hold now rather than at expiry.
  router.post(CheckoutRoute.CancelOrder, async (req, res) => {
    if ((await commerce.cancel(String(req.params.order), showId(req.params.id))) === null)
      throw new LiveShopError(ErrorCode.NotFound, 'Order not found');
    res.status(204).end();
  });
  // Every checkout's cancel link (Stripe's back link, the local page's Cancel): release, then back to the storefront.
  router.get(CheckoutRoute.CancelPage, async (req, res) => {
    const back = await commerce.cancel(String(req.params.order));
    if (back === null) throw new LiveShopError(ErrorCode.NotFound, 'Checkout not found');
    res.redirect(303, back);
  });

  // Mounted with either provider: a checkout without returnUrl comes back here from Stripe as well.
  router.get(CheckoutRoute.ReturnPage, checkoutReturnPage(commerce.provider.name === 'local'));

  router.get('/api/shows/:id/stats', requireAdmin(adminKey), async (req, res) => {
    const show = await service.requireShow(showId(req.params.id));
    res.json(await commerce.summary(show.id));
  });
  return router;
}
