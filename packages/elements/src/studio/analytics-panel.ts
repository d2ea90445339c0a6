import { css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { LiveShopClient, LiveShopState } from '@live-shop/client';
import { formatPrice, type ShowAnalytics } from '@live-shop/protocol';
import { renderChart, renderMinutesTable, SOURCE_LABEL, sumRevenue } from './analytics-chart.js';
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
    this.error = '';
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
          this.error = '';
        },
        (error: unknown) => {
          if (client === this.#client) this.error = (error as Error).message || 'Could not load the analytics';
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
      this.error = (error as Error).message || 'Could not download the CSV';
      this.#host.requestUpdate();
    }
  }

  render(s: LiveShopState | null) {
    if (s?.role !== 'host') return nothing;
    const r = this.report;
    const title = (id: string) => s.products.find((p) => p.id === id)?.title ?? id;
    return html`<section part="analytics" class="panel analytics" aria-labelledby="analytics-h">
      <details @toggle=${(e: Event) => this.#toggle(e)}>
        <summary><h2 id="analytics-h">Analytics</h2></summary>
        <div class="analytics-body">
          ${this.error ? html`<p class="error-line" role="alert">${this.error}</p>` : nothing}
          ${
            r
              ? html`<div class="legend" aria-hidden="true">
                  <span class="key live">Live viewers</span><span class="key replay">Replay viewers</span>
                  <span class="key clip">Clip viewers</span><span class="key orders">Orders</span>
                  <span class="key pins">Pins</span>
                </div>
                ${renderChart(r, title)} ${renderMinutesTable(r.minutes)}
                <p class="totals-line">
                  ${r.minutes.reduce((n, m) => n + m.orders, 0)} orders ·
                  ${money(sumRevenue(r.minutes.flatMap((m) => m.revenue)))}
                </p>
                ${this.#renderFunnel(r, title)}
                <button class="ghost" @click=${() => this.#download()}>Download CSV</button>`
              : this.error
                ? nothing
                : html`<p class="empty">Loading…</p>`
          }
        </div>
      </details>
    </section>`;
  }

  #renderFunnel(r: ShowAnalytics, title: (id: string) => string) {
    if (!r.funnel.length) return nothing;
    return html`<div class="table-wrap" role="region" aria-label="Funnel by product and source" tabindex="0">
      <table class="funnel">
        <caption class="sr-only">Funnel by product and source</caption>
        <thead>
          <tr>
            <th scope="col">Product</th><th scope="col">Source</th><th scope="col">Impressions</th>
            <th scope="col">Buy clicks</th><th scope="col">Checkouts</th><th scope="col">Orders</th>
            <th scope="col">Units</th><th scope="col">Revenue</th><th scope="col">Conversion</th>
          </tr>
        </thead>
        <tbody>
          ${r.funnel.map(
            (f) => html`<tr>
              <th scope="row">${title(f.productId)}</th><td>${SOURCE_LABEL[f.source]}</td><td>${f.impressions}</td>
              <td>${f.buyClicks}</td><td>${f.checkouts}</td><td>${f.orders}</td><td>${f.units}</td>
              <td>${formatPrice(f.revenue)}</td><td>${percent(f.conversion)}</td>
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
    margin-right: 0.3rem;
    vertical-align: middle;
  }
  .totals-line {
    margin: 0;
    font-variant-numeric: tabular-nums;
  }
  .funnel th[scope='row'],
  .funnel td:nth-child(2) {
    text-align: left;
    font-weight: 400;
  }
  .analytics .empty {
    margin: 0;
  }
`;
