import type { AttributionSource, ClientToServerEvents, Role, ServerToClientEvents } from '@live-shop/protocol';
import type { Server, Socket } from 'socket.io';

/** Per-connection state, set by the handshake middleware. */
export interface SocketData {
  showId: string;
  role: Role;
  /** Display name from the handshake, an earlier `chat:send`, or the merchant's signature; null until given. */
  name: string | null;
  /** Times of recently accepted chat messages, for the rate limit. */
  chatTimes: number[];
  /** Host, moderator and guest connections: the token they came with (revocation closes them). */
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
  /** Viewers: what they watch (analytics only): live, or the show's replay or a clip of it. */
  source: AttributionSource | null;
  /** Token bucket for all events of this connection. */
  budget: { tokens: number; at: number };
  /** Token bucket for `stage:signal` (host and guests), made on first use. */
  signalBudget?: { tokens: number; at: number };
  /** Token bucket of reaction taps (`REACTION_LIMITS`), made on the first tap. */
  reactionBudget?: { tokens: number; at: number };
}

/** Node-to-node notes (through the Redis adapter). */
export interface ServerSideEvents {
  /** A show's moderation rules changed; `*` = every show (a ban). */
  'live-shop:moderation-changed': (showId: string) => void;
  /** A token was revoked: each node closes its own ingest connections that used it. */
  'live-shop:token-revoked': (tokenId: string) => void;
  /** One node's own viewers of a show (on change and on a heartbeat; 0 when it has none left). */
  'live-shop:viewers': (node: string, showId: string, count: number) => void;
  /** A node lives (its media owner id, every `NODE_HEARTBEAT_MS`): see video/orphans.ts. */
  'live-shop:node': (nodeId: string) => void;
}

export type LiveShopIo = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
export type LiveShopSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;

export const showRoom = (showId: string) => `show:${showId}`;
/** Viewers only: the count shoppers see leaves the presenter's own connections out. */
export const viewersRoom = (showId: string) => `show:${showId}:viewers`;
/** Host connections only: sales figures go here, never to viewers. */
export const hostsRoom = (showId: string) => `show:${showId}:hosts`;
/** Hosts and moderators: the moderation state. */
export const staffRoom = (showId: string) => `show:${showId}:staff`;
/** One viewer's connections to one show, by subject id: their restriction notices. */
export const viewerRoom = (showId: string, subject: string) => `show:${showId}:viewer:${subject}`;
/** Host, moderators and guests: `stage:state`. */
export const stageRoom = (showId: string) => `show:${showId}:stage`;
/** One host studio or guest connection (its peer id is its socket id): where `stage:signal` for it goes. */
export const peerRoom = (showId: string, role: 'host' | 'guest', peer: string) => `peer:${showId}:${role}:${peer}`;
/** Connections that authenticated with one token: closed together when it is revoked. */
export const tokenRoom = (tokenId: string) => `token:${tokenId}`;
