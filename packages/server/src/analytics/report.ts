import {
  ATTRIBUTION_SOURCES,
  type AnalyticsFunnel,
  type AnalyticsMinute,
  type AttributionSource,
  type Price,
  type Product,
  type ShowAnalytics,
} from '@live-shop/protocol';
import type { AnalyticsRows } from '../store/store.js';

const rank = (s: AttributionSource) => ATTRIBUTION_SOURCES.indexOf(s);

/** Minutes (oldest first, then by source) from the counters and the queries over chat and orders. */
function minutesOf(rows: AnalyticsRows): AnalyticsMinute[] {
  const byKey = new Map<string, AnalyticsMinute>();
  const at = (minute: number, source: AttributionSource): AnalyticsMinute => {
    const key = `${minute} ${source}`;
    let m = byKey.get(key);
    if (!m) {
      m = {
        at: minute,
        source,
        viewers: 0,
        chat: 0,
        reactions: 0,
        buyClicks: 0,
        impressions: 0,
        checkouts: 0,
        orders: 0,
        revenue: [],
      };
      byKey.set(key, m);
    }
    return m;
  };
  for (const r of rows.minutes)
    Object.assign(at(r.minute, r.source), { viewers: r.viewers, buyClicks: r.buyClicks, impressions: r.impressions });
  // A replay's chat is the live one re-run: chat counts where it was said.
  for (const r of rows.chat) at(r.minute, 'live').chat = r.count;
  for (const r of rows.reactions) at(r.minute, r.source).reactions = r.count;
  for (const r of rows.checkouts) at(r.minute, r.source).checkouts += r.count;
  for (const r of rows.orders) {
    const m = at(r.minute, r.source);
    m.orders += r.count;
    m.revenue.push({ amount: r.amount, currency: r.currency });
  }
  const minutes = [...byKey.values()].filter(
    (m) => m.viewers || m.chat || m.reactions || m.buyClicks || m.impressions || m.checkouts || m.orders,
  );
  for (const m of minutes) m.revenue.sort((a, b) => (a.currency < b.currency ? -1 : 1));
  return minutes.sort((a, b) => a.at - b.at || rank(a.source) - rank(b.source));
}

/**
 * Per product (catalog order; a deleted product stays when it has figures) and source: the funnel
 * counters and what orders tell. A listed product with nothing yet gets one empty live row.
 */
function funnelOf(rows: AnalyticsRows, everListed: readonly Product[], listed: ReadonlySet<string>): AnalyticsFunnel[] {
  const byKey = new Map<string, AnalyticsFunnel>();
  const price = new Map(everListed.map((p) => [p.id, p.price.currency]));
  const row = (productId: string, source: AttributionSource): AnalyticsFunnel => {
    const key = `${productId} ${source}`;
    let f = byKey.get(key);
    if (!f) {
      const currency = price.get(productId) ?? 'USD';
      f = {
        productId,
        source,
        impressions: 0,
        buyClicks: 0,
        checkouts: 0,
        orders: 0,
        units: 0,
        revenue: { amount: 0, currency },
        conversion: null,
      };
      byKey.set(key, f);
    }
    return f;
  };
  for (const r of rows.funnel)
    Object.assign(row(r.productId, r.source), { impressions: r.impressions, buyClicks: r.buyClicks });
  for (const r of rows.sales) {
    const f = row(r.productId, r.source);
    Object.assign(f, { checkouts: r.checkouts, orders: r.orders, units: r.units });
    f.revenue.amount = r.revenue;
  }
  for (const id of listed) if (!ATTRIBUTION_SOURCES.some((s) => byKey.has(`${id} ${s}`))) row(id, 'live');
  const position = new Map(everListed.map((p, i) => [p.id, i]));
  return [...byKey.values()]
    .filter((f) => position.has(f.productId))
    .map((f) => ({ ...f, conversion: f.impressions > 0 ? f.orders / f.impressions : null }))
    .sort((a, b) => position.get(a.productId)! - position.get(b.productId)! || rank(a.source) - rank(b.source));
}

export function buildAnalytics(
  showId: string,
  rows: AnalyticsRows,
  catalog: { everListed: readonly Product[]; listed: readonly Product[] },
  at: number,
): ShowAnalytics {
  return {
    showId,
    startedAt: rows.startedAt,
    endedAt: rows.endedAt,
    minutes: minutesOf(rows),
    pins: rows.pins,
    funnel: funnelOf(rows, catalog.everListed, new Set(catalog.listed.map((p) => p.id))),
    at,
  };
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
export const csvField = (value: string | number): string => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

const fractionDigits = (currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

/** Minor units as a decimal in the currency's own digits (JPY 0, EUR 2, KWD 3). */
const major = ({ amount, currency }: Price) => {
  const digits = fractionDigits(currency);
  return (amount / 10 ** digits).toFixed(digits);
};

/** `h:mm:ss` since the show went live (negative before it); empty when it never did. */
export function showTime(at: number, startedAt: number | null): string {
  if (startedAt === null) return '';
  const ms = at - startedAt;
  const s = Math.floor(Math.abs(ms) / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${ms < 0 ? '-' : ''}${Math.floor(s / 3600)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

/** The minutes as CSV: one row per minute and source, one revenue column per currency sold in. */
export function analyticsCsv(report: ShowAnalytics): string {
  const currencies = [...new Set(report.minutes.flatMap((m) => m.revenue.map((r) => r.currency)))].sort();
  const header = [
    'minute',
    'show_time',
    'source',
    'viewers',
    'chat',
    'reactions',
    'buy_clicks',
    'impressions',
    'checkouts',
    'orders',
    ...currencies.map((c) => `revenue_${c}`),
  ];
  const lines = report.minutes.map((m) => [
    new Date(m.at).toISOString(),
    showTime(m.at, report.startedAt),
    m.source,
    m.viewers,
    m.chat,
    m.reactions,
    m.buyClicks,
    m.impressions,
    m.checkouts,
    m.orders,
    ...currencies.map((currency) =>
      major({ currency, amount: m.revenue.find((r) => r.currency === currency)?.amount ?? 0 }),
    ),
  ]);
  return [header, ...lines].map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}
