/** Row types of the database, as Kysely sees them. Times are epoch ms; JSON columns are text. */
import type { Generated } from 'kysely';

export interface ShowsTable {
  id: string;
  title: string;
  status: string;
  status_at: number;
  created_at: number;
  /** JSON ShowSettings (host-editable). */
  settings: string;
  // Schedule (0015_schedule): announced start (epoch ms), plain-text description, JSON Trailer.
  starts_at: number | null;
  description: Generated<string>;
  trailer: string | null;
}

export interface ProductsTable {
  id: string;
  show_id: string;
  position: number;
  title: string;
  description: string;
  image_url: string | null;
  price_amount: number;
  price_currency: string;
  checkout_url: string | null;
  stripe_price_id: string | null;
  stock: number | null;
  created_at: number;
  /** Set when the product was deleted from the catalog: kept for its orders and sales figures. */
  deleted_at: number | null;
  // Flash deals and per-buyer limits (issue 15, 0018)
  /** Deal price (the product's currency), its end and when it was set; all null without a deal. */
  deal_amount: number | null;
  deal_ends_at: number | null;
  deal_at: number | null;
  limit_per_buyer: number | null;
}

export interface PinsTable {
  show_id: string;
  /** JSON array of product ids, in pin order. */
  product_ids: string;
  at: number;
}

export interface ChatMessagesTable {
  id: string;
  show_id: string;
  name: string;
  text: string;
  role: string;
  at: number;
  deleted_at: number | null;
  /** The author's issued viewer id and merchant account id (`v:…`, `m:…`): what a ban sticks to. */
  viewer_id: string | null;
  account_id: string | null;
  /** The author's network as a keyed subject (`a:…`): fresh ids from there answer to their restrictions. */
  address: string | null;
  /** 1 when the name was signed by the merchant. */
  verified: number;
  /** 1 while the blocklist holds it back (not broadcast, not in history). */
  held: number;
  /** Q&A: 1 when asked as a question; when staff marked it answered (both have defaults: older writers leave them out). */
  question: Generated<number>;
  answered_at: Generated<number | null>;
}

export interface ShowTokensTable {
  id: string;
  show_id: string;
  /** host | moderator | guest */
  role: string;
  label: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  /** The token that invited this one (a host's `moderator:invite`): revoking it revokes this too. */
  issued_by: string | null;
}

/** Who may not chat: scope is the show that set it ('*': a ban from before 0005 whose show is unknown); a ban holds in every show. */
export interface RestrictionsTable {
  scope: string;
  subject: string;
  alias: string | null;
  /** timeout | ban */
  kind: string;
  until: number | null;
  name: string;
  at: number;
}

export interface BlocklistsTable {
  show_id: string;
  /** JSON array of terms. */
  terms: string;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface VideoStreamsTable {
  show_id: string;
  provider: string;
  external_id: string | null;
  /** JSON: the provider's private state. */
  data: string;
  /** JSON Playback or null. */
  playback: string | null;
  updated_at: number;
}

export interface WebhookEventsTable {
  provider: string;
  event_id: string;
  received_at: number;
}

export interface OrdersTable {
  id: string;
  show_id: string;
  product_id: string;
  quantity: number;
  /** Catalog unit price at checkout time; `amount` = unit × quantity. Minor units. */
  unit_amount: number;
  amount: number;
  currency: string;
  status: string;
  flag: string | null;
  provider: string;
  session_id: string | null;
  /** Where the shopper pays (hosted or local page); null in embedded mode. */
  checkout_url: string | null;
  /** JSON {clientSecret, publishableKey} for embedded Checkout, else null. */
  embedded: string | null;
  shopper_ref: string | null;
  viewer_ref: string | null;
  /** The storefront page the shopper returns to (before the live_shop_* parameters). */
  return_url: string | null;
  /** Client-made key: the same key within a show returns the same checkout. */
  idempotency_key: string | null;
  /** Keyed hash of the shopper's address while the checkout is open; null once it closed. */
  holder: string | null;
  /** 1 while this order holds stock (pending or paid); 0 once released or when stock is unlimited. */
  reserved: number;
  /** When an unpaid checkout is released; null once paid or awaiting a delayed payment. */
  expires_at: number | null;
  paid_at: number | null;
  created_at: number;
  updated_at: number;
  /** Where the shopper watched: live | replay | clip. */
  source: string;
  // Per-buyer limits and coupons (issue 15, 0018)
  /** The signed viewer id (`v:…` / `m:…`) when the product has a per-buyer limit or the viewer sent one. */
  buyer: string | null;
  /** Taken off `amount` by a coupon or a Stripe promotion code (minor units). */
  discount_amount: number;
  coupon_code: string | null;
}

/** Coupon codes of a show (issue 15, 0018). */
export interface CouponsTable {
  show_id: string;
  /** Upper case. */
  code: string;
  percent_off: number | null;
  amount_off: number | null;
  currency: string | null;
  expires_at: number | null;
  max_redemptions: number | null;
  /** Paid orders that used it (counted once, when the order turns paid). */
  redemptions: number;
  disabled_at: number | null;
  created_at: number;
}

/** One row per shopper address and show, locked by each of its checkouts so they are counted one at a time. */
export interface CheckoutHoldersTable {
  show_id: string;
  holder: string;
  at: number;
}

/** Funnel counters that orders cannot tell: pin impressions and Buy now presses, per source. */
export interface FunnelCountsTable {
  show_id: string;
  product_id: string;
  /** live | replay | clip */
  source: string;
  impressions: number;
  buy_clicks: number;
}

/** Per-minute counters, added by each node on a beat; `viewers` is the node's own peak in the minute. */
export interface ShowMinutesTable {
  show_id: string;
  /** Start of the minute, epoch ms. */
  minute: number;
  source: string;
  /** The node that counted (random per server process). */
  node: string;
  viewers: number;
  buy_clicks: number;
  impressions: number;
}

/** Reaction taps per minute, source and kind, added by each node on a beat. */
export interface ShowReactionsTable {
  show_id: string;
  minute: number;
  source: string;
  node: string;
  /** A `ReactionKind`. */
  kind: string;
  count: number;
}

// Web Push reminders
/** A browser's push subscription to one show's go-live reminder. */
export interface PushSubscriptionsTable {
  id: string;
  show_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  /** The page the notification opens. */
  url: string;
  lang: string | null;
  created_at: number;
  /** pending | sent | failed */
  state: string;
  /** Which sending run holds it (null: none yet). */
  claim: string | null;
  claimed_at: number | null;
  attempts: number;
}

/** Sessions of the local test checkout (what Stripe keeps on its side for real sessions). */
export interface CheckoutSessionsTable {
  id: string;
  order_id: string;
  /** open | complete | expired */
  status: string;
  /** JSON: the Stripe-shaped session object the local provider signs into its events. */
  data: string;
  success_url: string;
  cancel_url: string;
  expires_at: number;
}

/** One row per show whose stage was used: the program layout. */
export interface StagesTable {
  show_id: string;
  /** solo | side-by-side | grid | pip */
  layout: string;
  /** Last change (also what a transaction writes first to take the row's lock). */
  at: number;
}

/** Guests who joined a show's stage, keyed by their token id. */
export interface StageGuestsTable {
  show_id: string;
  guest_id: string;
  name: string;
  /** backstage | stage */
  place: string;
  muted: number;
  /** The guest's current connection (Socket.IO id); null while not connected. */
  peer: string | null;
  since: number;
  /** Join order within the show. */
  joined: number;
}

/** Pin and status changes in order (the replay timeline; `pins` and `shows` keep only the latest). */
export interface ShowEventsTable {
  id: string;
  show_id: string;
  at: number;
  /** pins | status */
  kind: string;
  /** pins: JSON array of product ids; status: the status. */
  value: string;
}

/** Clips cut from a show's recording (see clip-queries.ts). */
export interface ClipsTable {
  id: string;
  show_id: string;
  product_id: string;
  /** Show-time ms. */
  start_ms: number;
  end_ms: number;
  /** processing | ready | failed */
  status: string;
  /** local | mux */
  provider: string;
  /** Mux: the clip's asset id; local: null. */
  external_id: string | null;
  /** JSON Playback once ready. */
  playback: string | null;
  title: string | null;
  created_at: number;
  updated_at: number;
}

// polls, Q&A and the announcement banner
export interface PollsTable {
  id: string;
  show_id: string;
  question: string;
  /** JSON array of the option labels. */
  options: string;
  opened_at: number;
  ends_at: number | null;
  closed_at: number | null;
}

export interface PollVotesTable {
  poll_id: string;
  /** `m:…` (signed account) or `v:…` (issued viewer id). */
  voter: string;
  option: number;
  at: number;
}

export interface ShowBannersTable {
  show_id: string;
  announcement: string | null;
  announcement_at: number;
  question_id: string | null;
  question_at: number;
}

export interface Database {
  polls: PollsTable;
  poll_votes: PollVotesTable;
  show_banners: ShowBannersTable;
  clips: ClipsTable;
  show_events: ShowEventsTable;
  stages: StagesTable;
  stage_guests: StageGuestsTable;
  shows: ShowsTable;
  products: ProductsTable;
  pins: PinsTable;
  chat_messages: ChatMessagesTable;
  meta: MetaTable;
  video_streams: VideoStreamsTable;
  webhook_events: WebhookEventsTable;
  orders: OrdersTable;
  funnel_counts: FunnelCountsTable;
  show_minutes: ShowMinutesTable;
  show_reactions: ShowReactionsTable;
  push_subscriptions: PushSubscriptionsTable;
  checkout_sessions: CheckoutSessionsTable;
  checkout_holders: CheckoutHoldersTable;
  show_tokens: ShowTokensTable;
  restrictions: RestrictionsTable;
  blocklists: BlocklistsTable;
  // Coupons (issue 15)
  coupons: CouponsTable;
  // Simulcast out (issue 15)
  simulcast_destinations: SimulcastDestinationsTable;
}

// Simulcast out (issue 15)
/** A host's RTMP destination; the stream key only sealed (AES-256-GCM, secret-box.ts). */
export interface SimulcastDestinationsTable {
  id: string;
  show_id: string;
  name: string;
  url: string;
  key_sealed: string;
  /** What the studio shows of the key (`••••a1b2`). */
  key_hint: string;
  /** 1 or 0 (integer: the same on SQLite and PostgreSQL). */
  enabled: number;
  created_at: number;
}
