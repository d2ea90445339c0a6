import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PROTOCOL_VERSION } from '@live-shop/protocol';
import express, { Router, type Request, type Response } from 'express';
import { escapeHtml } from './html.js';
import { publicDir, serverVersion } from './paths.js';
import { inlineScriptHashes, sdkPageHeaders } from './security.js';

export interface PagesOptions {
  /** Demo mode: `/` serves the example storefront for this show. */
  demoShowId: string | null;
}

/** A page running the SDK, under a CSP that lets exactly its own inline scripts run. */
const html = (req: Request, res: Response, body: string, storefront: boolean) => {
  sdkPageHeaders(req, res, { scriptHashes: inlineScriptHashes(body), storefront });
  res.type('html').set('Cache-Control', 'no-cache').send(body);
};

/** Page templates are read once; they ship inside the package next to dist/. */
const templates = new Map<string, Promise<string>>();
const template = (name: string) => {
  if (!templates.has(name)) templates.set(name, readFile(path.join(publicDir, name), 'utf8'));
  return templates.get(name)!;
};

export function pagesRouter({ demoShowId }: PagesOptions): Router {
  const router = Router();

  // The studio can start and end shows: never framed (CSP frame-ancestors, X-Frame-Options), no Referer (securityHeaders).
  router.get('/studio', async (req, res) => {
    html(req, res, await template('studio.html'), false);
  });

  router.get('/', async (req, res) => {
    if (!demoShowId) {
      res.json({
        name: '@live-shop/server',
        version: serverVersion,
        protocolVersion: PROTOCOL_VERSION,
        studio: '/studio',
        sdk: '/sdk/live-shop.js',
      });
      return;
    }
    html(req, res, (await template('storefront.html')).replaceAll('{{SHOW_ID}}', escapeHtml(demoShowId)), true);
  });

  router.use('/demo', express.static(path.join(publicDir, 'demo'), { index: false, redirect: false, maxAge: '1h' }));

  return router;
}
