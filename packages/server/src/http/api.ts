import {
  ErrorCode,
  LiveShopError,
  type CreatedShow,
  type CreateProductBody,
  type PublicShow,
  type TimelinePage,
} from '@live-shop/protocol';
import {
  createProductSchema,
  createShowSchema,
  createTokenSchema,
  timelineQuerySchema,
} from '@live-shop/protocol/schemas';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { Router, type Request, type RequestHandler } from 'express';
import { studioPath } from '../show/access.js';
import type { ModerationService } from '../show/moderation.js';
import type { ShowService } from '../show/service.js';
import { requireAdmin } from './admin.js';
import { cors } from './cors.js';
import { requestOrigin } from './origins.js';
import { jsonBody, parseBody, parseQuery } from './errors.js';
import { negotiateEncoding, type SdkEncoding } from './sdk.js';
import { timelineMaxAgeSeconds } from '../show/timeline.js';

/** Where the studio for a show lives; the token rides in the fragment so it never reaches server logs. */
export function studioUrl(origin: string, showId: string, token: string): string {
  return origin + studioPath(showId, token);
}

/** A page's JSON in each coding asked for, made once while the page is cached (replays ask for the same pages). */
const encodedPages = new WeakMap<TimelinePage, Partial<Record<SdkEncoding, Buffer>>>();
function encodedPage(page: TimelinePage, encoding: SdkEncoding): Buffer {
  let codings = encodedPages.get(page);
  if (!codings) encodedPages.set(page, (codings = {}));
  return (codings[encoding] ??= encode(Buffer.from(JSON.stringify(page)), encoding));
}
const encode = (json: Buffer, encoding: SdkEncoding): Buffer =>
  encoding === 'br'
    ? brotliCompressSync(json, {
        params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: json.length },
      })
    : encoding === 'gzip'
      ? gzipSync(json)
      : json;

/** Refuses (bad_request) a product the checkout provider could never charge, before anything is stored. */
export type ProductCheck = (product: CreateProductBody) => Promise<void>;

export function apiRouter(
  service: ShowService,
  moderation: ModerationService,
  adminKey: string,
  checkProduct: ProductCheck = async () => {},
): Router {
  const router = Router();
  const checkProducts = async (products: readonly CreateProductBody[] = []) => {
    for (const [i, product] of products.entries()) {
      await checkProduct(product).catch((error: unknown) => {
        throw error instanceof LiveShopError && error.code === ErrorCode.BadRequest
          ? new LiveShopError(error.code, `products.${i}.${error.message}`)
          : error;
      });
    }
  };
  const admin = requireAdmin(adminKey);
  const withHostAccess = (
    req: Request,
    show: PublicShow,
    hostToken: string,
    hostTokenExpiresAt: number,
  ): CreatedShow => ({
    ...show,
    hostToken,
    hostTokenExpiresAt,
    studioUrl: studioUrl(requestOrigin(req), show.id, hostToken),
  });

  router.post('/api/shows', admin, jsonBody, async (req, res) => {
    const body = parseBody(req, createShowSchema);
    await checkProducts(body.products);
    const { show, hostToken, hostTokenExpiresAt } = await service.createShow(body);
    res.status(201).json(withHostAccess(req, show, hostToken, hostTokenExpiresAt));
  });

  // With Authorization: the admin listing, which includes each show's host token and studio URL (a current one,
  // reused while it has a day left). Without: the public, paginated list (schedule.ts).
  const adminListing: RequestHandler = (req, _res, next) => next(req.get('authorization') ? undefined : 'route');
  router.get('/api/shows', adminListing, admin, async (req, res) => {
    const shows = await service.listShows();
    const withTokens = await Promise.all(
      shows.map(async (show) => {
        const { token, record } = await service.access.hostToken(show.id);
        return withHostAccess(req, show, token, record.expiresAt);
      }),
    );
    res.json({ shows: withTokens });
  });

  // Tokens (admin): mint a host or moderator token, list them, revoke one (its connections close at once).
  router.post('/api/shows/:id/tokens', admin, jsonBody, async (req, res) => {
    const showId = String(req.params.id);
    await service.requireShow(showId);
    const { role, label, hours } = parseBody(req, createTokenSchema);
    const { token, record } = await service.access.issue(showId, role, { label, hours });
    const { id, createdAt, expiresAt } = record;
    res.status(201).json({
      token,
      id,
      role,
      label: record.label,
      createdAt,
      expiresAt,
      studioUrl: studioUrl(requestOrigin(req), showId, token),
    });
  });
  router.get('/api/shows/:id/tokens', admin, async (req, res) => {
    const showId = String(req.params.id);
    await service.requireShow(showId);
    res.json({ tokens: await service.access.list(showId) });
  });
  router.delete('/api/shows/:id/tokens/:tokenId', admin, async (req, res) => {
    await moderation.revokeToken(String(req.params.id), String(req.params.tokenId));
    res.status(204).end();
  });

  // Public data: readable from any origin, like the /sdk bundle. PATCH (catalog.ts) takes the host token
  // from a studio on any origin: the bearer token is the credential (no cookies).
  router.all('/api/shows/:id', cors(null, ['Authorization'], ['GET', 'PATCH']));
  router.get('/api/shows/:id', async (req, res) => {
    res.json(await service.publicShow(String(req.params.id)));
  });

  // The replay timeline: public like the show (no secrets in it), cacheable for as long as a page may be stale.
  router.all('/api/shows/:id/timeline', cors(null));
  router.get('/api/shows/:id/timeline', async (req, res) => {
    const { after, limit } = parseQuery(req, timelineQuerySchema);
    const { page, status } = await service.timeline.page(String(req.params.id), after, limit);
    const encoding = negotiateEncoding(req.get('accept-encoding'));
    res.vary('Accept-Encoding').set({
      'Cache-Control': `public, max-age=${timelineMaxAgeSeconds(status)}`,
      'Content-Type': 'application/json; charset=utf-8',
    });
    if (encoding !== 'identity') res.set('Content-Encoding', encoding);
    // Express derives the ETag from the bytes sent: one per coding, as it must be.
    res.send(encodedPage(page, encoding));
  });

  router.post('/api/shows/:id/products', admin, jsonBody, async (req, res) => {
    const body = parseBody(req, createProductSchema);
    await checkProduct(body);
    res.status(201).json(await service.addProduct(String(req.params.id), body));
  });

  return router;
}
