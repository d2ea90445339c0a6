import { isIPv6 } from 'node:net';
import type { Request } from 'express';

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
