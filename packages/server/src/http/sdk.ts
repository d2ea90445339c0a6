import { existsSync } from 'node:fs';
import path from 'node:path';
import { ErrorCode } from '@live-shop/protocol';
import express, { Router } from 'express';
import { notFoundHandler, sendError } from './errors.js';
import { sdkDir as defaultSdkDir } from './paths.js';

/** Content codings the build writes next to each file (scripts/precompress.mjs), best first. */
const PRECOMPRESSED = { br: '.br', gzip: '.gz' } as const;
const ENCODING_OF_EXT: Record<string, keyof typeof PRECOMPRESSED> = { '.br': 'br', '.gz': 'gzip' };
export type SdkEncoding = keyof typeof PRECOMPRESSED | 'identity';

/**
 * The coding to send for an Accept-Encoding header: the highest q among br, gzip and identity, br
 * first on a tie. `q=0` refuses a coding; `*` covers the codings not named; identity is acceptable
 * unless refused (and is what is sent when everything is refused: the file exists in no other form).
 */
export function negotiateEncoding(header: string | undefined): SdkEncoding {
  const q = new Map<string, number>();
  for (const entry of (header ?? '').toLowerCase().split(',')) {
    const [name = '', ...params] = entry.split(';').map((s) => s.trim());
    const qParam = params.find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    if (name && !Number.isNaN(value)) q.set(name === 'x-gzip' ? 'gzip' : name, value);
  }
  const star = q.get('*');
  // Unnamed identity stays acceptable but loses to any coding the client named.
  const weight = (coding: SdkEncoding) => q.get(coding) ?? star ?? (coding === 'identity' ? 0.001 : 0);
  let best: SdkEncoding = 'identity';
  // gzip, then br: at equal q br wins over gzip, and either over identity.
  for (const coding of ['gzip', 'br'] as const) if (weight(coding) > 0 && weight(coding) >= weight(best)) best = coding;
  return best;
}

/** `/sdk/*`: the rollup bundle, loadable as a module script from any storefront origin. */
export function sdkRouter(sdkDir: string = defaultSdkDir): Router {
  const router = Router();
  router.use('/sdk', (req, res, next) => {
    // Module scripts from another origin are fetched in CORS mode.
    res.set({ 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' });
    if (!existsSync(path.join(sdkDir, 'live-shop.js'))) {
      return sendError(res, ErrorCode.Internal, 'SDK bundle not built: run npm run build', 503);
    }
    // The compressed copies are reached only through Accept-Encoding, never by name.
    if (/\.(br|gz)$/.test(req.path)) return notFoundHandler(req, res, next);
    if (req.path.endsWith('.js')) {
      res.vary('Accept-Encoding');
      const encoding = negotiateEncoding(req.get('accept-encoding'));
      const ext = encoding === 'identity' ? '' : PRECOMPRESSED[encoding];
      if (ext && existsSync(inside(sdkDir, req.path + ext))) req.url = req.path + ext + req.url.slice(req.path.length);
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
        const encoding = ENCODING_OF_EXT[path.extname(file)];
        if (encoding) res.set('Content-Encoding', encoding);
        if (/\.m?js(\.br|\.gz)?$/.test(file)) res.set('Content-Type', 'text/javascript; charset=utf-8');
        // Chunk names carry a content hash; the entry keeps its name, so it must be revalidated
        // (its ETag differs per coding: the size is part of it).
        const chunk = path.relative(sdkDir, file).split(path.sep)[0] === 'chunks';
        res.set('Cache-Control', chunk ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
    notFoundHandler,
  );
  return router;
}

/** The file a URL path names below `dir`, or '' when it is malformed or points outside. */
function inside(dir: string, urlPath: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return '';
  }
  const file = path.join(dir, decoded);
  return file.startsWith(path.join(dir, path.sep)) && !decoded.includes('\0') ? file : '';
}
