import { html, nothing, svg } from 'lit';
import { money } from './sales-panel.js';
import { type AnalyticsMinute, type AttributionSource, type Price, type ShowAnalytics } from '@live-shop/protocol';
import type { Translate } from '../i18n/controller.js';
import type { MessageKey } from '../i18n/keys.js';

/** The studio's messages and language, for the chart's words, times and money. */
export interface ChartText {
  t: Translate;
  locale: string;
}

/** The chart's own coordinates (it scales to the panel's width). */
const W = 600;
const H = 160;
const PAD = 6;
export const SOURCE_LABEL: Record<AttributionSource, MessageKey> = {
  live: 'sourceLive',
  replay: 'sourceReplay',
  clip: 'sourceClip',
};
const SOURCE_VIEWERS: Record<AttributionSource, MessageKey> = {
  live: 'liveViewers',
  replay: 'replayViewers',
  clip: 'clipViewers',
};
const SOURCE_PEAK: Record<AttributionSource, MessageKey> = { live: 'peakLive', replay: 'peakReplay', clip: 'peakClip' };

const clock = (at: number, locale: string) =>
  new Date(at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });

/** Revenue per currency, added up. */
export function sumRevenue(prices: readonly Price[]): Price[] {
  const by = new Map<string, number>();
  for (const p of prices) by.set(p.currency, (by.get(p.currency) ?? 0) + p.amount);
  return [...by].map(([currency, amount]) => ({ currency, amount }));
}

/** Pin changes that put a product on screen, with the products they added. */
export function pinMoments(report: ShowAnalytics): { at: number; added: string[] }[] {
  let before = new Set<string>();
  const moments: { at: number; added: string[] }[] = [];
  for (const pin of report.pins) {
    const added = pin.productIds.filter((id) => !before.has(id));
    if (added.length) moments.push({ at: pin.at, added });
    before = new Set(pin.productIds);
  }
  return moments;
}

/**
 * Minutes with something in them, oldest first: the x axis. Ordinal, so a replay watched days later
 * sits next to the live hour instead of squeezing it into a sliver.
 */
export const columnsOf = (report: ShowAnalytics) => [...new Set(report.minutes.map((m) => m.at))].sort((a, b) => a - b);

/**
 * Viewers per minute, one line per source (live vs replay and clips), orders as bars behind them, and
 * each pin moment as a vertical tick titled with what was pinned. Inline SVG: no chart library to load.
 */
export function renderChart(report: ShowAnalytics, title: (productId: string) => string, { t, locale }: ChartText) {
  const columns = columnsOf(report);
  if (!columns.length) return html`<p class="empty">${t('noActivity')}</p>`;
  const index = new Map(columns.map((at, i) => [at, i]));
  const step = columns.length > 1 ? (W - 2 * PAD) / (columns.length - 1) : 0;
  const x = (i: number) => (columns.length > 1 ? PAD + i * step : W / 2);
  const sources = [...new Set(report.minutes.map((m) => m.source))];
  const peak = Math.max(1, ...report.minutes.map((m) => m.viewers));
  const y = (viewers: number) => H - PAD - (viewers / peak) * (H - 2 * PAD);
  const orders = columns.map((at) => report.minutes.filter((m) => m.at === at));
  const mostOrders = Math.max(1, ...orders.map((ms) => ms.reduce((n, m) => n + m.orders, 0)));
  const barWidth = Math.max(2, Math.min(24, step * 0.6 || 24));
  // A pin between two minutes with activity sits between them, at its place within its own minute.
  const pinX = (at: number) => {
    const minute = Math.floor(at / 60_000) * 60_000;
    const i = index.get(minute) ?? columns.filter((c) => c <= minute).length - 1;
    return Math.min(W - PAD, Math.max(PAD, x(Math.max(0, i)) + ((at - minute) / 60_000) * step));
  };
  const line = (source: AttributionSource) => {
    const by = new Map(report.minutes.filter((m) => m.source === source).map((m) => [m.at, m.viewers]));
    return columns.map((at, i) => `${x(i).toFixed(1)},${y(by.get(at) ?? 0).toFixed(1)}`).join(' ');
  };
  return html`<svg
    class="chart"
    viewBox="0 0 ${W} ${H}"
    preserveAspectRatio="none"
    role="img"
    aria-label=${summary(report, columns.length, { t, locale })}
  >
    ${orders.map((ms, i) => {
      const count = ms.reduce((n, m) => n + m.orders, 0);
      if (!count) return nothing;
      const height = (count / mostOrders) * (H - 2 * PAD) * 0.5;
      return svg`<rect class="orders-bar" x=${x(i) - barWidth / 2} y=${H - PAD - height} width=${barWidth} height=${height}>
        <title>${t('barTitle', { time: clock(columns[i]!, locale), orders: t('ordersCount', { count }), revenue: money(sumRevenue(ms.flatMap((m) => m.revenue)), locale) })}</title>
      </rect>`;
    })}
    ${pinMoments(report).map(
      (p) =>
        svg`<line class="pin-mark" x1=${pinX(p.at)} x2=${pinX(p.at)} y1=${PAD} y2=${H - PAD}>
          <title>${t('pinnedAt', { time: clock(p.at, locale), titles: p.added.map(title).join(', ') })}</title>
        </line>`,
    )}
    ${sources.map(
      (source) =>
        svg`<polyline class="viewers ${source}" points=${line(source)}><title>${t(SOURCE_VIEWERS[source])}</title></polyline>`,
    )}
  </svg>`;
}

/** What the chart shows, in one sentence (its accessible name). */
function summary(report: ShowAnalytics, minutes: number, { t, locale }: ChartText): string {
  const peaks = (['live', 'replay', 'clip'] as const)
    .map((s) => [s, Math.max(0, ...report.minutes.filter((m) => m.source === s).map((m) => m.viewers))] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => t(SOURCE_PEAK[s], { count: n }));
  const orders = report.minutes.reduce((n, m) => n + m.orders, 0);
  const revenue = money(sumRevenue(report.minutes.flatMap((m) => m.revenue)), locale);
  const pins = pinMoments(report).length;
  return t('chartSummary', {
    minutes: t('minutesCount', { count: minutes }),
    peak: peaks.length ? t('chartPeak', { peaks: peaks.join(', ') }) : '',
    orders: t('ordersCount', { count: orders }),
    revenue,
    pins: t('pinsCount', { count: pins }),
  });
}

/** The chart's text alternative: every minute and source, visually hidden. */
export function renderMinutesTable(minutes: readonly AnalyticsMinute[], { t, locale }: ChartText) {
  return html`<table class="sr-only">
    <caption>${t('minutesTable')}</caption>
    <thead>
      <tr><th>${t('minute')}</th><th>${t('source')}</th><th>${t('viewers')}</th><th>${t('chat')}</th><th>${t('buyClicks')}</th><th>${t('orders')}</th><th>${t('revenue')}</th></tr>
    </thead>
    <tbody>
      ${minutes.map(
        (m) =>
          html`<tr><td>${clock(m.at, locale)}</td><td>${t(SOURCE_LABEL[m.source])}</td><td>${m.viewers}</td><td>${m.chat}</td><td>${m.buyClicks}</td><td>${m.orders}</td><td>${money(m.revenue, locale)}</td></tr>`,
      )}
    </tbody>
  </table>`;
}
