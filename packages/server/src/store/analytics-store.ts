import type { AttributionSource, ReactionCounts } from '@live-shop/protocol';

/** One node's counts for one minute of a show from one source (see analytics/minutes.ts). */
export interface MinuteCounts {
  showId: string;
  /** Start of the minute, epoch ms. */
  minute: number;
  source: AttributionSource;
  /** The node's peak of concurrent viewers in the minute. */
  viewers: number;
  buyClicks: number;
  impressions: number;
  /** Reaction taps by kind (left out when none). */
  reactions?: ReactionCounts;
}

/** What the analytics report is made of; every count is per minute (epoch ms) and source unless said. */
export interface AnalyticsRows {
  /** Summed over nodes (viewers: the sum of each node's peak). */
  minutes: Omit<MinuteCounts, 'showId'>[];
  /** Reaction taps, all kinds summed. */
  reactions: { minute: number; source: AttributionSource; count: number }[];
  /** Published chat (live). */
  chat: { minute: number; count: number }[];
  /** Checkouts created (orders whose provider session was made). */
  checkouts: { minute: number; source: AttributionSource; count: number }[];
  /** Paid orders, by the minute they were paid. */
  orders: { minute: number; source: AttributionSource; currency: string; count: number; amount: number }[];
  /** Per product and source: funnel counters and what orders tell. */
  funnel: { productId: string; source: AttributionSource; impressions: number; buyClicks: number }[];
  sales: {
    productId: string;
    source: AttributionSource;
    checkouts: number;
    orders: number;
    units: number;
    revenue: number;
  }[];
  pins: { at: number; productIds: string[] }[];
  /** First `live` and last `ended` status change. */
  startedAt: number | null;
  endedAt: number | null;
}

/** Per-minute counters and the queries of the analytics report. */
export interface AnalyticsStore {
  /** Adds counts (viewers: keeps the larger peak) under this node's name. */
  addMinutes(node: string, counts: readonly MinuteCounts[]): Promise<void>;
  analytics(showId: string): Promise<AnalyticsRows>;
  /** The show's reaction taps so far, per kind (what every node has written). */
  reactionTotals(showId: string): Promise<ReactionCounts>;
}
