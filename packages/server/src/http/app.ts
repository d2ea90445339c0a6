import { PROTOCOL_VERSION } from '@live-shop/protocol';
import express, { type Express } from 'express';
import type { Logger } from '../logger.js';
import type { ModerationService } from '../show/moderation.js';
import type { ShowService } from '../show/service.js';
import { apiRouter } from './api.js';
import type { CommerceService } from '../checkout/commerce.js';
import { LocalCheckoutProvider } from '../checkout/local.js';
import { checkoutRouter } from './checkout.js';
import { localCheckoutRouter } from './checkout-pages.js';
import type { LocalVideoProvider } from '../video/local.js';
import type { MuxProvider } from '../video/mux.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { hlsRouter } from './hls.js';
import { muxWebhookRouter } from './webhooks-mux.js';
import { stripeWebhookRouter } from './webhooks-stripe.js';
import { pagesRouter } from './pages.js';
import { serverVersion } from './paths.js';
import { sdkRouter } from './sdk.js';

export interface HttpDeps {
  service: ShowService;
  commerce: CommerceService;
  moderation: ModerationService;
  adminKey: string;
  allowedOrigins: readonly string[] | null;
  demoShowId: string | null;
  sdkDir?: string;
  logger: Logger;
  /** The local video provider, whose HLS output is served at /hls (null with a hosted provider). */
  localVideo?: LocalVideoProvider | null;
  /** The Mux provider when configured; its webhooks are verified with MUX_WEBHOOK_SECRET. */
  mux?: MuxProvider | null;
  /** Units one client address may put into checkouts per minute. */
  unitsPerMinute?: number;
  publicUrl?: string;
  /** Express `trust proxy`: the shopper's address and scheme from X-Forwarded-* behind a proxy. */
  trustProxy?: boolean | number | string;
}

export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  app.use((_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });

  // Webhooks first: they need the raw body, before any JSON parser touches it.
  app.use(muxWebhookRouter({ mux: deps.mux ?? null, logger: deps.logger }));
  app.use(stripeWebhookRouter({ commerce: deps.commerce, logger: deps.logger }));
  app.get('/health', (_req, res) => {
    res.json({ ok: true, version: serverVersion, protocolVersion: PROTOCOL_VERSION });
  });
  app.use(checkoutRouter({ service: deps.service, commerce: deps.commerce, adminKey: deps.adminKey, allowedOrigins: deps.allowedOrigins, unitsPerMinute: deps.unitsPerMinute, publicUrl: deps.publicUrl }));
  if (deps.commerce.provider instanceof LocalCheckoutProvider) app.use(localCheckoutRouter(deps.commerce.provider));
  app.use(apiRouter(deps.service, deps.moderation, deps.adminKey));
  app.use(sdkRouter(deps.sdkDir));
  if (deps.localVideo) app.use(hlsRouter(deps.localVideo));
  app.use(pagesRouter({ demoShowId: deps.demoShowId }));

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
