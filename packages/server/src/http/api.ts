import type { CreatedShow, PublicShow } from '@live-shop/protocol';
import { createProductSchema, createShowSchema } from '@live-shop/protocol/schemas';
import { Router, type Request } from 'express';
import type { ShowService } from '../show/service.js';
import { requireAdmin } from './admin.js';
import { cors, requestOrigin } from './cors.js';
import { jsonBody, parseBody } from './errors.js';

/** Where the studio for a show lives; the token rides in the fragment so it never reaches server logs. */
export function studioUrl(origin: string, showId: string, hostToken: string): string {
  return `${origin}/studio?show=${encodeURIComponent(showId)}#token=${encodeURIComponent(hostToken)}`;
}

export function apiRouter(service: ShowService, adminKey: string): Router {
  const router = Router();
  const admin = requireAdmin(adminKey);
  const withHostAccess = (req: Request, show: PublicShow): CreatedShow => {
    const hostToken = service.hostToken(show.id);
    return { ...show, hostToken, studioUrl: studioUrl(requestOrigin(req), show.id, hostToken) };
  };

  router.post('/api/shows', admin, jsonBody, async (req, res) => {
    const { show } = await service.createShow(parseBody(req, createShowSchema));
    res.status(201).json(withHostAccess(req, show));
  });

  // Admin-only, so it may include each show's host token and studio URL.
  router.get('/api/shows', admin, async (req, res) => {
    const shows = await service.listShows();
    res.json({ shows: shows.map((show) => withHostAccess(req, show)) });
  });

  // Public data: readable from any origin, like the /sdk bundle.
  router.all('/api/shows/:id', cors(null));
  router.get('/api/shows/:id', async (req, res) => {
    res.json(await service.publicShow(String(req.params.id)));
  });

  router.post('/api/shows/:id/products', admin, jsonBody, async (req, res) => {
    res.status(201).json(await service.addProduct(String(req.params.id), parseBody(req, createProductSchema)));
  });

  return router;
}
