import { DEFAULT_REACTIONS } from '@live-shop/protocol';
import type {
  AttributionSource,
  ChatMessage,
  OrderFlag,
  OrderStatus,
  PinsPayload,
  Playback,
  Product,
  ShowSettings,
  ShowStatus,
  SoldPayload,
  TimelineEntry,
  Trailer,
} from '@live-shop/protocol';
import type { AnalyticsStore } from './analytics-store.js';
import type { ClipStore } from './clip-queries.js';
import type { PollStore } from './poll-store.js';
import type { StageStore } from './stage-store.js';
import type { DealStore } from './deal-store.js';
import type { PushStore } from './push-queries.js';

export type { AnalyticsRows, AnalyticsStore, MinuteCounts } from './analytics-store.js';
export type { ClipChange, ClipRecord, ClipStore } from './clip-queries.js';
export type { BannerRecord, PollRecord, PollStore, VoteOutcome } from './poll-store.js';
// Simulcast out (issue 15)
import type { SimulcastStore } from './simulcast-queries.js';
export type { SimulcastDestinationRecord, SimulcastStore } from './simulcast-queries.js';
export type { StageGuestRecord, StageRecord, StageRefusal, StageStore } from './stage-store.js';
export type { CouponRecord, DealStore } from './deal-store.js';
export type { PushStore, PushSubscriptionRecord } from './push-queries.js';

export interface ShowRecord {
  id: string;
  title: string;
  status: ShowStatus;
  statusAt: number;
  createdAt: number;
  settings: ShowSettings;
  // Schedule (issue 15).
  startsAt: number | null;
  description: string;
  trailer: Trailer | null;
}

export const DEFAULT_SHOW_SETTINGS: ShowSettings = Object.freeze({
  socialProof: false,
  slowModeSeconds: 0,
  reactions: [...DEFAULT_REACTIONS],
});

/** Who wrote a chat message: the issued viewer id and, when the merchant signed one, the account id. */
export interface ChatAuthor {
  viewerId: string | null;
  accountId: string | null;
  /** Their network as a subject (`a:…`, keyed: no address is stored), when known. */
  address?: string | null;
}

/**
 * Whether a write failed for what it held (a value or a row the database refuses), not because the
 * database is unreachable, slow or busy: only then can the same rows written one by one fare better.
 * PostgreSQL: SQLSTATE classes 22 (data exception), 23 (integrity) and P0 (raised by a trigger);
 * SQLite: a constraint (triggers' included), a type mismatch, a value too big.
 */
export function refusedForItsData(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(?:(?:22|23|P0)[0-9A-Z]{3}$|SQLITE_(?:CONSTRAINT|MISMATCH|TOOBIG))/.test(code);
}

/** A chat message to store, with who sent it (kept for moderation, never shown). */
export interface NewChat {
  message: ChatMessage;
  author?: ChatAuthor;
}

/** A host, moderator or guest token as stored (the token string is re-derived from it, never stored). */
export interface TokenRecord {
  id: string;
  showId: string;
  role: 'host' | 'moderator' | 'guest';
  label: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  /** The staff token that invited this one, if any: it is revoked with it. */
  issuedBy: string | null;
}

/**
 * A timeout (in its show) or a ban (in every show) on a viewer: `subject` and its `alias` (`v:…` / `m:…`
 * ids of one person). `scope` is the show that set it, whose staff alone list and lift it (`*`: a ban
 * from before bans had a show: only the admin lifts it).
 */
export interface RestrictionRecord {
  scope: string;
  subject: string;
  alias: string | null;
  kind: 'timeout' | 'ban';
  until: number | null;
  name: string;
  at: number;
}

export const ALL_SHOWS = '*';

export type LiftedRestriction = Pick<RestrictionRecord, 'scope' | 'subject'>;

/** One checkout attempt and what became of it. Amounts are the catalog's, in minor units. */
export interface OrderRecord {
  id: string;
  showId: string;
  productId: string;
  quantity: number;
  unitAmount: number;
  amount: number;
  currency: string;
  status: OrderStatus;
  flag: OrderFlag | null;
  provider: string;
  sessionId: string | null;
  checkoutUrl: string | null;
  embedded: { clientSecret: string; publishableKey: string } | null;
  shopperRef: string | null;
  viewerRef: string | null;
  /** The storefront page the shopper returns to; null = this server's return page. */
  returnUrl: string | null;
  idempotencyKey: string | null;
  /** Keyed hash of the shopper's address while the checkout is open (the per-address caps count it); null once it closed. */
  holder: string | null;
  /** True while the order holds stock (pending or paid on a product with limited stock). */
  reserved: boolean;
  /** When an unpaid checkout is released; null when paid or awaiting a delayed payment. */
  expiresAt: number | null;
  paidAt: number | null;
  createdAt: number;
  updatedAt: number;
  /** Where the shopper watched when they pressed Buy now (attribution only). */
  source: AttributionSource;
  // Per-buyer limits and coupons (issue 15)
  /** The signed viewer id that buys (`limitPerBuyer` counts it). */
  buyer?: string | null;
  /** Taken off by a coupon, already out of `amount`. */
  discount?: number;
  couponCode?: string | null;
}

/** What `changeOrder` does besides setting fields: give the held stock back, or take stock again. */
export interface OrderChange {
  status?: OrderStatus;
  flag?: OrderFlag | null;
  /** null frees the order's idempotency key (the checkout finished; the same key may start a new one). */
  idempotencyKey?: null;
  expiresAt?: number | null;
  paidAt?: number | null;
  stock?: 'release' | 'reserve';
  /** A Stripe promotion code lowered the total (issue 15): what was paid and taken off. */
  amount?: number;
  discount?: number;
  /** A coupon entered on the local test checkout's page (with `amount` and `discount`). */
  couponCode?: string;
  at: number;
}

/** Per-order caps checked in `placeOrder`'s transaction (issue 15): a product's per-buyer limit, a coupon's redemptions. */
export interface OrderCaps {
  limitPerBuyer?: number | null;
  couponMax?: number | null;
}

/** What one shopper address may hold in open checkouts at once (see checkout/holds.ts). */
export interface HoldLimits {
  unitsPerProduct: number;
  checkoutsPerShow: number;
}

/** `placeOrder` refused: the address already holds its cap in open checkouts; `retryAt` is when the first of them lapses. */
export interface HoldsFull {
  full: 'units' | 'checkouts';
  retryAt: number | null;
}

export interface OrderChangeResult {
  order: OrderRecord;
  /** The product's stock moved (broadcast it). */
  stockChanged: boolean;
  /** `reserve` found too little stock left: the order holds none (oversold). */
  reserveFailed: boolean;
}

export interface ProductSalesRow {
  productId: string;
  /** Orders whose checkout was created. */
  checkouts: number;
  /** Paid orders, their units and revenue. */
  orders: number;
  units: number;
  revenue: number;
}

export interface FunnelCounts {
  impressions: number;
  buyClicks: number;
}

/** A session of the local test checkout. */
export interface LocalCheckoutSession {
  id: string;
  orderId: string;
  status: 'open' | 'complete' | 'expired';
  /** The Stripe-shaped session object its events carry. */
  data: Record<string, unknown>;
  successUrl: string;
  cancelUrl: string;
  expiresAt: number;
}

/** A video provider's record for one show. */
export interface VideoStreamRecord {
  showId: string;
  provider: string;
  /** The provider's own id for the stream (e.g. a Mux live stream id), to map webhooks back. */
  externalId: string | null;
  /** Provider-private state (stream keys…): never sent to any client. */
  data: Record<string, unknown>;
  /** What viewers play: live stream, then replay. */
  playback: Playback | null;
  updatedAt: number;
}

/** What `updateShow` may set. */
export type ShowEdit = Partial<Pick<ShowRecord, 'title' | 'settings' | 'startsAt' | 'description' | 'trailer'>>;
/** What `updateProduct` may set. */
export type ProductEdit = Partial<Omit<Product, 'id' | 'showId' | 'deal' | 'limitPerBuyer'>> & {
  limitPerBuyer?: number | null;
};

export interface NewProduct extends Omit<Product, 'showId'> {
  createdAt: number;
}

/**
 * The store, split by concern: each service depends on the parts it uses (`ShowStore`, `ChatStore`…),
 * and `Store` is all of them. One implementation (`KyselyStore`) serves SQLite and PostgreSQL, so a
 * PostgreSQL database can replace SQLite without touching any caller. All methods are async.
 */

/** Shows, their catalog and their pins. */
export interface ShowStore {
  /** Creates the show, its products (in order) and empty pins atomically. */
  createShow(show: ShowRecord, products: NewProduct[]): Promise<void>;
  getShow(id: string): Promise<ShowRecord | null>;
  /** Newest first. */
  listShows(): Promise<ShowRecord[]>;
  /** Shows in one of `statuses` (the ones on air, for the orphan sweep), in no particular order. */
  showsWithStatus(statuses: readonly ShowStatus[]): Promise<ShowRecord[]>;
  /** Schedule: a page of the public list (upcoming by start time, then past newest first); `cursor` is a page's `next`. */
  listShowPage(cursor: string | null, limit: number): Promise<{ shows: ShowRecord[]; next: string | null }>;
  /** Also appends the change to the show's timeline. */
  setShowStatus(id: string, status: ShowStatus, at: number): Promise<void>;
  setShowSettings(id: string, settings: ShowSettings): Promise<void>;

  /** Appends after the show's last product. */
  addProduct(showId: string, product: NewProduct): Promise<Product>;
  /** In catalog order, without deleted products. */
  listProducts(showId: string): Promise<Product[]>;
  /** Null when the product does not exist or belongs to another show. */
  getProduct(showId: string, productId: string): Promise<Product | null>;

  // ---- catalog editing (PATCH / DELETE)
  /** Sets the given show fields; false when no such show. */
  updateShow(id: string, change: ShowEdit): Promise<boolean>;
  /** Deletes the show and everything of it (products, pins, chat, tokens, orders…), unless it has orders: 'has_orders'. */
  deleteShow(id: string): Promise<'deleted' | 'not_found' | 'has_orders'>;
  /** Sets the given product fields; null when no such (undeleted) product in the show. */
  updateProduct(showId: string, productId: string, change: ProductEdit): Promise<Product | null>;
  /** Takes the product out of the catalog (kept for its orders and sales); false when no such product. */
  deleteProduct(showId: string, productId: string, at: number): Promise<boolean>;
  /** The catalog including deleted products (sales figures keep counting what they sold). */
  listProductsEver(showId: string): Promise<Product[]>;

  getPins(showId: string): Promise<PinsPayload>;
  /** Also appends the change to the show's timeline. */
  setPins(showId: string, pins: PinsPayload): Promise<void>;
}

/** Chat messages, held and deleted ones included. */
export interface ChatStore {
  /** Stores messages in one write (a chat batch), in the order given. */
  addChatMessages(showId: string, entries: readonly NewChat[]): Promise<void>;
  /** The last `limit` messages that are neither deleted nor held, oldest first. */
  recentChat(showId: string, limit: number): Promise<ChatMessage[]>;
  /** Held messages that are not deleted, the last `limit`, oldest first. */
  heldChat(showId: string, limit: number): Promise<ChatMessage[]>;
  /** Publishes a held message (compare-and-set); null when it is not held (any more) or deleted. */
  releaseChat(showId: string, id: string): Promise<ChatMessage | null>;
  /** The message's author, also for deleted messages; null when no such message. */
  chatAuthor(showId: string, id: string): Promise<(ChatAuthor & { name: string }) | null>;
  /** Soft-deletes every live message of these subjects in the show; returns the ids. */
  deleteChatBy(showId: string, subjects: string[], at: number): Promise<string[]>;
  /** Soft-deletes; false when no such message exists in this show. Deleting twice is fine. */
  deleteChatMessage(showId: string, id: string, at: number): Promise<boolean>;
}

/** Host, moderator and guest tokens. */
export interface TokenStore {
  createToken(token: TokenRecord): Promise<void>;
  getToken(id: string): Promise<TokenRecord | null>;
  /** Newest first. */
  listTokens(showId: string): Promise<TokenRecord[]>;
  /** Revokes the token and the live tokens it issued; the ids revoked now (empty: not this show's). Revoking twice is fine. */
  revokeToken(showId: string, id: string, at: number): Promise<string[]>;
}

/** Timeouts, bans and blocklists. */
export interface ModerationStore {
  /** Inserts or replaces the subject's restriction in that scope. */
  putRestriction(restriction: RestrictionRecord): Promise<void>;
  /** Lifts what this show set (timeout, ban) on whoever has this subject or alias; answers what it lifted. */
  liftRestrictions(showId: string, subject: string): Promise<LiftedRestriction[]>;
  /** Lifts every show's ban on whoever has this subject or alias (the admin); answers what it lifted. */
  liftBans(subject: string): Promise<LiftedRestriction[]>;
  /** What holds in this show at `now`: its own restrictions and every show's bans, newest first. */
  listRestrictions(showId: string, now: number): Promise<RestrictionRecord[]>;
  /** Every show's bans in force at `now`, newest first, at most `limit`. */
  listBans(now: number, limit: number): Promise<RestrictionRecord[]>;
  getBlocklist(showId: string): Promise<string[]>;
  setBlocklist(showId: string, terms: string[]): Promise<void>;
}

/** The video providers' records. */
export interface VideoStore {
  getVideoStream(showId: string): Promise<VideoStreamRecord | null>;
  findVideoStream(provider: string, externalId: string): Promise<VideoStreamRecord | null>;
  /** Inserts or replaces the show's record. */
  putVideoStream(record: VideoStreamRecord): Promise<void>;
}

/** Ids of webhook events applied (Mux, Stripe, the local checkout): a redelivery applies nothing twice. */
export interface WebhookEventStore {
  /** Records a webhook event id; false when it was recorded before (a duplicate: apply nothing). */
  recordWebhookEvent(provider: string, eventId: string, at: number): Promise<boolean>;
  hasWebhookEvent(provider: string, eventId: string): Promise<boolean>;
  /** Forgets a recorded event id (its effects failed to apply: the provider's retry must apply them). */
  forgetWebhookEvent(provider: string, eventId: string): Promise<void>;
}

/** Orders with their stock holds, and the funnel counters. */
export interface CommerceStore {
  /**
   * One transaction: takes the order's units when the product's stock is limited (`UPDATE … WHERE
   * stock >= quantity`, never below zero) and inserts the order (`reserved` set accordingly). Nothing
   * is written on `sold_out`, or on `duplicate` (the show already has an order with this idempotency key).
   * With `limits` and the order's `holder`, first counts that holder's open checkouts in the show under
   * a lock on its row (its concurrent checkouts take turns, on every node) and refuses beyond them.
   */
  placeOrder(
    order: OrderRecord,
    limits?: HoldLimits,
    caps?: OrderCaps,
  ): Promise<'placed' | 'sold_out' | 'duplicate' | 'limit_reached' | 'coupon_used_up' | HoldsFull>;
  getOrder(id: string): Promise<OrderRecord | null>;
  findOrderBySession(provider: string, sessionId: string): Promise<OrderRecord | null>;
  findOrderByKey(showId: string, idempotencyKey: string): Promise<OrderRecord | null>;
  attachCheckout(
    orderId: string,
    checkout: {
      sessionId: string;
      checkoutUrl: string | null;
      embedded: OrderRecord['embedded'];
      expiresAt: number;
      at: number;
    },
  ): Promise<void>;
  /**
   * Compare-and-set: applies `change` only while the order's status is one of `from`, together with
   * its stock effect, in one transaction. Null when the order is not (or no longer, e.g. another node
   * changed it meanwhile) in `from`.
   */
  changeOrder(id: string, from: readonly OrderStatus[], change: OrderChange): Promise<OrderChangeResult | null>;
  /** Newest first. */
  listOrders(showId: string, limit: number): Promise<OrderRecord[]>;
  /** Pending orders whose hold ended before `before`, oldest first. */
  lapsedOrders(before: number, limit: number): Promise<OrderRecord[]>;
  salesByProduct(showId: string): Promise<ProductSalesRow[]>;
  /** The last `limit` paid orders since `since`, oldest first. */
  recentSold(showId: string, since: number, limit: number): Promise<SoldPayload[]>;

  /** Adds to a product's funnel counters from one source. */
  addFunnel(showId: string, productId: string, source: AttributionSource, counts: FunnelCounts): Promise<void>;
  /** Per product, every source together. */
  getFunnel(showId: string): Promise<Map<string, FunnelCounts>>;

  /** Deletes checkout webhook event ids recorded, closed local sessions that expired, and holder rows last used, before `before`. */
  pruneCheckoutRecords(before: number): Promise<void>;
}

/** The local test checkout's sessions. */
export interface CheckoutSessionStore {
  putCheckoutSession(session: LocalCheckoutSession): Promise<void>;
  getCheckoutSession(id: string): Promise<LocalCheckoutSession | null>;
  /** Compare-and-set on the status; false when the session was not `from`. */
  setCheckoutSessionStatus(
    id: string,
    from: LocalCheckoutSession['status'],
    to: LocalCheckoutSession['status'],
    data: Record<string, unknown>,
  ): Promise<boolean>;
  /** Open sessions past `before`. */
  lapsedCheckoutSessions(before: number, limit: number): Promise<LocalCheckoutSession[]>;
}

/** A position in a show's timeline: the millisecond `at`, of which the first `skip` entries were read. */
export interface TimelineCursor {
  at: number;
  skip: number;
}

/** A page of timeline entries before show-times are added (the service knows when the show started). */
export interface TimelineRows {
  startedAt: number | null;
  entries: DistributiveOmit<TimelineEntry, 't'>[];
  more: boolean;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The replay timeline (pin and status changes are appended by `setPins` / `setShowStatus`). */
export interface TimelineStore {
  /** The first `limit` entries after `cursor` (from the start when null), oldest first. */
  timeline(showId: string, cursor: TimelineCursor | null, limit: number): Promise<TimelineRows>;
}

/** Small server-wide values (shared secrets, the demo show's id). */
export interface MetaStore {
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;
  /** Stores `value` unless the key has one already; returns the stored value (the first writer wins). */
  claimMeta(key: string, value: string): Promise<string>;
}

/** Everything the server persists. */
export interface Store
  extends
    ShowStore,
    ChatStore,
    TokenStore,
    ModerationStore,
    VideoStore,
    WebhookEventStore,
    CommerceStore,
    CheckoutSessionStore,
    MetaStore,
    StageStore,
    TimelineStore,
    AnalyticsStore {
  /** Clips of shows' recordings (clip-queries.ts). */
  readonly clips: ClipStore;
  /** Flash deals and coupon codes (deal-queries.ts, issue 15). */
  readonly deals: DealStore;
  /** Polls, Q&A and the announcement banner (poll-queries.ts). */
  readonly polls: PollStore;
  /** Simulcast destinations (simulcast-queries.ts; issue 15). */
  readonly simulcast: SimulcastStore;
  /** Web Push reminders' subscriptions (push-queries.ts). */
  readonly push: PushStore;
  close(): Promise<void>;
}
