import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * What storefronts on other origins load from this server: the SDK and its chunks (module scripts),
 * HLS media (hls.js), the public and checkout API, the demo's product images, `/health`. Everything else keeps
 * helmet's `Cross-Origin-Resource-Policy: same-origin`.
 */
const CROSS_ORIGIN_PREFIXES = ['/sdk/', '/hls/', '/api/', '/demo/'];
/** Cross-origin too: a storefront's client reads from it whether its origin may connect. */
const HEALTH_PATH = '/health';

/** One year: browsers ignore HSTS over plain http, and it is only sent over https anyway. */
const HSTS_MAX_AGE_S = 365 * 24 * 60 * 60;

type Directives = Record<string, readonly string[]>;

/** Serializes CSP directives; `upgrade-insecure-requests` only over https (over http it would break same-origin loads). */
function cspHeader(directives: Directives, req: Pick<Request, 'secure'>): string {
  const parts = Object.entries(directives).map(([name, values]) => [name, ...values].join(' '));
  if (req.secure) parts.push('upgrade-insecure-requests');
  return parts.join('; ');
}

/** Anything that is not one of our pages (JSON, scripts, media, images): nothing runs, nothing frames it. */
const RESOURCE_CSP: Directives = {
  'default-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

/**
 * Helmet on every response. Per page, `sdkPageHeaders` and `checkoutPageHeaders` replace the CSP.
 * - Referrer-Policy `no-referrer`: nothing here needs a Referer, and checkout/studio URLs are capabilities.
 * - X-Frame-Options `DENY` (+ CSP frame-ancestors): the viewer is a component, not an iframe; nothing of ours is framed.
 * - COOP `same-origin`; no COEP (it would demand CORP from the merchant's product images and Stripe/Mux).
 */
export function securityHeaders(): RequestHandler {
  const base = helmet({
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: false,
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
  // Without includeSubDomains: the operator's other hosts are not ours to pin to https.
  const hsts = helmet.strictTransportSecurity({ maxAge: HSTS_MAX_AGE_S, includeSubDomains: false });
  return (req, res, next) => {
    base(req, res, (error) => {
      if (error) return next(error);
      res.set('Content-Security-Policy', cspHeader(RESOURCE_CSP, req));
      const crossOrigin =
        req.path === HEALTH_PATH || CROSS_ORIGIN_PREFIXES.some((prefix) => req.path.startsWith(prefix));
      res.set('Cross-Origin-Resource-Policy', crossOrigin ? 'cross-origin' : 'same-origin');
      // `req.secure` honours LIVE_SHOP_TRUST_PROXY (X-Forwarded-Proto): HSTS is only meaningful over TLS.
      if (req.secure) hsts(req, res, next);
      else next();
    });
  };
}

/** `'sha256-…'` sources for a page's inline scripts, so they run under a CSP without 'unsafe-inline'. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(attributes!)) continue;
    hashes.push(`'sha256-${createHash('sha256').update(body!).digest('base64')}'`);
  }
  return hashes;
}

/** Stripe's embedded Checkout (Stripe.js and its frames), for a storefront page that may open it. */
const STRIPE = {
  script: ['https://js.stripe.com'],
  frame: [
    'https://js.stripe.com',
    'https://*.js.stripe.com',
    'https://checkout.stripe.com',
    'https://hooks.stripe.com',
  ],
};

export interface SdkPageOptions {
  /** The page's inline scripts (`inlineScriptHashes`). */
  scriptHashes: readonly string[];
  /** A storefront: plays video (hls.js from blob: workers and MSE, or Mux's CDN), may open Stripe's embedded Checkout, opens checkout tabs. */
  storefront: boolean;
}

/**
 * A page running the SDK from /sdk (the studio, the demo storefront). Scripts: this server and the
 * page's own inline ones only. Images from anywhere (merchants host their product images).
 */
export function sdkPageHeaders(req: Request, res: Response, { scriptHashes, storefront }: SdkPageOptions): void {
  const directives: Directives = {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...scriptHashes, ...(storefront ? STRIPE.script : [])],
    // Inline <style> in the page; Lit and Mux Player add style elements at run time.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ['*', 'data:', 'blob:'],
    // 'self' covers the same-origin Socket.IO and ingest WebSockets; Mux video and Stripe need https.
    'connect-src': storefront ? ["'self'", 'https:'] : ["'self'"],
    'media-src': storefront ? ["'self'", 'blob:', 'https:'] : ["'self'", 'blob:', 'mediastream:'],
    'worker-src': ["'self'", 'blob:'],
    'frame-src': storefront ? STRIPE.frame : ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  res.set('Content-Security-Policy', cspHeader(directives, req));
  // A storefront opens checkout tabs and Stripe's popups: keep them, but not pages that open it.
  if (storefront) res.set('Cross-Origin-Opener-Policy', 'same-origin-allow-popups');
}

/**
 * The test checkout and return pages: no script at all, inline styles, product images from anywhere.
 * `returnTo`: where Pay/Cancel's redirects lead (Chromium applies form-action to the redirect too).
 */
export function checkoutPageHeaders(req: Request, res: Response, returnTo: readonly string[] = []): void {
  const origins = returnTo.filter((url) => /^https?:\/\//.test(url)).map((url) => new URL(url).origin);
  const directives: Directives = {
    'default-src': ["'none'"],
    'style-src': ["'unsafe-inline'"],
    'img-src': ['*', 'data:'],
    'form-action': ["'self'", ...new Set(origins)],
    'base-uri': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  res.set('Content-Security-Policy', cspHeader(directives, req));
}
