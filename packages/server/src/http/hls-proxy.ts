import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ErrorCode } from '@live-shop/protocol';
import type { Request, Response } from 'express';
import { HLS_HOP_HEADER, type MediaOwner } from '../video/node-owner.js';
import { sendError } from './errors.js';

/** The owner's answer headers a viewer (or a CDN in front) needs; nothing else crosses. */
const PASSED = ['content-type', 'content-length', 'cache-control', 'access-control-allow-origin'] as const;

/**
 * Issue 16: `/hls/:showId/*` on a node that does not run the show's ffmpeg goes to the node that
 * does. The body streams through; the query (`_HLS_msn`) too, so a blocking reload holds on the
 * owner. No answer within `idleMs` of silence, or no owner to reach: 503 `video_unavailable`, not cached.
 */
export function proxyHls(req: Request, res: Response, owner: MediaOwner, idleMs: number): void {
  const unavailable = (why: string) => {
    if (res.headersSent) return void res.destroy();
    res.set('Cache-Control', 'no-store');
    sendError(res, ErrorCode.VideoUnavailable, `The node running this show's video ${why}`);
  };
  if (!owner.url) return unavailable('has no LIVE_SHOP_NODE_URL: other nodes cannot reach it');
  let target: URL;
  try {
    target = new URL(req.originalUrl, `${owner.url}/`);
  } catch {
    return unavailable('has an invalid LIVE_SHOP_NODE_URL');
  }
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(target, {
    method: 'GET',
    headers: { [HLS_HOP_HEADER]: '1', accept: req.get('accept') ?? '*/*' },
    timeout: idleMs,
  });
  upstream.on('timeout', () => upstream.destroy(new Error('timed out')));
  upstream.on('error', () => unavailable('does not answer'));
  upstream.on('response', (answer: IncomingMessage) => {
    res.status(answer.statusCode ?? 502);
    for (const name of PASSED) {
      const value = answer.headers[name];
      if (value !== undefined) res.set(name, value);
    }
    answer.on('error', () => res.destroy());
    answer.pipe(res);
  });
  // The viewer left (a player gives up a blocking reload): stop asking the owner.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  upstream.end();
}
