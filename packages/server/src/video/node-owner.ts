import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { VideoStreamRecord } from '../store/store.js';

/**
 * Local video on any node (issue 16): which node runs a show's ffmpeg, kept in the show's video
 * record (`data.owner`) when a media session opens, so the other nodes proxy `/hls` to it.
 */
export interface MediaOwner {
  /** The node's id (`<dataDir>/node-id`, stable across restarts). */
  id: string;
  /** Where the other nodes reach it (`LIVE_SHOP_NODE_URL` or the listening address); null: unreachable. */
  url: string | null;
  /** The media sequence number its session started at, and when (server epoch ms). */
  msn: number;
  at: number;
  /** Its segment length in seconds (bounds how many segments it could have written since `at`). */
  segmentSeconds: number;
}

/** Header a proxied `/hls` request carries: its receiver serves from its own disk, never proxies again. */
export const HLS_HOP_HEADER = 'x-live-shop-hls-hop';

/** `http://<host>:<port>` when the node listens on one concrete address; null for every interface (unknowable). */
export function defaultNodeUrl(host: string | undefined, port: number): string | null {
  if (host === undefined || host === '0.0.0.0' || host === '::' || host === '[::]') return null;
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

/** The node id kept in the data dir: made on first start, the same after every restart. */
export function loadNodeId(dataDir: string): string {
  const file = path.join(dataDir, 'node-id');
  try {
    const id = readFileSync(file, 'utf8').trim();
    if (/^[\w-]{8,64}$/.test(id)) return id;
  } catch {
    // First start: made below.
  }
  const id = randomUUID();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${id}\n`, { mode: 0o600 });
  return id;
}

/** The owner a local video record names, or null (a record from before issue 16, or none). */
export function mediaOwner(record: VideoStreamRecord | null): MediaOwner | null {
  const owner = record?.provider === 'local' ? (record.data.owner as Partial<MediaOwner> | undefined) : undefined;
  if (typeof owner?.id !== 'string' || typeof owner.msn !== 'number' || typeof owner.at !== 'number') return null;
  return {
    id: owner.id,
    url: typeof owner.url === 'string' ? owner.url : null,
    msn: owner.msn,
    at: owner.at,
    segmentSeconds: typeof owner.segmentSeconds === 'number' && owner.segmentSeconds > 0 ? owner.segmentSeconds : 0.25,
  };
}

/**
 * Where a node taking over a show from `previous` (dead, or cut off) starts numbering: above every
 * segment the previous owner can have listed. Segments are at least `segmentSeconds` long (key
 * frames are forced on that grid) and media comes in real time, so `elapsed / segmentSeconds` bounds
 * them; twice that, plus one per session end, covers a publisher that sent a burst of buffered media.
 */
export function takeoverMsn(previous: MediaOwner, now: number): number {
  const elapsed = Math.max(0, now - previous.at) / 1000;
  return previous.msn + Math.ceil((2 * elapsed) / previous.segmentSeconds) + 2;
}
