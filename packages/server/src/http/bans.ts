import { ErrorCode, LiveShopError } from '@live-shop/protocol';
import { unbanSchema } from '@live-shop/protocol/schemas';
import { Router } from 'express';
import type { ModerationService } from '../show/moderation.js';
import { requireAdmin } from './admin.js';

/** The admin's view of bans across shows: each show's staff see and lift only their own. */
export function bansRouter(moderation: ModerationService, adminKey: string): Router {
  const router = Router();
  const admin = requireAdmin(adminKey);

  router.get('/api/bans', admin, async (_req, res) => {
    res.json({ bans: await moderation.bans() });
  });
  router.delete('/api/bans/:viewerId', admin, async (req, res) => {
    const parsed = unbanSchema.safeParse({ viewerId: req.params.viewerId });
    if (!parsed.success) throw new LiveShopError(ErrorCode.BadRequest, 'viewerId: 1–200 characters');
    await moderation.liftBan(parsed.data.viewerId);
    res.status(204).end();
  });
  return router;
}
