/** A show's story in numbers (`GET /api/shows/:id/analytics`, admin or host) and where a sale came from. */
import type { Price, ProductSales } from './commerce.js';
import type { AttributionSource } from './names.js';

/** What one minute of a show held, for one source. Minutes with nothing in them are left out. */
export interface AnalyticsMinute {
  /** Start of the minute (server epoch ms, a multiple of 60,000). */
  at: number;
  source: AttributionSource;
  /** Most viewers watching at once during the minute (summed over the server's nodes). */
  viewers: number;
  /** Chat messages published (live only: a replay's chat is the live one re-run). */
  chat: number;
  /** Reaction taps (all kinds). */
  reactions: number;
  /** Buy now presses. */
  buyClicks: number;
  /** Products shown to viewers (a viewer shown two pinned products counts two). */
  impressions: number;
  /** Checkouts created. */
  checkouts: number;
  /** Orders paid during the minute. */
  orders: number;
  /** Money of those orders, one entry per currency (minor units). */
  revenue: Price[];
}

/** One product's funnel from one source (impressions: viewers shown the pinned product, live or in a replay). */
export interface AnalyticsFunnel extends ProductSales {
  source: AttributionSource;
  /** Paid orders / impressions; null while there are none. */
  conversion: number | null;
}

/** `GET /api/shows/:id/analytics` (JSON; `?format=csv` gives the minutes as CSV). */
export interface ShowAnalytics {
  showId: string;
  /** When the show first went live and when it ended (server epoch ms), null if not (yet). */
  startedAt: number | null;
  endedAt: number | null;
  /** Oldest first, then by source. */
  minutes: AnalyticsMinute[];
  /** Pin moments to mark on the chart: the pinned products after each change. */
  pins: { at: number; productIds: string[] }[];
  /** In catalog order (deleted products that sold stay), then by source. */
  funnel: AnalyticsFunnel[];
  at: number;
}
