import { ClipRoute, ErrorCode, PROTOCOL_VERSION, SOCKET_PATH } from '@live-shop/protocol';
import express, { type Express } from 'express';
import type { Logger } from '../logger.js';
import type { ModerationService } from '../show/moderation.js';
import type { ShowService } from '../show/service.js';
import { ADMIN_FAILURES } from './admin.js';
import { analyticsRouter, type AnalyticsRouterDeps } from './analytics.js';
import { apiRouter } from './api.js';
import { bansRouter } from './bans.js';
import { catalogRouter } from './catalog.js';
import { couponsRouter } from './coupons.js';
import type { DealService } from '../checkout/deals.js';
import { clipsRouter } from './clips.js';
import type { ClipService } from '../show/clips.js';
import type { ClipCutter } from '../video/clip-cutter.js';
import { MuxClipCutter } from '../video/mux-clips.js';
import type { CatalogService } from '../show/catalog.js';
import type { ClientPolicy } from './client-policy.js';
import type { TrustProxy } from './raw-request.js';
import type { CommerceService } from '../checkout/commerce.js';
import { LocalCheckoutProvider } from '../checkout/local.js';
import { checkoutRouter } from './checkout.js';
import { localCheckoutRouter } from './checkout-pages.js';
import type { LocalVideoProvider } from '../video/local.js';
import type { MuxProvider } from '../video/mux.js';
import { errorHandler, notFoundHandler, sendError } from './errors.js';
import { hlsRouter } from './hls.js';
import { muxWebhookRouter } from './webhooks-mux.js';
import { stripeWebhookRouter } from './webhooks-stripe.js';
import { pagesRouter } from './pages.js';
import { serverVersion } from './paths.js';
import { AddressBudget, limit } from './rate-limit.js';
import { securityHeaders } from './security.js';
import { sdkRouter } from './sdk.js';
import { scheduleRouter } from './schedule.js';
import type { ScheduleStore } from '../schedule/list.js';
import { pushRouter } from './push.js';
import type { PushReminders } from '../push/reminders.js';
import type { PushStore } from '../store/push-queries.js';

export interface HttpDeps {
  service: ShowService;
  commerce: CommerceService;
  moderation: ModerationService;
  catalog: CatalogService;
  /** Coupon codes (issue 15). */
  deals: DealService;
  adminKey: string;
  /** Which origins may call, and the per-address limits (`createLiveShopServer` builds it from the config). */
  clientPolicy: ClientPolicy;
  demoShowId: string | null;
  sdkDir?: string;
  logger: Logger;
  /** The local video provider, whose HLS output is served at /hls (null with a hosted provider). */
  localVideo?: LocalVideoProvider | null;
  /** The Mux provider when configured; its webhooks are verified with MUX_WEBHOOK_SECRET. */
  mux?: MuxProvider | null;
  /** Clips of ended shows (cut by `clipCutter`); Mux clip webhooks go to the cutter when it is Mux's. */
  clips: ClipService;
  clipCutter?: ClipCutter | null;
  /** Units one client address may put into checkouts per minute. */
  unitsPerMinute?: number;
  publicUrl?: string;
  /** Express `trust proxy`: the shopper's address and scheme from X-Forwarded-* behind a proxy (never `true`). */
  trustProxy?: TrustProxy;
  /** The analytics report's queries (`GET /api/shows/:id/analytics`). */
  analyticsStore: AnalyticsRouterDeps['store'];
  /** Schedule: the public list of shows (`GET /api/shows`, `/shows`). */
  scheduleStore: ScheduleStore;
  /** Web Push reminders (null: off, their routes answer push_unavailable). */
  push?: PushReminders | null;
  pushStore?: PushStore;
  now?: () => number;
}

export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  // Socket.IO's long-polling requests reach this app too (engine.io answers them on the same server): hands off.
  app.use((req, _res, next) => {
    if (!req.url.startsWith(`${SOCKET_PATH}/`)) next();
  });
  app.use(securityHeaders());
  // No address takes a NUL character (%00): PostgreSQL's text cannot hold one, so a route's query would fail with a 500.
  app.use((req, res, next) => {
    if (req.url.includes('%00'))
      sendError(res, ErrorCode.BadRequest, 'The address must not contain a NUL character (%00)');
    else next();
  });
  const { limits } = deps.clientPolicy;
  // requireAdmin finds it here, whichever router mounts it.
  app.locals[ADMIN_FAILURES] = new AddressBudget(limits.adminFailuresPerMinute, 'wrong admin keys');
  // One budget per route: a flood of forged Mux webhooks must not refuse Stripe's deliveries, nor the other way round.
  const badSignatures = (sender: string) =>
    new AddressBudget(limits.badWebhooksPerMinute, `${sender} webhooks with a bad signature`);

  // Webhooks first: they need the raw body, before any JSON parser touches it.
  app.use(
    muxWebhookRouter({
      mux: deps.mux ?? null,
      clips: deps.clipCutter instanceof MuxClipCutter ? deps.clipCutter : null,
      logger: deps.logger,
      badSignatures: badSignatures('Mux'),
    }),
  );
  app.use(
    stripeWebhookRouter({ commerce: deps.commerce, logger: deps.logger, badSignatures: badSignatures('checkout') }),
  );
  // Readable from any page (CORS *, and CORP cross-origin in security.ts): a storefront whose socket is
  // refused learns here that its origin is why. It says so for the asking page's own origin only.
  app.get('/health', (req, res) => {
    res.set({ 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' });
    const origin = req.get('origin') ? { originAllowed: deps.clientPolicy.allows(req) } : {};
    res.json({ ok: true, version: serverVersion, protocolVersion: PROTOCOL_VERSION, ...origin });
  });
  app.use(
    checkoutRouter({
      service: deps.service,
      commerce: deps.commerce,
      adminKey: deps.adminKey,
      clientPolicy: deps.clientPolicy,
      unitsPerMinute: deps.unitsPerMinute,
      publicUrl: deps.publicUrl,
    }),
  );
  if (deps.commerce.provider instanceof LocalCheckoutProvider)
    app.use(localCheckoutRouter(deps.commerce.provider, deps.now));
  app.get('/api/shows/:id', limit(new AddressBudget(limits.publicReadsPerMinute, 'requests')));
  // Schedule: the public list and pages read a page of shows each; the admin listing (Authorization) is not counted.
  const scheduleReads = limit(new AddressBudget(limits.publicReadsPerMinute, 'schedule reads'));
  app.get(['/api/shows', '/api/shows/:id/calendar.ics', '/shows', '/shows/:id'], (req, res, next) =>
    req.get('authorization') ? next() : scheduleReads(req, res, next),
  );
  // Clips are read by product pages (and polled while one is cut): one budget for both routes.
  const clipReads = limit(new AddressBudget(limits.publicReadsPerMinute, 'clip reads'));
  app.get([ClipRoute.Clip, ClipRoute.ShowClips], clipReads);
  app.get('/api/shows/:id/timeline', limit(new AddressBudget(limits.timelineReadsPerMinute, 'timeline pages')));
  app.use(apiRouter(deps.service, deps.moderation, deps.adminKey, (product) => deps.commerce.checkProduct(product)));
  app.use(catalogRouter(deps.catalog, deps.adminKey, deps.service.access));
  app.use(couponsRouter(deps.deals, deps.adminKey));
  app.use(
    scheduleRouter({ service: deps.service, store: deps.scheduleStore, publicUrl: deps.publicUrl, now: deps.now }),
  );
  app.use(clipsRouter({ clips: deps.clips, access: deps.service.access, adminKey: deps.adminKey }));
  app.use(analyticsRouter({ ...deps, store: deps.analyticsStore }));
  app.use(bansRouter(deps.moderation, deps.adminKey));
  if (deps.pushStore)
    app.use(
      pushRouter({
        push: deps.push ?? null,
        store: deps.pushStore,
        service: deps.service,
        clientPolicy: deps.clientPolicy,
        allowLoopbackEndpoints: deps.push?.allowsLoopback,
        publicUrl: deps.publicUrl,
        now: deps.now,
      }),
    );
  app.use(sdkRouter(deps.sdkDir));
  if (deps.localVideo) app.use(hlsRouter(deps.localVideo));
  app.use(pagesRouter({ demoShowId: deps.demoShowId }));

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
