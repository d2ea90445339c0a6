import { css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { LiveShopClient, LiveShopState } from '@live-shop/client';
import { formatPrice, type ShowAnalytics } from '@live-shop/protocol';
import type { MessageKey } from '../i18n/keys.js';
import { renderChart, renderMinutesTable, SOURCE_LABEL, sumRevenue, type ChartText } from './analytics-chart.js';
import { money, percent } from './sales-panel.js';

/**
 * The studio's Analytics panel (part `analytics`, hosts only): viewers per minute live vs replay with
 * orders and pin moments, the per-product funnel per source, and a CSV download. Read over HTTP when
 * opened and every `refreshMs` while it stays open (also after the show ended: replays keep selling).
 */
export class AnalyticsPanel implements ReactiveController {
  /** How often an open panel reads the figures again. */
  static refreshMs = 30_000;
  report: ShowAnalytics | null = null;
  /** What failed last (a catalog key), '' when nothing did; `error` is the server's word on it, if any. */
  failed: MessageKey | '' = '';
  error = '';
  #open = false;
  #timer: ReturnType<typeof setInterval> | undefined;
  #client: LiveShopClient | null = null;
  #loading: Promise<void> | null = null;
  #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#stop();
  }

  /** The studio's current client: a new one (another show or token) starts from nothing. */
  sync(client: LiveShopClient | null): void {
    if (client === this.#client) return;
    this.#client = client;
    this.report = null;
    [this.failed, this.error] = ['', ''];
    if (this.#open) this.#start();
  }

  /** Reads the figures now (one read at a time). */
  refresh(): Promise<void> {
    const client = this.#client;
    if (!client) return Promise.resolve();
    return (this.#loading ??= client
      .getAnalytics()
      .then(
        (report) => {
          if (client !== this.#client) return;
          this.report = report;
          [this.failed, this.error] = ['', ''];
        },
        (error: unknown) => {
          if (client === this.#client) [this.failed, this.error] = ['analyticsFailed', (error as Error).message ?? ''];
        },
      )
      .finally(() => {
        this.#loading = null;
        this.#host.requestUpdate();
      }));
  }

  #start(): void {
    this.#stop();
    void this.refresh();
    this.#timer = setInterval(() => void this.refresh(), AnalyticsPanel.refreshMs);
  }

  #stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #toggle(e: Event): void {
    this.#open = (e.target as HTMLDetailsElement).open;
    if (this.#open) this.#start();
    else this.#stop();
  }

  /** The CSV needs the host token in a header, so it is fetched and handed over as a Blob. */
  async #download(): Promise<void> {
    const client = this.#client;
    if (!client) return;
    try {
      const csv = await client.getAnalyticsCsv();
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const a = Object.assign(document.createElement('a'), {
        href: url,
        download: `show-${client.options.show}-analytics.csv`,
      });
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      [this.failed, this.error] = ['csvFailed', (error as Error).message ?? ''];
      this.#host.requestUpdate();
    }
  }

  render(s: LiveShopState | null, text: ChartText) {
    if (s?.role !== 'host') return nothing;
    const { t, locale } = text;
    const r = this.report;
    const title = (id: string) => s.products.find((p) => p.id === id)?.title ?? id;
    return html`<section part="analytics" class="panel analytics" aria-labelledby="analytics-h">
      <details @toggle=${(e: Event) => this.#toggle(e)}>
        <summary><h2 id="analytics-h">${t('analytics')}</h2></summary>
        <div class="analytics-body">
          ${this.failed ? html`<p class="error-line" role="alert">${this.error || t(this.failed)}</p>` : nothing}
          ${
            r
              ? html`<div class="legend" aria-hidden="true">
                  <span class="key live">${t('liveViewers')}</span><span class="key replay">${t('replayViewers')}</span>
                  <span class="key clip">${t('clipViewers')}</span><span class="key orders">${t('orders')}</span>
                  <span class="key pins">${t('pins')}</span>
                </div>
                ${renderChart(r, title, text)} ${renderMinutesTable(r.minutes, text)}
                <p class="totals-line">
                  ${t('ordersCount', { count: r.minutes.reduce((n, m) => n + m.orders, 0) })} ·
                  ${money(sumRevenue(r.minutes.flatMap((m) => m.revenue)), locale)}
                </p>
                ${this.#renderFunnel(r, title, text)}
                <button class="ghost" @click=${() => this.#download()}>${t('downloadCsv')}</button>`
              : this.failed
                ? nothing
                : html`<p class="empty">${t('loading')}</p>`
          }
        </div>
      </details>
    </section>`;
  }

  #renderFunnel(r: ShowAnalytics, title: (id: string) => string, { t, locale }: ChartText) {
    if (!r.funnel.length) return nothing;
    return html`<div class="table-wrap" role="region" aria-label=${t('funnel')} tabindex="0">
      <table class="funnel">
        <caption class="sr-only">${t('funnel')}</caption>
        <thead>
          <tr>
            <th scope="col">${t('product')}</th><th scope="col">${t('source')}</th><th scope="col">${t('impressions')}</th>
            <th scope="col">${t('buyClicks')}</th><th scope="col">${t('checkouts')}</th><th scope="col">${t('orders')}</th>
            <th scope="col">${t('units')}</th><th scope="col">${t('revenue')}</th><th scope="col">${t('conversion')}</th>
          </tr>
        </thead>
        <tbody>
          ${r.funnel.map(
            (f) => html`<tr>
              <th scope="row">${title(f.productId)}</th><td>${t(SOURCE_LABEL[f.source])}</td><td>${f.impressions}</td>
              <td>${f.buyClicks}</td><td>${f.checkouts}</td><td>${f.orders}</td><td>${f.units}</td>
              <td>${formatPrice(f.revenue, locale)}</td><td>${percent(f.conversion, locale)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}

export const analyticsStyles = css`
  .analytics summary {
    cursor: pointer;
    list-style-position: inside;
  }
  .analytics summary h2 {
    display: inline;
    border: 0;
  }
  .analytics summary:focus-visible {
    outline: none;
    box-shadow: var(--_focus);
  }
  .analytics-body {
    display: grid;
    gap: 0.75rem;
    padding: 0.75rem 1rem 1rem;
  }
  .chart {
    width: 100%;
    height: var(--live-shop-chart-height, 10rem);
    border-radius: calc(var(--_radius) * 0.5);
    background: var(--_surface);
  }
  .chart .viewers {
    fill: none;
    stroke-width: 2;
    vector-effect: non-scaling-stroke;
  }
  .viewers.live,
  .key.live::before {
    stroke: var(--live-shop-chart-live, var(--_live));
    background: var(--live-shop-chart-live, var(--_live));
  }
  .viewers.replay,
  .key.replay::before {
    stroke: var(--live-shop-chart-replay, var(--_accent));
    background: var(--live-shop-chart-replay, var(--_accent));
  }
  .viewers.clip,
  .key.clip::before {
    stroke: var(--live-shop-chart-clip, #0d9488);
    background: var(--live-shop-chart-clip, #0d9488);
  }
  .orders-bar,
  .key.orders::before {
    fill: var(--live-shop-chart-orders, #16a34a);
    background: var(--live-shop-chart-orders, #16a34a);
    opacity: 0.45;
  }
  .pin-mark,
  .key.pins::before {
    stroke: var(--_muted);
    background: var(--_muted);
    stroke-dasharray: 3 3;
    vector-effect: non-scaling-stroke;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    color: var(--_muted);
    font-size: 0.8rem;
  }
  .key::before {
    content: '';
    display: inline-block;
    width: 0.75rem;
    height: 0.2rem;
    margin-inline-end: 0.3rem;
    vertical-align: middle;
  }
  .totals-line {
    margin: 0;
    font-variant-numeric: tabular-nums;
  }
  .funnel th[scope='row'],
  .funnel td:nth-child(2) {
    text-align: start;
    font-weight: 400;
  }
  .analytics .empty {
    margin: 0;
  }
`;
