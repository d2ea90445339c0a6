import { ClipRoute } from '@live-shop/protocol';
import { createClipSchema } from '@live-shop/protocol/schemas';
import { Router, type RequestHandler } from 'express';
import type { ClipService } from '../show/clips.js';
import type { ShowAccess } from '../show/access.js';
import { bearer, checkAdminOrHost } from './admin.js';
import { cors } from './cors.js';
import { jsonBody, parseBody } from './errors.js';

export interface ClipsRouterDeps {
  clips: ClipService;
  access: Pick<ShowAccess, 'verify'>;
  adminKey: string;
}

/**
 * Clips: cut (admin or the show's host), read and list (public: a product page embeds them from any
 * origin), delete (admin or host). The body is parsed after the credentials are checked.
 */
export function clipsRouter({ clips, access, adminKey }: ClipsRouterDeps): Router {
  const router = Router();
  const hostOrAdmin: RequestHandler = async (req, _res, next) => {
    await checkAdminOrHost(req, adminKey, access, String(req.params.id));
    next();
  };
  router.post(ClipRoute.ShowClips, hostOrAdmin, jsonBody, async (req, res) => {
    res.status(201).json(await clips.create(String(req.params.id), parseBody(req, createClipSchema)));
  });
  router.all(ClipRoute.ShowClips, cors(null));
  router.get(ClipRoute.ShowClips, async (req, res) => {
    res.set('Cache-Control', 'no-cache').json({ clips: await clips.list(String(req.params.id)) });
  });
  router.delete(ClipRoute.Clip, async (req, res) => {
    bearer(req);
    const clip = await clips.require(String(req.params.clip));
    await checkAdminOrHost(req, adminKey, access, clip.showId);
    await clips.delete(clip);
    res.status(204).end();
  });
  router.all(ClipRoute.Clip, cors(null));
  router.get(ClipRoute.Clip, async (req, res) => {
    res.set('Cache-Control', 'no-cache').json(await clips.view(String(req.params.clip)));
  });
  return router;
}
