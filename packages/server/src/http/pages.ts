import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PROTOCOL_VERSION } from '@live-shop/protocol';
import express, { Router, type Response } from 'express';
import { escapeHtml } from './html.js';
import { publicDir, serverVersion } from './paths.js';

export interface PagesOptions {
  /** Demo mode: `/` serves the example storefront for this show. */
  demoShowId: string | null;
}

const html = (res: Response, body: string) => res.type('html').set('Cache-Control', 'no-cache').send(body);

/** Page templates are read once; they ship inside the package next to dist/. */
const templates = new Map<string, Promise<string>>();
const template = (name: string) => {
  if (!templates.has(name)) templates.set(name, readFile(path.join(publicDir, name), 'utf8'));
  return templates.get(name)!;
};

export function pagesRouter({ demoShowId }: PagesOptions): Router {
  const router = Router();

  router.get('/studio', async (_req, res) => {
    // The studio can start and end shows: never let another site frame it.
    res.set({ 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer' });
    html(res, await template('studio.html'));
  });

  router.get('/', async (_req, res) => {
    if (!demoShowId) {
      res.json({ name: '@live-shop/server', version: serverVersion, protocolVersion: PROTOCOL_VERSION, studio: '/studio', sdk: '/sdk/live-shop.js' });
      return;
    }
    html(res, (await template('storefront.html')).replaceAll('{{SHOW_ID}}', escapeHtml(demoShowId)));
  });

  router.use('/demo', express.static(path.join(publicDir, 'demo'), { index: false, redirect: false, maxAge: '1h' }));

  return router;
}
