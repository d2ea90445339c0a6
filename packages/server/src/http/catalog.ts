import { updateProductSchema, updateShowSchema } from '@live-shop/protocol/schemas';
import { Router } from 'express';
import type { CatalogService } from '../show/catalog.js';
import type { ShowAccess } from '../show/access.js';
import { requireAdmin, requireAdminOrHost } from './admin.js';
import { jsonBody, parseBody } from './errors.js';

/**
 * Catalog editing (admin key, like creation; `PATCH /api/shows/:id` also the show's host token): `PATCH`/`DELETE /api/shows/:id` and
 * `/api/shows/:id/products/:productId`. The studio edits with its host token over the socket
 * (`product:update`, `product:delete`), through the same CatalogService.
 */
export function catalogRouter(catalog: CatalogService, adminKey: string, access: Pick<ShowAccess, 'verify'>): Router {
  const router = Router();
  const admin = requireAdmin(adminKey);
  const ids = (params: Record<string, unknown>) => [String(params.id), String(params.productId)] as const;

  // The show's host may edit it too (title, schedule, settings: what the studio edits before going live).
  router.patch('/api/shows/:id', requireAdminOrHost(adminKey, access), jsonBody, async (req, res) => {
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
