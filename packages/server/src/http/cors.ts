import { isIPv6 } from 'node:net';
import type { Request, RequestHandler } from 'express';
import type { ClientPolicy } from './client-policy.js';

/** This server's origin as the caller reached it (absolute URLs in answers and redirects). */
export const requestOrigin = (req: Pick<Request, 'protocol' | 'host'>) => `${req.protocol}://${req.host}`;

/**
 * The origins of this server's own pages as the connection actually reached it: the local address and
 * port of its socket (a loopback address also as `localhost`), never the `Host` header, which any
 * script outside a browser can forge.
 */
export function reachedOrigins(req: Pick<Request, 'socket'>): string[] {
  const { localAddress, localPort } = req.socket;
  if (!localAddress || !localPort) return [];
  const ip = localAddress.replace(/^::ffff:(?=\d+\.)/, '');
  const hosts = [isIPv6(ip) ? `[${ip}]` : ip, ...(ip === '::1' || ip.startsWith('127.') ? ['localhost'] : [])];
  // Through URL: port 80 drops out, as in a browser's Origin.
  return hosts.map((host) => new URL(`http://${host}:${localPort}`).origin);
}

/**
 * CORS for the routes a storefront on another origin calls (`null`: public, any origin). No cookies
 * are involved, so an allowed origin is simply reflected; a refused one gets no CORS headers and the browser blocks it.
 */
export function cors(policy: ClientPolicy | null): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    if (origin && (!policy || policy.allows(req))) {
      res.set('Access-Control-Allow-Origin', policy ? origin : '*');
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
