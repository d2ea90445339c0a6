import { existsSync } from 'node:fs';
import path from 'node:path';
import { ErrorCode } from '@live-shop/protocol';
import express, { Router } from 'express';
import { notFoundHandler, sendError } from './errors.js';
import { sdkDir as defaultSdkDir } from './paths.js';

/** `/sdk/*`: the rollup bundle, loadable as a module script from any storefront origin. */
export function sdkRouter(sdkDir: string = defaultSdkDir): Router {
  const router = Router();
  router.use('/sdk', (_req, res, next) => {
    // Module scripts from another origin are fetched in CORS mode.
    res.set({ 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' });
    if (!existsSync(path.join(sdkDir, 'live-shop.js'))) {
      return sendError(res, ErrorCode.Internal, 'SDK bundle not built: run npm run build', 503);
    }
    next();
  });
  router.use(
    '/sdk',
    express.static(sdkDir, {
      index: false,
      redirect: false,
      dotfiles: 'ignore',
      setHeaders(res, file) {
        if (/\.m?js$/.test(file)) res.set('Content-Type', 'text/javascript; charset=utf-8');
        // Chunk names carry a content hash; the entry keeps its name, so it must be revalidated.
        const chunk = path.relative(sdkDir, file).split(path.sep)[0] === 'chunks';
        res.set('Cache-Control', chunk ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
    notFoundHandler,
  );
  return router;
}
