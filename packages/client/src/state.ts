import type {
  AnnouncementPayload,
  Poll,
  PollStatePayload,
  QuestionOnAirPayload,
  QuestionsState,
  ChatMessage,
  ErrorBody,
  GuestInfo,
  IceServer,
  ModerationState,
  PinsPayload,
  Playback,
  ReactionCounts,
  Product,
  Restriction,
  Role,
  SalesSummary,
  ShowSettings,
  SoldPayload,
  StageSignalMessage,
  SimulcastStatus,
  StageState,
  StatusPayload,
  ShowStatus,
  ViewerSelf,
  Trailer,
} from '@live-shop/protocol';
import type { CredentialStorage } from './credential.js';
import type { ReactionsEvent } from './reactions.js';
import type { SocketOptions } from './socket.js';

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'error' | 'closed';

/** One immutable snapshot of everything a UI needs; replaced (never mutated) on every change. */
export interface LiveShopState {
  readonly connection: ConnectionState;
  readonly error: ErrorBody | null;
  /** True once a `show:state` snapshot has arrived. */
  readonly ready: boolean;
  readonly role: Role;
  readonly status: ShowStatus;
  readonly statusAt: number;
  readonly title: string;
  // Schedule (issue 15): kept current by `show:info`.
  /** When the show is announced to start (server epoch ms), or null. */
  readonly startsAt: number | null;
  /** Plain text; empty when none. */
  readonly description: string;
  readonly trailer: Trailer | null;
  /** Web Push public key when the server sends show reminders, else null. */
  readonly webPushKey: string | null;
  readonly products: readonly Product[];
  readonly pins: PinsPayload;
  readonly chat: readonly ChatMessage[];
  readonly viewers: number;
  /** What to play (live stream or replay); null while there is nothing. */
  readonly playback: Playback | null;
  /** Server clock minus local clock, in ms (estimated from the last snapshot). */
  readonly clockOffset: number;
  /** Host-editable show settings (`show:settings`). */
  readonly settings: ShowSettings;
  /**
   * Paid orders of the last `LIMITS.soldWindowMs` (social proof; empty unless `settings.socialProof`),
   * oldest first. Pruned on every change, so filter by `at` when rendering later.
   */
  readonly recentSales: readonly SoldPayload[];
  /** Host only: the live sales summary; null for viewers and until the server sends one. */
  readonly sales: SalesSummary | null;
  /**
   * Viewers: who this connection is (`viewerId`, the verified `name` when the merchant signed one)
   * and whether it may chat (`restriction`, server clock; a timeout is cleared here when it lifts).
   * Null for staff and before the first snapshot.
   */
  readonly you: You | null;
  /** Hosts and moderators: bans, timeouts, held messages, blocklist, moderator links. Null for viewers. */
  readonly moderation: ModerationState | null;
  /**
   * Everyone: names of the guests on stage with the host, in the order they came on (empty while the
   * host is alone). Names only: the host's own name on screen is not listed.
   */
  readonly guestsOnStage: readonly string[];
  /** Host, moderators and guests: who is backstage and on stage, and the layout. Null for viewers. */
  readonly stage: StageState | null;
  /** Host and guests: this connection's peer id for WebRTC signalling (other peers answer to it). */
  readonly peer: string | null;
  /** Host and guests: STUN/TURN servers for the stage's RTCPeerConnections (empty on a LAN). */
  readonly iceServers: readonly IceServer[];
  /** Host only: active guest links (from the snapshot, then this client's invites and revocations). */
  readonly guestLinks: readonly GuestInfo[];
  /**
   * Reaction taps per kind: the show's totals for staff (from their snapshot), those since this
   * connection's snapshot for viewers; every `reactions:counts` adds to them.
   */
  readonly reactions: ReactionCounts;
  // polls, Q&A and the announcement banner (server clock `at`: show them in step with the video, see AtSync)
  /** The show's latest poll (open or closed) with its counts; null when none. This viewer's vote: `you.vote`. */
  readonly poll: Poll | null;
  /** The announcement banner (`text: null`: none). */
  readonly announcement: AnnouncementPayload;
  /** The question on air (`message: null`: none). */
  readonly question: QuestionOnAirPayload;
  /** Hosts and moderators: the question queue; null for viewers. */
  readonly questions: QuestionsState | null;
}

/** `ViewerSelf` without the credential, which the client keeps to itself. */
export type You = Omit<ViewerSelf, 'credential'>;

export interface LiveShopClientOptions {
  /** Base URL of the live-shop server, e.g. `https://shop.example` (or `location.origin`). */
  server: string;
  /** Show id. */
  show: string;
  /** Host (or moderator) token for the show; omit for viewers. */
  token?: string;
  /** Display name used for chat. */
  name?: string;
  /**
   * Merchant-signed viewer identity (a JWT, HS256 with the server's `LIVE_SHOP_IDENTITY_SECRET`,
   * payload `{viewerId, name, exp?}`): the server shows that name, marked verified, and it cannot be changed.
   * One the server refuses (expired, bad signature, or a server without the secret) is reported as an
   * `error` event and dropped: the viewer still watches and chats, unverified.
   */
  identity?: string;
  /**
   * Where the viewer credential is kept between visits, per server origin, so this viewer keeps its
   * id (and its bans) — default `localStorage` when available; `null` keeps it for this client only.
   */
  storage?: CredentialStorage | null;
  /**
   * Connection options: `path`, reconnection backoff (`reconnectionDelay`, `reconnectionDelayMax`,
   * `randomizationFactor`, `reconnection`), `timeout`, and `WebSocket` for runtimes without a global
   * one (Node 20). The connection is WebSocket-only; socket.io-client options do not apply.
   */
  socketOptions?: SocketOptions;
  /** How long to wait for an ack before rejecting, in ms (default 10 000). */
  ackTimeout?: number;
}

/** `detail` type of each event the client dispatches. */
export interface LiveShopClientEventMap {
  change: LiveShopState;
  status: StatusPayload;
  pins: PinsPayload;
  /** The messages just added. */
  chat: readonly ChatMessage[];
  /** A paid order, for social proof (only while the show's `socialProof` setting is on). */
  sold: SoldPayload;
  /** Viewers: a moderator restricted this viewer, or the restriction lifted (null). */
  restriction: Restriction | null;
  /** One server window's reaction counts (`mine`: this client's own taps among them, already shown when tapped). */
  reactions: ReactionsEvent;
  /** Host studios and guests: a WebRTC signalling message from another peer of the show. */
  'stage-signal': StageSignalMessage;
  /** A poll opened, got new results, or closed (`at`: when, server clock). */
  poll: PollStatePayload;
  /** The announcement banner changed. */
  announcement: AnnouncementPayload;
  /** The question on air changed. */
  question: QuestionOnAirPayload;
  /** Hosts and moderators: a simulcast destination's forwarder changed state (issue 15). */
  'simulcast-status': SimulcastStatus;
  error: ErrorBody;
}

/** Chat messages kept in memory. */
export const CHAT_CAP = 200;

export const initialState: LiveShopState = Object.freeze({
  connection: 'idle',
  error: null,
  ready: false,
  role: 'viewer',
  status: 'scheduled',
  statusAt: 0,
  title: '',
  startsAt: null,
  description: '',
  trailer: null,
  webPushKey: null,
  products: [],
  pins: { productIds: [], at: 0 },
  chat: [],
  viewers: 0,
  playback: null,
  clockOffset: 0,
  // No reactions until the server names the show's: servers that predate them leave the setting out.
  settings: Object.freeze({ socialProof: false, slowModeSeconds: 0, reactions: [] }),
  recentSales: [],
  guestsOnStage: [],
  sales: null,
  you: null,
  moderation: null,
  stage: null,
  peer: null,
  iceServers: [],
  guestLinks: [],
  reactions: {},
  poll: null,
  announcement: Object.freeze({ text: null, at: 0 }),
  question: Object.freeze({ message: null, at: 0 }),
  questions: null,
});
