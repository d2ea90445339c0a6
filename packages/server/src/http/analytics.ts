import type { ShowAnalytics } from '@live-shop/protocol';
import { analyticsQuerySchema } from '@live-shop/protocol/schemas';
import { Router } from 'express';
import { buildAnalytics, analyticsCsv } from '../analytics/report.js';
import type { CommerceService } from '../checkout/commerce.js';
import type { ShowService } from '../show/service.js';
import type { AnalyticsStore, ShowStore } from '../store/store.js';
import { requireAdminOrHost } from './admin.js';
import type { ClientPolicy } from './client-policy.js';
import { cors } from './cors.js';
import { parseQuery } from './errors.js';

export interface AnalyticsRouterDeps {
  service: Pick<ShowService, 'requireShow' | 'access'>;
  commerce: Pick<CommerceService, 'flushCounters'>;
  store: AnalyticsStore & Pick<ShowStore, 'listProducts' | 'listProductsEver'>;
  adminKey: string;
  clientPolicy: ClientPolicy;
  now?: () => number;
}

/** Reads a show's analytics: this node's pending counters are written first, so the figures are current. */
export async function readAnalytics(
  deps: Omit<AnalyticsRouterDeps, 'adminKey' | 'clientPolicy'>,
  showId: string,
): Promise<ShowAnalytics> {
  const show = await deps.service.requireShow(showId);
  await deps.commerce.flushCounters(show.id);
  const [rows, everListed, listed] = await Promise.all([
    deps.store.analytics(show.id),
    deps.store.listProductsEver(show.id),
    deps.store.listProducts(show.id),
  ]);
  return buildAnalytics(show.id, rows, { everListed, listed }, (deps.now ?? Date.now)());
}

/** `GET /api/shows/:id/analytics` (admin or the show's host): JSON, or the minutes as CSV. */
export function analyticsRouter(deps: AnalyticsRouterDeps): Router {
  const router = Router();
  // A studio on an allowed origin sends its host token in the header (no cookies: nothing rides along by itself).
  router.all('/api/shows/:id/analytics', cors(deps.clientPolicy, ['Authorization']));
  router.get('/api/shows/:id/analytics', requireAdminOrHost(deps.adminKey, deps.service.access), async (req, res) => {
    const { format } = parseQuery(req, analyticsQuerySchema);
    const report = await readAnalytics(deps, String(req.params.id));
    // Staff figures: never kept by a shared cache.
    res.set('Cache-Control', 'private, no-store').vary('Accept');
    const csv =
      format === 'csv' || (format === undefined && req.accepts(['application/json', 'text/csv']) === 'text/csv');
    if (!csv) return void res.json(report);
    // Show ids are URL-safe (letters, digits, - and _): the file name needs no escaping.
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="show-${report.showId}-analytics.csv"`)
      .send(analyticsCsv(report));
  });
  return router;
}
