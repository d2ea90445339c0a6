import { css, html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { live } from 'lit/directives/live.js';
import type { LiveShopState } from '@live-shop/client';
import { formatPrice, type OrderFlag, type OrderStatus, type OrderSummary, type Price } from '@live-shop/protocol';
import type { Translate } from '../i18n/controller.js';
import type { MessageKey } from '../i18n/keys.js';

const FLAG_TEXT: Record<OrderFlag, MessageKey> = {
  oversold: 'flagOversold',
  amount_mismatch: 'flagAmountMismatch',
};

const STATUS_TEXT: Record<OrderStatus, MessageKey> = {
  pending: 'orderPending',
  paid: 'orderPaid',
  failed: 'orderFailed',
  expired: 'orderExpired',
};

export const percent = (ratio: number | null, locale?: string) =>
  ratio === null ? '—' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
export const money = (prices: readonly Price[], locale?: string) =>
  prices.length ? prices.map((p) => formatPrice(p, locale)).join(' · ') : '—';

/** The most recently paid of the recent orders. */
const lastPaid = (recent: readonly OrderSummary[]) =>
  recent.reduce<OrderSummary | null>(
    (last, o) => (o.status === 'paid' && (!last || o.updatedAt > last.updatedAt) ? o : last),
    null,
  );

export interface SalesPanelOptions {
  /** The settings toggle waits for the server's answer. */
  busy: boolean;
  /** Not connected (or not the host): nothing to change. */
  disabled: boolean;
  onSocialProof: (on: boolean) => void;
  /** The studio's messages and language. */
  t: Translate;
  locale: string;
}

/**
 * The studio's live sales panel (part `sales`): totals, a funnel per product, the recent orders with
 * what needs the merchant (flags), and the social-proof switch. Renders from `state.sales`, which
 * the server pushes (`show:sales`) after every order change. A visually hidden status line says
 * "New order: <title> × <qty>" for each newly paid order, so a screen reader hears it without the table
 * (it comes with the first summary: what was already sold is not announced as new).
 */
export function renderSales(s: LiveShopState | null, options: SalesPanelOptions) {
  const { busy, disabled, onSocialProof, t: tr, locale } = options;
  const sales = s?.sales ?? null;
  const title = (id: string) => s?.products.find((p) => p.id === id)?.title ?? id;
  const t = sales?.totals;
  const paid = lastPaid(sales?.recent ?? []);
  return html`<section part="sales" class="panel sales" aria-labelledby="sales-h">
    <h2 id="sales-h">${tr('sales')}</h2>
    <div class="sales-body">
      <label class="switch">
        <input
          type="checkbox"
          role="switch"
          .checked=${live(!!s?.settings.socialProof)}
          ?disabled=${disabled || busy}
          @change=${(e: Event) => onSocialProof((e.target as HTMLInputElement).checked)}
        />
        <span>${tr('showRecentSales')}</span>
      </label>
      ${
        t
          ? html`<dl class="totals">
            <div><dt>${tr('orders')}</dt><dd>${t.orders}</dd></div>
            <div><dt>${tr('units')}</dt><dd>${t.units}</dd></div>
            <div><dt>${tr('revenue')}</dt><dd>${money(t.revenue, locale)}</dd></div>
            <div><dt>${tr('conversion')}</dt><dd>${percent(t.conversion, locale)}</dd></div>
          </dl>
          <p class="sr-only" role="status">
            ${paid ? keyed(paid.id, html`<span>${tr('newOrder', { title: title(paid.productId), quantity: paid.quantity })}</span>`) : nothing}
          </p>`
          : nothing
      }
      ${
        sales?.products.length
          ? html`<div class="table-wrap" role="region" aria-label=${tr('salesByProduct')} tabindex="0">
            <table>
              <thead>
                <tr>
                  <th scope="col">${tr('product')}</th>
                  <th scope="col">${tr('impressions')}</th>
                  <th scope="col">${tr('buyClicks')}</th>
                  <th scope="col">${tr('checkouts')}</th>
                  <th scope="col">${tr('orders')}</th>
                  <th scope="col">${tr('units')}</th>
                  <th scope="col">${tr('revenue')}</th>
                  <th scope="col">${tr('conversion')}</th>
                </tr>
              </thead>
              <tbody>
                ${sales.products.map(
                  (p) => html`<tr>
                    <th scope="row">${title(p.productId)}</th>
                    <td>${p.impressions}</td>
                    <td>${p.buyClicks}</td>
                    <td>${p.checkouts}</td>
                    <td>${p.orders}</td>
                    <td>${p.units}</td>
                    <td>${formatPrice(p.revenue, locale)}</td>
                    <td>${percent(p.buyClicks ? p.orders / p.buyClicks : null, locale)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
          : nothing
      }
      <h3>${tr('recentOrders')}</h3>
      ${
        sales?.recent.length
          ? html`<ol class="orders">
            ${sales.recent.map(
              (o) => html`<li class="order ${o.flag ? 'flagged' : ''}">
                <span class="what">${title(o.productId)} × ${o.quantity}</span>
                <span class="amount">${formatPrice(o.amount, locale)}</span>
                <span class="badge status-${o.status}">${STATUS_TEXT[o.status] ? tr(STATUS_TEXT[o.status]) : o.status}</span>
                ${o.flag ? html`<p class="flag">⚠ ${FLAG_TEXT[o.flag] ? tr(FLAG_TEXT[o.flag]) : o.flag}</p>` : nothing}
              </li>`,
            )}
          </ol>`
          : html`<p class="empty">${tr('noSales')}</p>`
      }
    </div>
  </section>`;
}

export const salesStyles = css`
  .sales-body {
    display: grid;
    gap: 0.75rem;
    padding: 0.75rem 1rem 1rem;
  }
  .switch {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-size: 0.9rem;
    cursor: pointer;
  }
  .switch input {
    width: 1.1rem;
    height: 1.1rem;
    min-height: 0;
    margin: 0;
    padding: 0;
    accent-color: var(--_accent);
  }
  .totals {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(7rem, 1fr));
    gap: 0.5rem;
    margin: 0;
  }
  .totals div {
    padding: 0.5rem 0.75rem;
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_surface);
  }
  .totals dt {
    color: var(--_muted);
    font-size: 0.8rem;
  }
  .totals dd {
    margin: 0;
    font-size: 1.1rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  /* A grid item may not be narrower than its table unless told: then the table scrolls inside its panel. */
  .sales-body > * {
    min-width: 0;
  }
  .table-wrap {
    overflow-x: auto;
  }
  .sales table,
  .funnel {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.85rem;
    font-variant-numeric: tabular-nums;
  }
  .sales th,
  .sales td,
  .funnel th,
  .funnel td {
    padding: 0.35rem 0.5rem;
    border-bottom: 1px solid var(--_border);
    text-align: end;
    white-space: nowrap;
  }
  .sales th:first-child {
    text-align: start;
    white-space: normal;
  }
  .sales thead th,
  .funnel thead th {
    color: var(--_muted);
    font-weight: 600;
  }
  /* Headings wrap ("Buy clicks" on two lines) and cells keep tight: every column fits a laptop's center column. */
  .sales thead th {
    white-space: normal;
    vertical-align: bottom;
  }
  .sales th,
  .sales td {
    padding-inline: 0.3rem;
    font-size: 0.8rem;
  }
  .sales h3 {
    margin: 0;
    font-size: 0.85rem;
    color: var(--_muted);
  }
  .orders {
    display: grid;
    gap: 0.25rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .order {
    display: grid;
    grid-template-columns: 1fr auto auto;
    align-items: center;
    gap: 0.25rem 0.75rem;
    padding: 0.4rem 0.5rem;
    border-radius: calc(var(--_radius) * 0.5);
    font-size: 0.9rem;
  }
  .order.flagged {
    background: #fffbeb;
  }
  .amount {
    font-variant-numeric: tabular-nums;
  }
  .badge.status-paid {
    background: #dcfce7;
    color: #14532d;
  }
  .badge.status-failed,
  .badge.status-expired {
    background: #fee2e2;
    color: #7f1d1d;
  }
  .flag {
    grid-column: 1 / -1;
    margin: 0;
    color: #78350f;
    font-size: 0.85rem;
    font-weight: 600;
  }
  .sales .empty {
    margin: 0;
    padding: 0;
  }
`;
