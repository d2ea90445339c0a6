import type { IncomingMessage } from 'node:http';
import type { MinuteCounters } from '../analytics/minutes.js';
import type { CommerceService } from '../checkout/commerce.js';
import type { DealService } from '../checkout/deals.js';
import type { Identities } from '../identity.js';
import type { Logger } from '../logger.js';
import type { CatalogService } from '../show/catalog.js';
import type { ModerationService } from '../show/moderation.js';
import type { ReactionService } from '../show/reactions.js';
import type { BannerService } from '../show/banners.js';
import type { PollService } from '../show/polls.js';
import type { ShowService } from '../show/service.js';
import type { SnapshotCache } from '../show/snapshot-cache.js';
import type { StageService } from '../show/stage.js';
import type { IceServer, IngestInfo } from '@live-shop/protocol';
import type { IngestContext } from '../video/provider.js';
import type { SimulcastService } from '../video/simulcast.js';
import type { ViewerCounts } from './viewers.js';

/** What the socket handlers work with (`attachSocketHandlers` gets it from `createLiveShopServer`). */
export interface SocketDeps {
  service: ShowService;
  commerce: CommerceService;
  moderation: ModerationService;
  catalog: CatalogService;
  /** Flash deals (issue 15). */
  deals: DealService;
  identities: Identities;
  viewers: ViewerCounts;
  /** This node's per-minute analytics: viewers joining and leaving, per source. */
  minutes: Pick<MinuteCounters, 'joined' | 'left'>;
  /** Reaction taps, summed per show and window. */
  reactions: ReactionService;
  /** Polls; the announcement banner and Q&A. */
  polls: PollService;
  banners: BannerService;
  /** Co-hosts: the stage list and layout of each show. */
  stage: StageService;
  /** `LIVE_SHOP_ICE_SERVERS`: STUN/TURN for the stage's WebRTC peers, in host and guest snapshots only. */
  iceServers: readonly IceServer[];
  /** What joins are sent, read once per change of the show (see show/snapshot-cache.ts). */
  snapshots: SnapshotCache;
  logger: Logger;
  /** The client's network (`ClientPolicy.addressOf`): null when unknown. */
  addressOf: (req: IncomingMessage) => string | null;
  /** Events per connection; false = unlimited (load tests). */
  eventLimit: { perSecond: number; burst: number } | false;
  // RTMP in and simulcast out (issue 15)
  /** Simulcast destinations and forwarders; null with the Mux provider. */
  simulcast?: SimulcastService | null;
  /** A new local RTMP stream key; absent with the Mux provider. */
  rotateIngestKey?: (showId: string, context: IngestContext) => Promise<IngestInfo | null>;
}
