import { updateProductSchema, updateShowSchema } from '@live-shop/protocol/schemas';
import { Router } from 'express';
import type { CatalogService } from '../show/catalog.js';
import { requireAdmin } from './admin.js';
import { jsonBody, parseBody } from './errors.js';

/**
 * Catalog editing (admin key, like creation): `PATCH`/`DELETE /api/shows/:id` and
 * `/api/shows/:id/products/:productId`. The studio edits with its host token over the socket
 * (`product:update`, `product:delete`), through the same CatalogService.
 */
export function catalogRouter(catalog: CatalogService, adminKey: string): Router {
  const router = Router();
  const admin = requireAdmin(adminKey);
  const ids = (params: Record<string, unknown>) => [String(params.id), String(params.productId)] as const;

  router.patch('/api/shows/:id', admin, jsonBody, async (req, res) => {
    const body = parseBody(req, updateShowSchema);
    res.json(await catalog.updateShow(String(req.params.id), body));
  });
  router.delete('/api/shows/:id', admin, async (req, res) => {
    await catalog.deleteShow(String(req.params.id));
    res.status(204).end();
  });
  router.patch('/api/shows/:id/products/:productId', admin, jsonBody, async (req, res) => {
    const body = parseBody(req, updateProductSchema);
    res.json(await catalog.updateProduct(...ids(req.params), body));
  });
  router.delete('/api/shows/:id/products/:productId', admin, async (req, res) => {
    const [showId, productId] = ids(req.params);
    res.json(await catalog.deleteProduct(showId, productId));
  });
  return router;
}
