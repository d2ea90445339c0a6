import { PROTOCOL_VERSION } from '@live-shop/protocol';
import express, { type Express } from 'express';
import type { Logger } from '../logger.js';
import type { ShowService } from '../show/service.js';
import { apiRouter } from './api.js';
import { checkoutRouter } from './checkout.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { pagesRouter } from './pages.js';
import { serverVersion } from './paths.js';
import { sdkRouter } from './sdk.js';

export interface HttpDeps {
  service: ShowService;
  adminKey: string;
  allowedOrigins: readonly string[] | null;
  demoShowId: string | null;
  sdkDir?: string;
  logger: Logger;
}

export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });

  app.get('/health', (_req, res) => {
    res.json({ ok: true, version: serverVersion, protocolVersion: PROTOCOL_VERSION });
  });
  app.use(checkoutRouter(deps.service, deps.allowedOrigins));
  app.use(apiRouter(deps.service, deps.adminKey));
  app.use(sdkRouter(deps.sdkDir));
  app.use(pagesRouter({ demoShowId: deps.demoShowId }));

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
