/** The names both sides rely on: version, paths, statuses, roles, events, error codes, limits. */

export const PROTOCOL_VERSION = 1;

/** Socket.IO path and the HTTP routes a client needs to know. */
export const SOCKET_PATH = '/socket.io';
export const SDK_PATH = '/sdk/live-shop.js';
/** WebSocket path where the studio publishes its camera (local video; also the Mux browser relay). */
export const INGEST_PATH = '/ingest';

export const SHOW_STATUSES = ['scheduled', 'starting', 'live', 'reconnecting', 'ended'] as const;
export type ShowStatus = (typeof SHOW_STATUSES)[number];

/** `guest`: a co-host on stage (camera and mic only; see `stage.ts`). */
export const ROLES = ['host', 'moderator', 'guest', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** server → client events. */
export const ServerEvent = {
  ShowState: 'show:state',
  ShowStatus: 'show:status',
  ProductPins: 'product:pins',
  ChatMessages: 'chat:messages',
  ChatDeleted: 'chat:deleted',
  ViewersCount: 'viewers:count',
  /** The show's catalog changed (a product was added, edited or deleted): the full list. */
  ShowProducts: 'show:products',
  /** What to play changed (stream created, replay ready): `{playback}`. */
  ShowPlayback: 'show:playback',
  /** Host-editable show settings changed: `ShowSettings`. */
  ShowSettings: 'show:settings',
  /** The show's details changed (`PATCH /api/shows/:id`): `ShowInfoPayload` (`{title}`). */
  ShowInfo: 'show:info',
  /** The show was deleted (`DELETE /api/shows/:id`): `{id, at}`; the server then closes every connection to it. */
  ShowDeleted: 'show:deleted',
  /** Units left of one product changed (a checkout reserved or released stock): `StockPayload`. */
  ProductStock: 'product:stock',
  /** Social proof (only when the show's `socialProof` is on): a paid order, `SoldPayload`. */
  ProductSold: 'product:sold',
  /** Host only: the live sales summary, sent on join and (coalesced) after every order change. */
  ShowSales: 'show:sales',
  /** Hosts and moderators: bans, timeouts, held messages, blocklist, moderators (`ModerationState`), after every change. */
  ModerationState: 'moderation:state',
  /** To the restricted viewer's own connections: `{restriction}` (null when lifted). */
  ViewerRestriction: 'viewer:restriction',
  /** Everyone: the names of the guests on stage with the host changed (`ShowStagePayload`, `{guestsOnStage}`). */
  ShowStage: 'show:stage',
  /** Host, moderators and guests: who is backstage and on stage, and the layout (`StageState`), after every change. */
  StageState: 'stage:state',
  /** To one host studio or guest: a WebRTC signalling message relayed from another (`StageSignalMessage`). */
  StageSignal: 'stage:signal',
  /** Reaction taps one node summed over one window (`ReactionCountsPayload`); none when nobody tapped. */
  ReactionsCounts: 'reactions:counts',
  // polls, Q&A and the announcement banner (see polls.ts)
  /** A poll opened or closed (`PollStatePayload`, final counts when closed). */
  PollState: 'poll:state',
  /** A poll's stored totals, at most 4 per second per show and node, fewer to a large audience (`POLL_LIMITS`, `PollResultsPayload`). */
  PollResults: 'poll:results',
  /** The announcement banner changed (`AnnouncementPayload`). */
  ShowAnnouncement: 'show:announcement',
  /** The question on air changed (`QuestionOnAirPayload`). */
  ShowQuestion: 'show:question',
  /** Hosts and moderators: the question queue after a question was answered (`QuestionsState`). */
  QuestionsState: 'questions:state',
  // Simulcast out (issue 15)
  /** Hosts and moderators: one simulcast destination's forwarder changed state (`SimulcastStatus`). */
  SimulcastStatus: 'simulcast:status',
} as const;

/**
 * What a viewer's first load sends, apart from `ClientEvent` (which holds them too): the viewer's
 * bundle then carries these two names, not all of them.
 */
export const ViewerEvent = {
  ChatSend: 'chat:send',
  /** Viewers: taps of one enabled reaction, `{kind, count?}` (`ReactionSendPayload`). */
  ReactionSend: 'reaction:send',
} as const;

/** Hosts and moderators: the roles that moderate chat. */
export const isStaff = (role: Role): boolean => role === 'host' || role === 'moderator';
/** Hosts and guests: the roles with a camera on the stage (WebRTC peers). */
export const isStagePeer = (role: Role): boolean => role === 'host' || role === 'guest';

export const ErrorCode = {
  /** The payload failed validation (wrong type, missing field, too long…). */
  BadRequest: 'bad_request',
  /** No or invalid credentials (admin key, host token). */
  Unauthorized: 'unauthorized',
  /** Valid identity, but this role may not do that (a viewer pinning). */
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  RateLimited: 'rate_limited',
  /** The show's state does not allow it (chat after the show ended, going live twice). */
  InvalidState: 'invalid_state',
  /** A moderator timed this viewer out or banned them: they may watch but not chat. */
  Restricted: 'restricted',
  /** The token was valid once but has expired or was revoked. */
  TokenExpired: 'token_expired',
  /** A display name is needed before chatting. */
  NameRequired: 'name_required',
  /** This server lets only merchant-signed (signed-in) viewers chat (`LIVE_SHOP_CHAT_REQUIRES_IDENTITY`). */
  IdentityRequired: 'identity_required',
  /** The video pipeline cannot run (no ffmpeg, provider API down). */
  VideoUnavailable: 'video_unavailable',
  /** Not enough stock left for this checkout (HTTP 409). */
  SoldOut: 'sold_out',
  /** The checkout provider could not create a checkout (Stripe down or misconfigured; HTTP 503). */
  CheckoutUnavailable: 'checkout_unavailable',
  /** This page's origin is not in the server's LIVE_SHOP_ALLOWED_ORIGINS: retrying cannot help (`GET /health` says so). */
  OriginNotAllowed: 'origin_not_allowed',
  /** The stage already holds `LIMITS.stageMax` people (the host included). */
  StageFull: 'stage_full',
  // Per-buyer limits and coupons (issue 15)
  /** The buyer already holds or bought `limitPerBuyer` units of this product (HTTP 409). */
  LimitReached: 'limit_reached',
  /** The coupon code is unknown, disabled, expired, used up or of another currency (HTTP 400). */
  CouponInvalid: 'coupon_invalid',
  // polls
  /** Another poll is open in this show: end it first (one at a time). */
  PollOpen: 'poll_open',
  /** This viewer (or their signed account) voted in this poll already; votes cannot be changed. */
  AlreadyVoted: 'already_voted',
  UnknownEvent: 'unknown_event',
  PayloadTooLarge: 'payload_too_large',
  Internal: 'internal',
  // Web Push reminders
  /** This server has Web Push reminders off (`LIVE_SHOP_WEB_PUSH`), HTTP 503. */
  PushUnavailable: 'push_unavailable',
  /** Client: this browser has no service workers, Push API or notifications (or the page is not a secure context). */
  PushUnsupported: 'push_unsupported',
  /** Client: the shopper (or the browser) refused notifications for this site. */
  PushDenied: 'push_denied',
  /** Client: the browser's push service would not subscribe, or the worker would not register. */
  PushFailed: 'push_failed',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Display name of host messages when the presenter never picked one. */
export const DEFAULT_HOST_NAME = 'Host';
/** Display name of moderator messages when the moderator never picked one. */
export const DEFAULT_MODERATOR_NAME = 'Moderator';

export const LIMITS = {
  chatTextMax: 500,
  nameMax: 40,
  titleMax: 200,
  descriptionMax: 4000,
  chatHistory: 50,
  /** Per connection: at most `chatBurst` messages in any `chatWindowMs`. */
  chatBurst: 5,
  chatWindowMs: 5000,
  /** Chat is broadcast in batches collected for at most this long. */
  chatBatchMs: 100,
  /** Most units of one product in one checkout. */
  quantityMax: 99,
  /** Social proof counts sales within this window ("3 sold in the last minute"). */
  soldWindowMs: 60_000,
  /** Most sales a snapshot lists for social proof (the newest of the window). */
  recentSalesMax: 100,
  /** Orders listed in the host's sales summary. */
  recentOrders: 20,
  /** Slow mode: at most this many seconds between a viewer's messages. */
  slowModeMaxSeconds: 300,
  /** Timeouts last 10 s … 7 days. */
  timeoutMinSeconds: 10,
  timeoutMaxSeconds: 7 * 24 * 3600,
  blocklistTerms: 500,
  blocklistTermMax: 100,
  /** Held messages listed for staff (newest). */
  heldMessages: 50,
  /** Host tokens from `POST /api/shows` last 30 days; moderator tokens 12 h unless the host picks 1 h … 30 days. */
  hostTokenHours: 30 * 24,
  moderatorTokenHours: 12,
  moderatorTokenMaxHours: 30 * 24,
  /** Guest links last 24 h unless the host picks 1 h … 30 days. */
  guestTokenHours: 24,
  guestTokenMaxHours: 30 * 24,
  /** People on stage at once, the host included. */
  stageMax: 4,
  /** Guests on the stage list (backstage and on stage). */
  stageGuestsMax: 12,
  /** A relayed session description (SDP) and ICE candidate, in characters. */
  signalSdpMax: 32_000,
  signalCandidateMax: 1_000,
} as const;

/** Where a shopper watched when they acted: the live show, its replay, or a clip of it. */
export type AttributionSource = 'live' | 'replay' | 'clip';
export const ATTRIBUTION_SOURCES = ['live', 'replay', 'clip'] as const satisfies readonly AttributionSource[];
