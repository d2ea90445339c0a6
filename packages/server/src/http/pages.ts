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
export const sendPage = (req: Request, res: Response, body: string, storefront: boolean) => {
  sdkPageHeaders(req, res, { scriptHashes: inlineScriptHashes(body), storefront });
  res.type('html').set('Cache-Control', 'no-cache').send(body);
};

/** Page templates are read once; they ship inside the package next to dist/. */
const templates = new Map<string, Promise<string>>();
const template = (name: string) => {
  if (!templates.has(name)) templates.set(name, readFile(path.join(publicDir, name), 'utf8'));
  return templates.get(name)!;
};

const GEAR = [
  ['kettle', 'Gooseneck pour-over kettle', '$64.00'],
  ['dripper', 'Ceramic pour-over dripper', '$28.00'],
  ['mug', 'Stoneware tasting mug', '$18.00'],
  ['beans', 'Autumn espresso blend, 340 g', '$19.00'],
];

/** The demo store's category page: the product page's frame, a grid of gear, and the mini-player's resume loader. */
function brewGearPage(storefront: string): string {
  const grid = GEAR.map(
    ([img, title, price]) =>
      `<li><img src="/demo/${img}.svg" alt="" width="160" height="160"><a href="/">${title}</a><span>${price}</span></li>`,
  ).join('');
  return storefront
    .replace(/<title>[^<]*<\/title>/, '<title>Brew gear — Northbound Coffee Co.</title>')
    .replace(
      /<main class="wrap">[\s\S]*<\/main>/,
      `<main class="wrap"><p class="crumbs">Brew gear</p><h1>Brew gear</h1>
  <style>.gear{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:1.5rem;padding:0;list-style:none}
  .gear li{display:grid;gap:.4rem}.gear img{width:100%;height:auto;border-radius:12px;background:#f1e8dc}</style>
  <ul class="gear">${grid}</ul></main>`,
    )
    .replace('src="/sdk/live-shop.js"', 'src="/sdk/resume.js"');
}

export function pagesRouter({ demoShowId }: PagesOptions): Router {
  const router = Router();

  // The studio can start and end shows: never framed (CSP frame-ancestors, X-Frame-Options), no Referer (securityHeaders).
  router.get('/studio', async (req, res) => {
    sendPage(req, res, await template('studio.html'), false);
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
    sendPage(req, res, (await template('storefront.html')).replaceAll('{{SHOW_ID}}', escapeHtml(demoShowId)), true);
  });

  // Another page of the demo store, without the show: a show minimized on `/` keeps playing here (sdk/resume.js).
  router.get('/brew-gear', async (req, res) => {
    if (!demoShowId) return void res.status(404).json({ error: { code: 'not_found', message: 'Not found' } });
    sendPage(req, res, brewGearPage(await template('storefront.html')), true);
  });

  router.use('/demo', express.static(path.join(publicDir, 'demo'), { index: false, redirect: false, maxAge: '1h' }));

  return router;
}
