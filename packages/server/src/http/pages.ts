import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatPrice, PROTOCOL_VERSION } from '@live-shop/protocol';
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

function demoCheckoutPage(query: Record<string, unknown>): string {
  const text = (key: string) => (typeof query[key] === 'string' ? (query[key] as string).slice(0, 200) : '');
  const amount = Number(text('amount'));
  const currency = /^[A-Z]{3}$/.test(text('currency')) ? text('currency') : 'USD';
  const price = Number.isInteger(amount) && amount >= 0 && text('amount') ? formatPrice({ amount, currency }, 'en-US') : '';
  const product = text('product') || 'Your product';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo checkout</title>
<style>
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; font: 16px/1.5 system-ui, sans-serif; background: #f4efe8; color: #2b2118; }
  main { background: #fff; border-radius: 16px; padding: 2rem; max-width: 26rem; box-shadow: 0 10px 30px #0000001a; }
  h1 { font-size: 1.25rem; margin: 0 0 1rem; }
  .price { font-size: 1.5rem; font-weight: 700; }
  .note { color: #6b5b4b; font-size: .9rem; }
</style></head>
<body><main>
  <h1>${escapeHtml(product)}</h1>
  ${price ? `<p class="price">${escapeHtml(price)}</p>` : ''}
  <p><strong>Demo checkout</strong> — in production this is your Payment Link / checkout page.</p>
  <p class="note">Nothing is charged here. Close this tab to keep watching the show.</p>
</main></body></html>`;
}

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

  router.get('/demo/checkout', (req, res) => {
    html(res, demoCheckoutPage(req.query as Record<string, unknown>));
  });
  router.use('/demo', express.static(path.join(publicDir, 'demo'), { index: false, redirect: false, maxAge: '1h' }));

  return router;
}
