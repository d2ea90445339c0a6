import type { Request, RequestHandler } from 'express';

/** This server's origin as the caller reached it (absolute URLs in answers and redirects). */
export const requestOrigin = (req: Request) => `${req.protocol}://${req.host}`;

/** null = any origin. Requests without an Origin header (curl, servers, same-origin GETs) are always fine. */
export function originAllowed(allowedOrigins: readonly string[] | null, origin: string | undefined): boolean {
  return !origin || !allowedOrigins || allowedOrigins.includes(origin);
}

/**
 * CORS for the routes a storefront on another origin calls. No cookies are involved, so an
 * allowed origin is simply reflected; a disallowed one gets no CORS headers and the browser blocks it.
 */
export function cors(allowedOrigins: readonly string[] | null): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    if (origin && originAllowed(allowedOrigins, origin)) {
      res.set('Access-Control-Allow-Origin', allowedOrigins ? origin : '*');
    }
    if (req.method !== 'OPTIONS') return next();
    res.set({
      'Access-Control-Allow-Methods': 'GET, POST',
      'Access-Control-Allow-Headers': 'Content-Type',
      'Access-Control-Max-Age': '600',
    });
    res.status(204).end();
  };
}
