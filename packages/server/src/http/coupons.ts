import { CouponRoute } from '@live-shop/protocol';
import { createCouponSchema } from '@live-shop/protocol/schemas';
import { Router } from 'express';
import type { DealService } from '../checkout/deals.js';
import { requireAdmin } from './admin.js';
import { jsonBody, parseBody } from './errors.js';

/**
 * Coupon codes per show (issue 15), admin key only: create, list, disable. Shoppers enter a code at
 * checkout (`coupon` in `POST /api/shows/:id/checkout`, or the local test checkout's code field).
 */
export function couponsRouter(deals: DealService, adminKey: string): Router {
  const router = Router();
  const admin = requireAdmin(adminKey);
  router.post(CouponRoute.List, admin, jsonBody, async (req, res) => {
    const body = parseBody(req, createCouponSchema);
    res.status(201).json(await deals.createCoupon(String(req.params.id), body));
  });
  router.get(CouponRoute.List, admin, async (req, res) => {
    res.json({ coupons: await deals.listCoupons(String(req.params.id)) });
  });
  router.delete(CouponRoute.Disable, admin, async (req, res) => {
    await deals.disableCoupon(String(req.params.id), String(req.params.code));
    res.status(204).end();
  });
  return router;
}
