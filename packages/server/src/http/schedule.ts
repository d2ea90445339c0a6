import { ErrorCode, LiveShopError, ScheduleRoute } from '@live-shop/protocol';
import { showListQuerySchema } from '@live-shop/protocol/schemas';
import { Router, type Request } from 'express';
import { showCalendar } from '../schedule/calendar.js';
import { showListPage, showPageUrl, type ScheduleStore } from '../schedule/list.js';
import { renderShowPage, renderShowsPage } from '../schedule/show-page.js';
import type { ShowService } from '../show/service.js';
import { cors } from './cors.js';
import { parseQuery } from './errors.js';
import { requestOrigin } from './origins.js';
import { sendPage } from './pages.js';

export interface ScheduleRouterDeps {
  service: ShowService;
  store: ScheduleStore;
  publicUrl?: string;
  now?: () => number;
}

/**
 * The schedule's public routes: the list of shows (JSON and HTML), a show's calendar file and its
 * page. `GET /api/shows` with an `Authorization` header is the admin listing (api.ts), not this.
 */
export function scheduleRouter({ service, store, publicUrl, now = Date.now }: ScheduleRouterDeps): Router {
  const router = Router();
  const origin = (req: Request) => (publicUrl ?? requestOrigin(req)).replace(/\/$/, '');

  router.all(ScheduleRoute.Shows, cors(null));
  router.get(ScheduleRoute.Shows, async (req, res) => {
    const { cursor, limit } = parseQuery(req, showListQuerySchema);
    res.vary('Authorization').set('Cache-Control', 'no-cache');
    res.json(await showListPage(store, origin(req), cursor ?? null, limit));
  });

  router.all(ScheduleRoute.Calendar, cors(null));
  router.get(ScheduleRoute.Calendar, async (req, res) => {
    const show = await service.requireShow(String(req.params.id));
    if (show.startsAt === null)
      throw new LiveShopError(ErrorCode.InvalidState, 'The show has no start time yet: nothing to put in a calendar');
    const body = showCalendar({
      show,
      url: showPageUrl(origin(req), show.id),
      host: new URL(origin(req)).hostname,
      now: now(),
    });
    res
      .type('text/calendar; charset=utf-8')
      .set({ 'Content-Disposition': `attachment; filename="show-${show.id}.ics"`, 'Cache-Control': 'no-cache' })
      .send(body);
  });

  router.get(ScheduleRoute.ShowPage, async (req, res) => {
    const show = await service.publicShow(String(req.params.id));
    sendPage(req, res, renderShowPage(show, showPageUrl(origin(req), show.id), origin(req)), true);
  });

  router.get(ScheduleRoute.ShowsPage, async (req, res) => {
    const { cursor } = parseQuery(req, showListQuerySchema);
    const { shows, next } = await showListPage(store, origin(req), cursor ?? null, 100);
    sendPage(req, res, renderShowsPage(shows, next), false);
  });

  return router;
}
