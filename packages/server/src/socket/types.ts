import type { ClientToServerEvents, Role, ServerToClientEvents } from '@live-shop/protocol';
import type { Server, Socket } from 'socket.io';
import type { Logger } from '../logger.js';
import type { CommerceService } from '../checkout/commerce.js';
import type { ShowService } from '../show/service.js';
import type { SnapshotCache } from '../show/snapshot-cache.js';
import type { ViewerCounts } from './viewers.js';

/** Per-connection state, set by the handshake middleware. */
export interface SocketData {
  showId: string;
  role: Role;
  /** Display name from the handshake or an earlier `chat:send`; null until given. */
  name: string | null;
  /** Times of recently accepted chat messages, for the rate limit. */
  chatTimes: number[];
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type LiveShopIo = Server<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type LiveShopSocket = Socket<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;

export interface SocketDeps {
  service: ShowService;
  commerce: CommerceService;
  viewers: ViewerCounts;
  /** What joins are sent, read once per change of the show (see show/snapshot-cache.ts). */
  snapshots: SnapshotCache;
  logger: Logger;
}

export const showRoom = (showId: string) => `show:${showId}`;
/** Viewers only: the count shoppers see leaves the presenter's own connections out. */
export const viewersRoom = (showId: string) => `show:${showId}:viewers`;
/** Host connections only: sales figures go here, never to viewers. */
export const hostsRoom = (showId: string) => `show:${showId}:hosts`;
