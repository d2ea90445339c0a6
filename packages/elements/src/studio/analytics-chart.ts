import { html, nothing, svg } from 'lit';
import { money } from './sales-panel.js';
import { type AnalyticsMinute, type AttributionSource, type Price, type ShowAnalytics } from '@live-shop/protocol';

/** The chart's own coordinates (it scales to the panel's width). */
const W = 600;
const H = 160;
const PAD = 6;
export const SOURCE_LABEL: Record<AttributionSource, string> = { live: 'Live', replay: 'Replay', clip: 'Clips' };

const clock = (at: number) => new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

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
export function renderChart(report: ShowAnalytics, title: (productId: string) => string) {
  const columns = columnsOf(report);
  if (!columns.length) return html`<p class="empty">No viewers or sales yet.</p>`;
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
    aria-label=${summary(report, columns.length)}
  >
    ${orders.map((ms, i) => {
      const count = ms.reduce((n, m) => n + m.orders, 0);
      if (!count) return nothing;
      const height = (count / mostOrders) * (H - 2 * PAD) * 0.5;
      return svg`<rect class="orders-bar" x=${x(i) - barWidth / 2} y=${H - PAD - height} width=${barWidth} height=${height}>
        <title>${clock(columns[i]!)}: ${count} ${count === 1 ? 'order' : 'orders'}, ${money(sumRevenue(ms.flatMap((m) => m.revenue)))}</title>
      </rect>`;
    })}
    ${pinMoments(report).map(
      (p) =>
        svg`<line class="pin-mark" x1=${pinX(p.at)} x2=${pinX(p.at)} y1=${PAD} y2=${H - PAD}>
          <title>${clock(p.at)}: ${p.added.map(title).join(', ')} pinned</title>
        </line>`,
    )}
    ${sources.map(
      (source) =>
        svg`<polyline class="viewers ${source}" points=${line(source)}><title>${SOURCE_LABEL[source]} viewers</title></polyline>`,
    )}
  </svg>`;
}

/** What the chart shows, in one sentence (its accessible name). */
function summary(report: ShowAnalytics, minutes: number): string {
  const peaks = (['live', 'replay', 'clip'] as const)
    .map((s) => [s, Math.max(0, ...report.minutes.filter((m) => m.source === s).map((m) => m.viewers))] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${SOURCE_LABEL[s].toLowerCase()} ${n}`);
  const orders = report.minutes.reduce((n, m) => n + m.orders, 0);
  const revenue = money(sumRevenue(report.minutes.flatMap((m) => m.revenue)));
  const pins = pinMoments(report).length;
  return (
    `Viewers per minute over ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} with activity` +
    (peaks.length ? `, peak ${peaks.join(', ')}` : '') +
    `; ${orders} ${orders === 1 ? 'order' : 'orders'} (${revenue}); ${pins} ${pins === 1 ? 'pin' : 'pins'}. The table of minutes follows.`
  );
}

/** The chart's text alternative: every minute and source, visually hidden. */
export function renderMinutesTable(minutes: readonly AnalyticsMinute[]) {
  return html`<table class="sr-only">
    <caption>Minutes</caption>
    <thead>
      <tr><th>Minute</th><th>Source</th><th>Viewers</th><th>Chat</th><th>Buy clicks</th><th>Orders</th><th>Revenue</th></tr>
    </thead>
    <tbody>
      ${minutes.map(
        (m) =>
          html`<tr><td>${clock(m.at)}</td><td>${SOURCE_LABEL[m.source]}</td><td>${m.viewers}</td><td>${m.chat}</td><td>${m.buyClicks}</td><td>${m.orders}</td><td>${money(m.revenue)}</td></tr>`,
      )}
    </tbody>
  </table>`;
}
