/** Socket and REST payloads: snapshots, chat, moderation, video, the typed event maps. */

import type { Price, Product, SalesSummary } from './commerce.js';
import type { AttributionSource } from './names.js';
import type { ProductDealPayload } from './deals.js';
import type {
  ReactionAck,
  ReactionCounts,
  ReactionCountsPayload,
  ReactionKind,
  ReactionSendPayload,
} from './reactions.js';
import type { ErrorCode, Role, ShowStatus } from './names.js';
// polls, Q&A and the announcement banner
import type {
  AnnouncementPayload,
  AnnouncementSetPayload,
  Poll,
  PollRef,
  PollResultsPayload,
  PollStartPayload,
  PollStatePayload,
  PollVote,
  PollVotePayload,
  QuestionRef,
} from './polls.js';
// Simulcast out (issue 15)
import type {
  SimulcastAddPayload,
  SimulcastEnablePayload,
  SimulcastListPayload,
  SimulcastRefPayload,
  SimulcastStatus,
} from './simulcast.js';
// Schedule (issue 15).
import type { ShowScheduleInfo, Trailer } from './schedule.js';
import type {
  GuestInfo,
  GuestInvite,
  GuestInvitePayload,
  IceServer,
  ShowStagePayload,
  StageJoinPayload,
  StageLayoutPayload,
  StageMovePayload,
  StageMutePayload,
  StageRemovePayload,
  StageSignalMessage,
  StageSignalPayload,
  StageState,
} from './stage.js';

// Q&A (see polls.ts)
/** `show:question` (everyone) and `PublicShow.question`: the question on air since `at` (null: none). */
export interface QuestionOnAirPayload {
  message: ChatMessage | null;
  at: number;
}

/** `questions:state` (staff): the queue, open questions oldest first, then answered ones (newest first). */
export interface QuestionsState {
  open: ChatMessage[];
  answered: ChatMessage[];
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
}
export type Ack<T extends object = Record<never, never>> = ({ ok: true } & T) | { ok: false; error: ErrorBody };
export type AckCallback<T extends object = Record<never, never>> = (ack: Ack<T>) => void;

export interface PinsPayload {
  productIds: string[];
  /** Server epoch milliseconds of the change. */
  at: number;
}

export interface StatusPayload {
  status: ShowStatus;
  at: number;
}

export interface ChatMessage {
  id: string;
  name: string;
  text: string;
  role: Role;
  /** Server epoch milliseconds when it was stored. */
  at: number;
  /** The name was signed by the merchant's backend (a logged-in customer): show it as verified. */
  verified?: true;
  /**
   * The blocklist held it back: only its author (in the `chat:send` ack) and staff (in
   * `ModerationState.held`) see it, until a moderator approves (then it is broadcast) or deletes it.
   */
  held?: true;
  /** Q&A: the viewer asked it as a question (`chat:send` with `question: true`). */
  question?: true;
  /** Q&A: staff marked the question answered (server epoch ms). */
  answeredAt?: number;
}

/** A viewer may not chat: `timeout` in this show until `until`, `ban` in every show of the server. */
export interface Restriction {
  kind: 'timeout' | 'ban';
  /** Epoch ms when it lifts; null = until a moderator unbans. */
  until: number | null;
}

/** `viewer:restriction`, to the viewer concerned only. */
export interface RestrictionPayload {
  restriction: Restriction | null;
}

/** One restricted viewer as staff see it. `viewerId` is the handle to unban; never sent to other viewers. */
export interface RestrictedViewer extends Restriction {
  viewerId: string;
  /** The display name they had when restricted. */
  name: string;
  at: number;
}

/** A ban as the admin API lists it (`GET /api/bans`): `showId` set it (null: a ban from before bans had a show). */
export interface BanInfo extends RestrictedViewer {
  showId: string | null;
}

/** A moderator token as the studio lists it (the token itself is only in the `moderator:invite` ack). */
export interface ModeratorInfo {
  id: string;
  label: string;
  createdAt: number;
  expiresAt: number;
}

/** `moderation:state` (staff): sent in the staff snapshot and after every change. */
export interface ModerationState {
  /** This show's bans and timeouts that have not lifted yet, newest first (other shows' bans hold here too, unlisted). */
  restricted: RestrictedViewer[];
  /** Messages the blocklist held back, oldest first (at most `LIMITS.heldMessages`). */
  held: ChatMessage[];
  /** Words and links; a message containing one (case-insensitive) is held back. */
  blocklist: string[];
  /** Active moderator tokens of this show. */
  moderators: ModeratorInfo[];
}

/** Who this connection is, in its own snapshot (viewers). */
export interface ViewerSelf {
  /** Stable per browser (or per merchant customer when `identity` is signed). */
  viewerId: string;
  /** Keep it and send it back as `auth.viewer` on the next visit: the same viewer id, its bans included. Secret to this viewer. */
  credential: string;
  /** Set and fixed when the merchant signed the name. */
  name: string | null;
  verified: boolean;
  restriction: Restriction | null;
  /** Only signed-in customers may chat here and this viewer has no signed identity: offer to sign in (they may watch and buy). */
  identityRequired?: true;
  /** Their vote in the show's current poll, if they voted. */
  vote?: PollVote;
}

export interface ViewersCountPayload {
  count: number;
}

export interface ChatDeletedPayload {
  ids: string[];
}

/**
 * What a viewer plays. `hls`: an HLS playlist URL (relative URLs are relative to the server), with
 * `lowLatency` when the server holds blocking playlist reloads. `mux`: a public Mux playback id.
 * While live it is the live stream; after the show ended, the replay (or null until it is ready).
 */
export type Playback =
  | { kind: 'hls'; url: string; lowLatency?: boolean }
  | {
      kind: 'mux';
      playbackId: string;
      /** A replay's stretches on the server clock, in asset order (Mux's `recording_times`): maps its position to show time. */
      recording?: RecordingSpan[];
    };

/** A stretch of a recording: it started at `at` (epoch ms) and lasted `duration` ms. */
export interface RecordingSpan {
  at: number;
  duration: number;
}

export interface PlaybackPayload {
  playback: Playback | null;
}

/** Host only (`video:ingest` ack): push settings for OBS and other RTMP encoders. Secret. */
export interface IngestInfo {
  /** The encoder's server URL: Mux's `rtmps://…`, or the local server's `rtmp://HOST:PORT/live` (RTMP in). */
  rtmpsUrl: string;
  streamKey: string;
  /** RTMP in (local provider; issue 15): `video:rotate-key` makes a new key. */
  canRotate?: boolean;
}

/** The studio's first message on the ingest WebSocket. */
export interface IngestHello {
  show: string;
  token: string;
  /** MediaRecorder's mimeType, e.g. `video/webm;codecs=h264,opus`. */
  mimeType: string;
  /**
   * Server-clock epoch ms of the first captured frame (the studio's MediaRecorder start plus its
   * clock offset): program date time is stamped from capture, not from when ffmpeg saw the frame.
   */
  capturedAt: number;
}

/** Server → studio messages on the ingest WebSocket (JSON text frames; media goes up as binary frames). */
export type IngestServerMessage =
  | { type: 'ready' }
  /** Bytes the server has taken so far: the studio's unacknowledged bytes are its backlog. */
  | { type: 'ack'; bytes: number }
  | { type: 'error'; error: ErrorBody };

/** Which way up the show's picture is: 16:9 or 9:16 (phone-first). */
export const SHOW_ORIENTATIONS = ['landscape', 'portrait'] as const;
export type ShowOrientation = (typeof SHOW_ORIENTATIONS)[number];

/** Settings the host changes from the studio (`show:update`), broadcast as `show:settings`. */
export interface ShowSettings {
  /** Viewers see recent sales on product cards ("3 sold in the last minute"). Off by default. */
  socialProof: boolean;
  /** Slow mode: seconds a viewer waits between messages (0 = off). Set by staff with `chat:slow-mode`. */
  slowModeSeconds: number;
  /** The reactions viewers may tap, in display order (empty: none). */
  reactions: ReactionKind[];
  /**
   * The picture's shape, chosen in the studio before going live; absent means `landscape` (and is
   * what servers that predate it send). The studio captures and publishes it, and players size their
   * stage to it before the first frame.
   */
  orientation?: ShowOrientation;
}

export interface StockPayload {
  productId: string;
  /** Units left; null = unlimited. */
  stock: number | null;
  at: number;
}

/** One paid order, as social proof shows it: no amounts, no shopper. */
export interface SoldPayload {
  productId: string;
  quantity: number;
  at: number;
}

/** What anyone may know about a show (REST `GET /api/shows/:id` and the socket snapshot). */
export interface PublicShow {
  id: string;
  title: string;
  status: ShowStatus;
  statusAt: number;
  createdAt: number;
  products: Product[];
  pins: PinsPayload;
  playback: Playback | null;
  settings: ShowSettings;
  /** Paid orders of the last `LIMITS.soldWindowMs` (at most `LIMITS.recentSalesMax`); always empty unless `settings.socialProof`. */
  recentSales: SoldPayload[];
  /**
   * Names of the guests on stage with the host, in the order they were brought on (empty while the
   * host is alone); kept current by `show:stage`. Servers that predate co-hosts leave it out.
   */
  guestsOnStage: string[];
  // polls, Q&A and the announcement banner (servers that predate them leave these out)
  /** The show's latest poll, open or closed, with its counts; null when none was ever started. */
  poll?: Poll | null;
  /** The announcement banner (`text: null`: none). */
  announcement?: AnnouncementPayload;
  /** The question on air (`message: null`: none). */
  question?: QuestionOnAirPayload;
  // Schedule (issue 15): when the show starts, its description and trailer; null/'' when unset.
  startsAt?: number | null;
  description?: string;
  trailer?: Trailer | null;
  /** Web Push reminders: the server's VAPID public key (base64url) when they are on, else null; older servers leave it out. */
  webPushKey?: string | null;
}

/** `show:state`: the full snapshot sent on join and after every reconnect. */
export interface ShowSnapshot {
  protocolVersion: number;
  show: PublicShow;
  chat: ChatMessage[];
  viewers: number;
  role: Role;
  /** Server clock at snapshot time, so clients can estimate their offset. */
  now: number;
  /** Host only: the live sales summary. */
  sales?: SalesSummary;
  /** Hosts and moderators. */
  moderation?: ModerationState;
  /** Viewers: their own identity and restriction. */
  you?: ViewerSelf;
  /** Host, moderators and guests: the stage list and layout. */
  stage?: StageState;
  /** Host and guests: this connection's peer id for `stage:signal` (other peers answer to it). */
  peer?: string;
  /** Host and guests: STUN/TURN servers for the stage's WebRTC connections (`LIVE_SHOP_ICE_SERVERS`; empty on a LAN). */
  iceServers?: IceServer[];
  /** Host only: active guest links of this show. */
  guestLinks?: GuestInfo[];
  /** Hosts and moderators: the show's reaction taps so far, per kind (other nodes' last few seconds may be missing). */
  reactions?: ReactionCounts;
  /** Hosts and moderators: the Q&A queue. */
  questions?: QuestionsState;
}

export interface HandshakeAuth {
  show: string;
  /** Host or moderator token for this show. */
  token?: string;
  name?: string;
  /** `ViewerSelf.credential` from an earlier visit. */
  viewer?: string;
  /**
   * Merchant-signed identity: a JWT (HS256, `LIVE_SHOP_IDENTITY_SECRET`) with `{viewerId, name, exp?}`.
   * The name is shown as verified and cannot be changed from the client.
   */
  identity?: string;
  /**
   * Viewers: what they watch, for analytics only: `clip` is taken as said, otherwise the server decides
   * (`replay` once the show ended, `live` before).
   */
  source?: AttributionSource;
}

export interface ChatSendPayload {
  text: string;
  /** Display name; sets the connection's name for this and later messages. */
  name?: string;
  /** Q&A: ask it as a question (it joins the staff's question queue). */
  question?: boolean;
}
export interface ProductRef {
  productId: string;
}
export interface MessageRef {
  id: string;
}
export interface SlowModePayload {
  /** 0 … `LIMITS.slowModeMaxSeconds`. */
  seconds: number;
}
export interface BlocklistPayload {
  terms: string[];
}
export interface TimeoutPayload {
  messageId: string;
  /** `LIMITS.timeoutMinSeconds` … `LIMITS.timeoutMaxSeconds`. */
  seconds: number;
}
export interface BanPayload {
  messageId: string;
}
export interface UnbanPayload {
  viewerId: string;
}
export interface ModeratorInvitePayload {
  label?: string;
  /** 1 … `LIMITS.moderatorTokenMaxHours`, default `LIMITS.moderatorTokenHours`. */
  hours?: number;
}
export interface ModeratorInvite {
  token: string;
  moderator: ModeratorInfo;
  /** The studio page for this moderator (relative to the server). */
  studioUrl: string;
}

export interface ServerToClientEvents {
  'show:state': (snapshot: ShowSnapshot) => void;
  'show:status': (payload: StatusPayload) => void;
  'product:pins': (payload: PinsPayload) => void;
  'chat:messages': (messages: ChatMessage[]) => void;
  'chat:deleted': (payload: ChatDeletedPayload) => void;
  'viewers:count': (payload: ViewersCountPayload) => void;
  'show:products': (payload: { products: Product[] }) => void;
  'show:playback': (payload: PlaybackPayload) => void;
  'show:settings': (payload: ShowSettings) => void;
  'show:info': (payload: ShowInfoPayload) => void;
  'show:deleted': (payload: { id: string; at: number }) => void;
  'product:stock': (payload: StockPayload) => void;
  'product:sold': (payload: SoldPayload) => void;
  'show:sales': (payload: SalesSummary) => void;
  'moderation:state': (payload: ModerationState) => void;
  'viewer:restriction': (payload: RestrictionPayload) => void;
  'show:stage': (payload: ShowStagePayload) => void;
  'stage:state': (payload: StageState) => void;
  'stage:signal': (payload: StageSignalMessage) => void;
  'reactions:counts': (payload: ReactionCountsPayload) => void;
  // polls, Q&A and the announcement banner
  'poll:state': (payload: PollStatePayload) => void;
  'poll:results': (payload: PollResultsPayload) => void;
  'show:announcement': (payload: AnnouncementPayload) => void;
  'show:question': (payload: QuestionOnAirPayload) => void;
  'questions:state': (payload: QuestionsState) => void;
  // Simulcast out (issue 15)
  'simulcast:status': (payload: SimulcastStatus) => void;
}

export interface ClientToServerEvents {
  /** `message.held` when the blocklist held it back (not broadcast). */
  'chat:send': (payload: ChatSendPayload, ack: AckCallback<{ message: ChatMessage }>) => void;
  'chat:approve': (payload: MessageRef, ack: AckCallback<{ message: ChatMessage }>) => void;
  'chat:slow-mode': (payload: SlowModePayload, ack: AckCallback<{ settings: ShowSettings }>) => void;
  'chat:blocklist': (payload: BlocklistPayload, ack: AckCallback<{ blocklist: string[] }>) => void;
  'viewer:timeout': (payload: TimeoutPayload, ack: AckCallback<{ restricted: RestrictedViewer }>) => void;
  'viewer:ban': (payload: BanPayload, ack: AckCallback<{ restricted: RestrictedViewer }>) => void;
  'viewer:unban': (payload: UnbanPayload, ack: AckCallback) => void;
  'moderator:invite': (payload: ModeratorInvitePayload, ack: AckCallback<ModeratorInvite>) => void;
  'moderator:revoke': (payload: { id: string }, ack: AckCallback) => void;
  'guest:invite': (payload: GuestInvitePayload, ack: AckCallback<GuestInvite>) => void;
  'guest:revoke': (payload: { id: string }, ack: AckCallback<{ stage: StageState }>) => void;
  'stage:join': (payload: StageJoinPayload, ack: AckCallback<{ stage: StageState }>) => void;
  'stage:leave': (payload: Record<string, never>, ack: AckCallback<{ stage: StageState }>) => void;
  'stage:move': (payload: StageMovePayload, ack: AckCallback<{ stage: StageState }>) => void;
  'stage:mute': (payload: StageMutePayload, ack: AckCallback<{ stage: StageState }>) => void;
  'stage:remove': (payload: StageRemovePayload, ack: AckCallback<{ stage: StageState }>) => void;
  'stage:layout': (payload: StageLayoutPayload, ack: AckCallback<{ stage: StageState }>) => void;
  'stage:signal': (payload: StageSignalPayload, ack: AckCallback) => void;
  'reaction:send': (payload: ReactionSendPayload, ack: AckCallback<ReactionAck>) => void;
  // polls, Q&A and the announcement banner
  'poll:start': (payload: PollStartPayload, ack: AckCallback<{ poll: Poll }>) => void;
  'poll:end': (payload: PollRef, ack: AckCallback<{ poll: Poll }>) => void;
  'poll:vote': (payload: PollVotePayload, ack: AckCallback<{ vote: PollVote }>) => void;
  'announcement:set': (
    payload: AnnouncementSetPayload,
    ack: AckCallback<{ announcement: AnnouncementPayload }>,
  ) => void;
  'question:on-air': (payload: QuestionRef, ack: AckCallback<{ question: QuestionOnAirPayload }>) => void;
  'question:clear': (payload: Record<string, never>, ack: AckCallback<{ question: QuestionOnAirPayload }>) => void;
  'question:answer': (payload: QuestionRef, ack: AckCallback<{ message: ChatMessage }>) => void;
  'chat:delete': (payload: MessageRef, ack: AckCallback) => void;
  'product:pin': (payload: ProductRef, ack: AckCallback<{ pins: PinsPayload }>) => void;
  'product:unpin': (payload: ProductRef, ack: AckCallback<{ pins: PinsPayload }>) => void;
  'product:update': (payload: ProductUpdatePayload, ack: AckCallback<{ product: Product }>) => void;
  'product:delete': (payload: ProductRef, ack: AckCallback<{ pins: PinsPayload }>) => void;
  'show:start': (payload: Record<string, never>, ack: AckCallback<StatusPayload>) => void;
  'show:end': (payload: Record<string, never>, ack: AckCallback<StatusPayload>) => void;
  'video:ingest': (payload: Record<string, never>, ack: AckCallback<{ ingest: IngestInfo | null }>) => void;
  'show:update': (payload: Partial<ShowSettings>, ack: AckCallback<{ settings: ShowSettings }>) => void;
  // Flash deals (issue 15)
  'product:deal': (payload: ProductDealPayload, ack: AckCallback<{ product: Product; pins?: PinsPayload }>) => void;
  'product:deal-end': (payload: ProductRef, ack: AckCallback<{ product: Product }>) => void;
  // RTMP in and simulcast out (issue 15)
  'video:rotate-key': (payload: Record<string, never>, ack: AckCallback<{ ingest: IngestInfo | null }>) => void;
  'simulcast:list': (payload: Record<string, never>, ack: AckCallback<SimulcastListPayload>) => void;
  'simulcast:add': (payload: SimulcastAddPayload, ack: AckCallback<SimulcastListPayload>) => void;
  'simulcast:remove': (payload: SimulcastRefPayload, ack: AckCallback<SimulcastListPayload>) => void;
  'simulcast:enable': (payload: SimulcastEnablePayload, ack: AckCallback<SimulcastListPayload>) => void;
}

/** REST bodies. */
export interface CreateProductBody {
  title: string;
  description?: string;
  imageUrl?: string;
  price: Price;
  checkoutUrl?: string;
  stripePriceId?: string;
  stock?: number;
  /** Per-buyer limit (issue 15). */
  limitPerBuyer?: number;
}
/** `PATCH /api/shows/:id/products/:productId` (and `product:update`): what changes; `null` clears an optional field (`stock: null` = unlimited). */
export interface UpdateProductBody {
  title?: string;
  description?: string;
  imageUrl?: string | null;
  price?: Price;
  checkoutUrl?: string | null;
  stripePriceId?: string | null;
  stock?: number | null;
  /** Per-buyer limit (issue 15); null clears it. */
  limitPerBuyer?: number | null;
}
export interface ProductUpdatePayload extends UpdateProductBody {
  productId: string;
}
/** `PATCH /api/shows/:id`: the status is not here, it follows the state machine. */
export interface UpdateShowBody extends Partial<ShowScheduleInfo> {
  title?: string;
  settings?: Partial<ShowSettings>;
}
/** `show:info`: the show's details after an edit (the schedule fields from servers that have them). */
export interface ShowInfoPayload extends Partial<ShowScheduleInfo> {
  title: string;
}
export interface CreateShowBody extends Partial<ShowScheduleInfo> {
  title: string;
  products?: CreateProductBody[];
  settings?: Partial<ShowSettings>;
}
export interface CreatedShow extends PublicShow {
  hostToken: string;
  /** When `hostToken` stops working (epoch ms); mint another with `POST /api/shows/:id/tokens`. */
  hostTokenExpiresAt: number;
  studioUrl: string;
}

/** `POST /api/shows/:id/tokens` (admin) body: a new host or moderator token. */
export interface CreateTokenBody {
  role: 'host' | 'moderator' | 'guest';
  label?: string;
  hours?: number;
}
/** A token as the admin API lists it; the token string itself is only in the create answer. */
export interface TokenInfo {
  id: string;
  role: 'host' | 'moderator' | 'guest';
  label: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
}
