import { ErrorCode, LiveShopError } from '@live-shop/protocol';
import { buyClickSchema, checkoutRequestSchema } from '@live-shop/protocol/schemas';
import { Router, type RequestHandler } from 'express';
import { CHECKOUT_RETURN_PATH, type CommerceService } from '../checkout/commerce.js';
import type { ShowService } from '../show/service.js';
import { requireAdmin } from './admin.js';
import { checkoutReturnPage } from './checkout-pages.js';
import { cors, requestOrigin } from './cors.js';
import { jsonBody, parseBody } from './errors.js';

export interface CheckoutRouterDeps {
  service: ShowService;
  commerce: CommerceService;
  adminKey: string;
  allowedOrigins: readonly string[] | null;
  /** Checkouts one client address may start per minute (each holds stock for the session's life). */
  checkoutsPerMinute?: number;
}

/**
 * Every checkout holds stock until it is paid or expires: without a cap one script could hold the
 * whole stock of a live drop. Counts per client address in a sliding minute.
 */
function checkoutLimit(perMinute: number): RequestHandler {
  const hits = new Map<string, number[]>();
  return (req, _res, next) => {
    const now = Date.now();
    const key = req.ip ?? 'unknown';
    const recent = (hits.get(key) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= perMinute) throw new LiveShopError(ErrorCode.RateLimited, 'Too many checkouts from this address: wait a minute');
    recent.push(now);
    hits.set(key, recent);
    if (hits.size > 10_000) for (const [k, times] of hits) if (times.every((t) => now - t >= 60_000)) hits.delete(k);
    next();
  };
}

/**
 * `POST /api/shows/:id/checkout` → CheckoutSession (the price comes from the catalog only),
 * `POST /api/shows/:id/clicks` (a Buy now a merchant's cart took over), `GET /api/shows/:id/stats` (admin).
 */
export function checkoutRouter({ service, commerce, adminKey, allowedOrigins, checkoutsPerMinute = 20 }: CheckoutRouterDeps): Router {
  const router = Router();
  const showId = (id: unknown) => String(id);

  router.all(['/api/shows/:id/checkout', '/api/shows/:id/clicks'], cors(allowedOrigins));
  router.post('/api/shows/:id/checkout', checkoutLimit(checkoutsPerMinute), jsonBody, async (req, res) => {
    const body = parseBody(req, checkoutRequestSchema);
    res.json(await commerce.startCheckout(showId(req.params.id), body, { origin: requestOrigin(req), allowedOrigins }));
  });
  router.post('/api/shows/:id/clicks', jsonBody, async (req, res) => {
    const { productId } = parseBody(req, buyClickSchema);
    await commerce.countBuyClick(showId(req.params.id), productId);
    res.status(204).end();
  });

  // Mounted with either provider: a checkout without returnUrl comes back here from Stripe as well.
  router.get(CHECKOUT_RETURN_PATH, checkoutReturnPage(commerce.provider.name === 'local'));

  router.get('/api/shows/:id/stats', requireAdmin(adminKey), async (req, res) => {
    const show = await service.requireShow(showId(req.params.id));
    res.json(await commerce.summary(show.id));
  });
  return router;
}
