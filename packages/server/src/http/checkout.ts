import { ErrorCode, LiveShopError } from '@live-shop/protocol';
import { Router } from 'express';
import { z } from 'zod';
import type { ShowService } from '../show/service.js';
import { cors } from './cors.js';
import { jsonBody, parseBody } from './errors.js';

const checkoutSchema = z.object({
  productId: z.string().min(1).max(64),
  quantity: z.number().int().min(1).max(99).default(1),
});

/**
 * `POST /api/shows/:id/checkout` → `{url}`. For now the URL is the catalog product's own
 * `checkoutUrl` (e.g. a Stripe Payment Link); the local and Stripe checkout providers replace this file's body.
 */
export function checkoutRouter(service: ShowService, allowedOrigins: readonly string[] | null): Router {
  const router = Router();
  router.all('/api/shows/:id/checkout', cors(allowedOrigins));
  router.post('/api/shows/:id/checkout', jsonBody, async (req, res) => {
    const { productId, quantity } = parseBody(req, checkoutSchema);
    // The price and link always come from the server's catalog, never from the request.
    const product = await service.requireProduct((await service.requireShow(String(req.params.id))).id, productId);
    if (product.stock !== null && product.stock < quantity) {
      throw new LiveShopError(ErrorCode.InvalidState, product.stock === 0 ? 'Sold out' : `Only ${product.stock} left`);
    }
    if (!product.checkoutUrl) throw new LiveShopError(ErrorCode.InvalidState, 'This product has no checkout configured');
    res.json({ url: product.checkoutUrl });
  });
  return router;
}
