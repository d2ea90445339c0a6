import type { IncomingMessage } from 'node:http';
import express, { type Request } from 'express';

export type TrustProxy = false | number | string | undefined;

/**
 * Express's reading of a raw Node request (a WebSocket upgrade, a Socket.IO handshake): `ip`,
 * `protocol` and `host` under the same `trust proxy` setting as the HTTP routes.
 */
export function expressView(trustProxy: TrustProxy): (raw: IncomingMessage) => Request {
  const settings = express();
  if (trustProxy !== undefined) settings.set('trust proxy', trustProxy);
  return (raw) =>
    Object.create(settings.request, { headers: { value: raw.headers }, socket: { value: raw.socket } }) as Request;
}
