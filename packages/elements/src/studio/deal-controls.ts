import { html, nothing } from 'lit';
import { DEAL_LIMITS, formatPrice, type Product } from '@live-shop/protocol';
import { formatTime } from '../shared/utils.js';
import type { ProductsContext } from './products-panel.js';

/** What the deal form holds, as typed. */
export interface DealDraft {
  price: string;
  minutes: string;
  pin: boolean;
}

const digitsOf = (currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

/** The form → the deal to send, or what is wrong with it (the server checks again). */
export function parseDeal(
  draft: DealDraft,
  p: Product,
  now: number,
  t: ProductsContext['t'],
): { amount: number; endsAt: number } | { error: string } {
  const digits = digitsOf(p.price.currency);
  const price = draft.price.trim().replace(',', '.');
  const amount = Math.round(Number(price) * 10 ** digits);
  if (!new RegExp(`^\\d+${digits ? `(\\.\\d{1,${digits}})?` : ''}$`).test(price) || amount >= p.price.amount)
    return { error: t('dealBelowPrice', { price: formatPrice(p.price) }) };
  const minutes = Number(draft.minutes.trim());
  if (!/^\d+$/.test(draft.minutes.trim()) || minutes < 1 || minutes * 60_000 > DEAL_LIMITS.maxMs)
    return { error: t('enterDealMinutes') };
  return { amount, endsAt: now + minutes * 60_000 };
}

/**
 * The products panel's flash deal controls (issue 15), under the product editor: a deal price, how
 * many minutes it runs and whether to pin it (**Start deal**), or the running deal and **End deal**.
 * Sent over the socket (`product:deal`, `product:deal-end`); viewers get it in the catalog.
 */
export class DealControls {
  draft: DealDraft = { price: '', minutes: '15', pin: true };
  error = '';
  #update: () => void;

  constructor(update: () => void) {
    this.#update = update;
  }

  #start(e: Event, p: Product, ctx: ProductsContext, now: number): void {
    e.preventDefault();
    const parsed = parseDeal(this.draft, p, now, ctx.t);
    this.error = 'error' in parsed ? parsed.error : '';
    this.#update();
    if ('error' in parsed) return;
    void ctx.run(`deal:${p.id}`, async (c) => {
      try {
        await c.setDeal({ productId: p.id, ...parsed, ...(this.draft.pin && { pin: true }) });
      } catch (error) {
        this.error = (error as Error).message;
        this.#update();
      }
    });
  }

  render(p: Product, ctx: ProductsContext, now: number) {
    const { t } = ctx;
    const busy = ctx.busy(`deal:${p.id}`) || ctx.disabled;
    const label = t('dealFor', { title: p.title });
    if (p.deal && now < p.deal.endsAt)
      return html`<div class="deal-controls" role="group" aria-label=${label}>
        <span>${t('dealRunning', { price: formatPrice(p.deal.price, ctx.locale), time: formatTime(p.deal.endsAt, ctx.locale) })}</span>
        <button class="ghost" type="button" ?disabled=${busy} @click=${() => void ctx.run(`deal:${p.id}`, (c) => c.endDeal(p.id))}>
          ${t('endDeal')}
        </button>
      </div>`;
    const set = (patch: Partial<DealDraft>) => (this.draft = { ...this.draft, ...patch });
    return html`<form class="deal-controls" novalidate aria-label=${label} @submit=${(e: Event) => this.#start(e, p, ctx, now)}>
      <label class="edit-field"><span>${t('dealPrice')} <small>${p.price.currency}</small></span>
        <input name="deal-price" inputmode="decimal" .value=${this.draft.price}
          aria-invalid=${this.error ? 'true' : 'false'} aria-describedby=${this.error ? `deal-error-${p.id}` : nothing}
          @input=${(e: Event) => set({ price: (e.target as HTMLInputElement).value })} /></label>
      <label class="edit-field"><span>${t('dealMinutes')}</span>
        <input name="deal-minutes" inputmode="numeric" .value=${this.draft.minutes}
          @input=${(e: Event) => set({ minutes: (e.target as HTMLInputElement).value })} /></label>
      <label class="deal-pin"><input type="checkbox" name="deal-pin" .checked=${this.draft.pin}
        @change=${(e: Event) => set({ pin: (e.target as HTMLInputElement).checked })} /> ${t('dealPin')}</label>
      <button class="primary" type="submit" ?disabled=${busy}>${t('startDeal')}</button>
      ${this.error ? html`<p id="deal-error-${p.id}" class="field-error" role="alert">${this.error}</p>` : nothing}
    </form>`;
  }
}
