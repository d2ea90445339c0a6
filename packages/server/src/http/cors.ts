import type { RequestHandler } from 'express';
import type { ClientPolicy } from './client-policy.js';

/**
 * CORS for the routes a storefront on another origin calls (`null`: public, any origin). No cookies
 * are involved, so an allowed origin is simply reflected; a refused one gets no CORS headers and the browser blocks it.
 */
export function cors(
  policy: ClientPolicy | null,
  headers: readonly string[] = [],
  methods: readonly string[] = ['GET', 'POST'],
): RequestHandler {
  const allowHeaders = ['Content-Type', ...headers].join(', ');
  return (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    if (origin && (!policy || policy.allows(req))) {
      res.set('Access-Control-Allow-Origin', policy ? origin : '*');
    }
    if (req.method !== 'OPTIONS') return next();
    res.set({
      'Access-Control-Allow-Methods': methods.join(', '),
      'Access-Control-Allow-Headers': allowHeaders,
      'Access-Control-Max-Age': '600',
    });
    res.status(204).end();
  };
}
