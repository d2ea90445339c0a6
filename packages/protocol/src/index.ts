/**
 * The live-shop wire protocol: every name both sides rely on, and the payload types.
 * Runtime validation lives in `@live-shop/protocol/schemas` (zod) so browser bundles stay small.
 */

export const PROTOCOL_VERSION = 1;

/** Socket.IO path and the HTTP routes a client needs to know. */
export const SOCKET_PATH = '/socket.io';
export const SDK_PATH = '/sdk/live-shop.js';
/** WebSocket path where the studio publishes its camera (local video; also the Mux browser relay). */
export const INGEST_PATH = '/ingest';

export const SHOW_STATUSES = ['scheduled', 'starting', 'live', 'reconnecting', 'ended'] as const;
export type ShowStatus = (typeof SHOW_STATUSES)[number];

export const ROLES = ['host', 'moderator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** server → client events. */
export const ServerEvent = {
  ShowState: 'show:state',
  ShowStatus: 'show:status',
  ProductPins: 'product:pins',
  ChatMessages: 'chat:messages',
  ChatDeleted: 'chat:deleted',
  ViewersCount: 'viewers:count',
  /** The show's catalog changed (a product was added or edited): the full list. */
  ShowProducts: 'show:products',
  /** What to play changed (stream created, replay ready): `{playback}`. */
  ShowPlayback: 'show:playback',
  /** Host-editable show settings changed: `ShowSettings`. */
  ShowSettings: 'show:settings',
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
} as const;

/** client → server events; every one takes an ack. */
export const ClientEvent = {
  ChatSend: 'chat:send',
  ChatDelete: 'chat:delete',
  ProductPin: 'product:pin',
  ProductUnpin: 'product:unpin',
  ShowStart: 'show:start',
  ShowEnd: 'show:end',
  /** Host only: how to push video from OBS (Mux: RTMPS URL + stream key). */
  VideoIngest: 'video:ingest',
  /** Host only: change show settings, `Partial<ShowSettings>`. */
  ShowUpdate: 'show:update',
  /** Staff: publish a message the blocklist held back, `{id}`. */
  ChatApprove: 'chat:approve',
  /** Staff: slow mode, `{seconds}` between a viewer's messages (0 = off). */
  ChatSlowMode: 'chat:slow-mode',
  /** Staff: replace the show's blocklist, `{terms}`. */
  ChatBlocklist: 'chat:blocklist',
  /** Staff: the author of a message may not chat in this show for `seconds`, `{messageId, seconds}`. */
  ViewerTimeout: 'viewer:timeout',
  /** Staff: the author of a message may not chat in any show of this server, `{messageId}`. */
  ViewerBan: 'viewer:ban',
  /** Staff: lift a ban or timeout, `{viewerId}` (as listed in `ModerationState`). */
  ViewerUnban: 'viewer:unban',
  /** Host only: a moderator token for this show, `{label?, hours?}`. */
  ModeratorInvite: 'moderator:invite',
  /** Host only: revoke a moderator token, `{id}`; its connections are closed at once. */
  ModeratorRevoke: 'moderator:revoke',
} as const;
export type ClientEventName = (typeof ClientEvent)[keyof typeof ClientEvent];

/** Who may send each client event; anyone else is answered `forbidden`. */
export const EVENT_ROLES: Readonly<Record<ClientEventName, readonly Role[]>> = {
  'chat:send': ['host', 'moderator', 'viewer'],
  'chat:delete': ['host', 'moderator'],
  'chat:approve': ['host', 'moderator'],
  'chat:slow-mode': ['host', 'moderator'],
  'chat:blocklist': ['host', 'moderator'],
  'viewer:timeout': ['host', 'moderator'],
  'viewer:ban': ['host', 'moderator'],
  'viewer:unban': ['host', 'moderator'],
  'product:pin': ['host'],
  'product:unpin': ['host'],
  'show:start': ['host'],
  'show:end': ['host'],
  'video:ingest': ['host'],
  'show:update': ['host'],
  'moderator:invite': ['host'],
  'moderator:revoke': ['host'],
};

/** Hosts and moderators: the roles that moderate chat. */
export const isStaff = (role: Role): boolean => role === 'host' || role === 'moderator';

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
  UnknownEvent: 'unknown_event',
  PayloadTooLarge: 'payload_too_large',
  Internal: 'internal',
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
} as const;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
}
export type Ack<T extends object = {}> = ({ ok: true } & T) | { ok: false; error: ErrorBody };
export type AckCallback<T extends object = {}> = (ack: Ack<T>) => void;

export interface Price {
  /** Integer minor units (cents). */
  amount: number;
  /** ISO 4217, upper case. */
  currency: string;
}

export interface Product {
  id: string;
  showId: string;
  title: string;
  description: string;
  imageUrl: string | null;
  price: Price;
  checkoutUrl: string | null;
  stripePriceId: string | null;
  /** Units left; null means unlimited. */
  stock: number | null;
}

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
export type Playback = { kind: 'hls'; url: string; lowLatency?: boolean } | { kind: 'mux'; playbackId: string };

export interface PlaybackPayload {
  playback: Playback | null;
}

/** Host only (`video:ingest` ack): push settings for OBS and other RTMP encoders. Secret. */
export interface IngestInfo {
  rtmpsUrl: string;
  streamKey: string;
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

/** Settings the host changes from the studio (`show:update`), broadcast as `show:settings`. */
export interface ShowSettings {
  /** Viewers see recent sales on product cards ("3 sold in the last minute"). Off by default. */
  socialProof: boolean;
  /** Slow mode: seconds a viewer waits between messages (0 = off). Set by staff with `chat:slow-mode`. */
  slowModeSeconds: number;
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
}

// ---- commerce

export const ORDER_STATUSES = ['pending', 'paid', 'failed', 'expired'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Something about a paid order needs the merchant: `oversold` = paid after its reservation was
 * released and no stock was left; `amount_mismatch` = the provider charged another amount than the catalog's.
 */
export type OrderFlag = 'oversold' | 'amount_mismatch';

/** An order as the host and the admin API see it (no shopper data beyond the merchant's own ref). */
export interface OrderSummary {
  id: string;
  productId: string;
  quantity: number;
  /** Total: the catalog's unit price × quantity at checkout time. */
  amount: Price;
  status: OrderStatus;
  flag: OrderFlag | null;
  /** `local` or `stripe`. */
  provider: string;
  createdAt: number;
  updatedAt: number;
}

/** Funnel of one product in one show. */
export interface ProductSales {
  productId: string;
  /** Viewers who were shown the pinned product (viewers present at the pin + viewers joining while pinned). */
  impressions: number;
  /** Buy now presses, including those a merchant's own cart took over. */
  buyClicks: number;
  /** Checkouts created. */
  checkouts: number;
  /** Paid orders. */
  orders: number;
  units: number;
  revenue: Price;
}

/** `show:sales` (host only) and `GET /api/shows/:id/stats` (admin). */
export interface SalesSummary {
  totals: {
    impressions: number;
    buyClicks: number;
    checkouts: number;
    orders: number;
    units: number;
    /** One entry per currency sold in. */
    revenue: Price[];
    /** Paid orders / buy clicks; null before the first click. */
    conversion: number | null;
  };
  /** In catalog order. */
  products: ProductSales[];
  /** Newest first, at most `LIMITS.recentOrders`. */
  recent: OrderSummary[];
  at: number;
}

/** `POST /api/shows/:id/checkout` body. There is no price: the server's catalog is the only price. */
export interface CheckoutRequest {
  productId: string;
  /** 1…`LIMITS.quantityMax`, default 1. */
  quantity?: number;
  /** The storefront page to come back to after paying or cancelling (must be an allowed origin). */
  returnUrl?: string;
  /** The merchant's own reference for the shopper (cart or customer id), kept on the order. */
  shopperRef?: string;
  /** The viewer's browsing session (a random id per tab, no cookie): attributes the sale to the show's audience. */
  viewerRef?: string;
  /** Same key → same checkout: a double click opens one checkout, not two. */
  idempotencyKey?: string;
}

/** `POST /api/shows/:id/checkout` answer. */
export interface CheckoutSession {
  /** Null for products with their own `checkoutUrl` (no order is tracked for those). */
  orderId: string | null;
  provider: string;
  /** Where to send the shopper (hosted page or the local test checkout); null in embedded mode. */
  url: string | null;
  /** Stripe embedded Checkout: mount it with Stripe.js in a modal over the video. */
  embedded: { clientSecret: string; publishableKey: string } | null;
  /** When an unpaid checkout is released (epoch ms); null when not tracked. */
  expiresAt: number | null;
}

/**
 * The Stripe API version the reference server pins, and the Stripe.js that mounts its embedded
 * checkouts: Stripe.js majors are paired with API releases (`….endive` → js.stripe.com/endive/).
 */
export const STRIPE_API_VERSION = '2026-10-28.endive';
export const STRIPE_JS_URL = `https://js.stripe.com/${STRIPE_API_VERSION.split('.')[1]}/stripe.js`;

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
}

export interface ChatSendPayload {
  text: string;
  /** Display name; sets the connection's name for this and later messages. */
  name?: string;
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
  'product:stock': (payload: StockPayload) => void;
  'product:sold': (payload: SoldPayload) => void;
  'show:sales': (payload: SalesSummary) => void;
  'moderation:state': (payload: ModerationState) => void;
  'viewer:restriction': (payload: RestrictionPayload) => void;
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
  'chat:delete': (payload: MessageRef, ack: AckCallback) => void;
  'product:pin': (payload: ProductRef, ack: AckCallback<{ pins: PinsPayload }>) => void;
  'product:unpin': (payload: ProductRef, ack: AckCallback<{ pins: PinsPayload }>) => void;
  'show:start': (payload: Record<string, never>, ack: AckCallback<StatusPayload>) => void;
  'show:end': (payload: Record<string, never>, ack: AckCallback<StatusPayload>) => void;
  'video:ingest': (payload: Record<string, never>, ack: AckCallback<{ ingest: IngestInfo | null }>) => void;
  'show:update': (payload: Partial<ShowSettings>, ack: AckCallback<{ settings: ShowSettings }>) => void;
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
}
export interface CreateShowBody {
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
  role: 'host' | 'moderator';
  label?: string;
  hours?: number;
}
/** A token as the admin API lists it; the token string itself is only in the create answer. */
export interface TokenInfo {
  id: string;
  role: 'host' | 'moderator';
  label: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

/** Error raised by clients and servers alike; `code` is one of ErrorCode. */
export class LiveShopError extends Error {
  override name = 'LiveShopError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
  toJSON(): ErrorBody {
    return { code: this.code, message: this.message };
  }
}

export function isShowStatus(value: unknown): value is ShowStatus {
  return typeof value === 'string' && (SHOW_STATUSES as readonly string[]).includes(value);
}

/** Digits of a currency's minor unit as `Intl` defines them (what `Price.amount` counts in): USD 2, JPY 0, KWD 3. */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Formats integer minor units for display, e.g. {amount: 1999, currency: 'EUR'} → "€19.99". */
export function formatPrice(price: Price, locale?: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: price.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(price.amount / 10 ** digits);
}
