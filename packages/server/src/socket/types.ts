import type { IncomingMessage } from 'node:http';
import type { ClientToServerEvents, Role, ServerToClientEvents } from '@live-shop/protocol';
import type { Server, Socket } from 'socket.io';
import type { Logger } from '../logger.js';
import type { CommerceService } from '../checkout/commerce.js';
import type { Identities } from '../identity.js';
import type { CatalogService } from '../show/catalog.js';
import type { ModerationService } from '../show/moderation.js';
import type { ShowService } from '../show/service.js';
import type { SnapshotCache } from '../show/snapshot-cache.js';
import type { ViewerCounts } from './viewers.js';

/** Per-connection state, set by the handshake middleware. */
export interface SocketData {
  showId: string;
  role: Role;
  /** Display name from the handshake, an earlier `chat:send`, or the merchant's signature; null until given. */
  name: string | null;
  /** Times of recently accepted chat messages, for the rate limit. */
  chatTimes: number[];
  /** Host and moderator connections: the token they came with (revocation closes them). */
  token: { id: string; expiresAt: number } | null;
  /** Viewers: the issued id (`v:…`) and, when the merchant signed an identity, the account (`m:…`). */
  viewerId: string | null;
  accountId: string | null;
  /** The name came signed by the merchant: it cannot be changed from here. */
  verified: boolean;
  /** Viewers: their network as a subject (`a:…`), null when unknown (loopback). */
  address: string | null;
  /** Viewers: a newly issued id without a signed identity, so its address's slow mode and restrictions hold it too. */
  fresh: boolean;
  /** Viewers: what to send back as `auth.viewer` next time (their own, never anyone else's). */
  credential: string | null;
  /** Token bucket for all events of this connection. */
  budget: { tokens: number; at: number };
}

/** Node-to-node notes (through the Redis adapter). */
export interface ServerSideEvents {
  /** A show's moderation rules changed; `*` = every show (a ban). */
  'live-shop:moderation-changed': (showId: string) => void;
  /** A token was revoked: each node closes its own ingest connections that used it. */
  'live-shop:token-revoked': (tokenId: string) => void;
}

export type LiveShopIo = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
export type LiveShopSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;

export interface SocketDeps {
  service: ShowService;
  commerce: CommerceService;
  moderation: ModerationService;
  catalog: CatalogService;
  identities: Identities;
  viewers: ViewerCounts;
  /** What joins are sent, read once per change of the show (see show/snapshot-cache.ts). */
  snapshots: SnapshotCache;
  logger: Logger;
  /** The client's network (`ClientPolicy.addressOf`): null when unknown. */
  addressOf: (req: IncomingMessage) => string | null;
  /** Events per connection; false = unlimited (load tests). */
  eventLimit: { perSecond: number; burst: number } | false;
}

export const showRoom = (showId: string) => `show:${showId}`;
/** Viewers only: the count shoppers see leaves the presenter's own connections out. */
export const viewersRoom = (showId: string) => `show:${showId}:viewers`;
/** Host connections only: sales figures go here, never to viewers. */
export const hostsRoom = (showId: string) => `show:${showId}:hosts`;
/** Hosts and moderators: the moderation state. */
export const staffRoom = (showId: string) => `show:${showId}:staff`;
/** One viewer's connections to one show, by subject id: their restriction notices. */
export const viewerRoom = (showId: string, subject: string) => `show:${showId}:viewer:${subject}`;
/** Connections that authenticated with one token: closed together when it is revoked. */
export const tokenRoom = (tokenId: string) => `token:${tokenId}`;
