import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { LiveShopClient, LiveShopState } from '@live-shop/client';
import { ErrorCode, formatPrice, type Product, type UpdateProductBody } from '@live-shop/protocol';
import type { Translate } from '../i18n/controller.js';
import { englishStudio } from '../i18n/studio-bundle.js';
import { errorText, formatTime, resolveUrl } from '../shared/utils.js';
import { DealControls } from './deal-controls.js';

export interface ProductsContext {
  /** Runs a client action with the studio's busy marking and error line. */
  run: (key: string, action: (client: LiveShopClient) => Promise<unknown>) => Promise<void>;
  busy: (key: string) => boolean;
  /** The live-shop server (relative image URLs resolve against it). */
  server: string;
  /** Not connected: nothing to change. */
  disabled: boolean;
  /** The studio's messages and language. */
  t: Translate;
  locale: string;
}

/** What the editor changes, as typed in its fields. */
export interface ProductDraft {
  title: string;
  price: string;
  stock: string;
  imageUrl: string;
}
type Field = keyof ProductDraft;
export type DraftErrors = Partial<Record<Field | 'form', string>>;

/** The server's field paths (`price.amount: …`) → the editor's fields. */
const FIELD_OF: Record<string, Field> = {
  title: 'title',
  price: 'price',
  'price.amount': 'price',
  'price.currency': 'price',
  stripePriceId: 'price',
  stock: 'stock',
  imageUrl: 'imageUrl',
};

/** Minor-unit digits of a currency, as the catalog and `formatPrice` count them (2 for USD, 0 for JPY). */
const digitsOf = (currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

export function toDraft(p: Product): ProductDraft {
  const digits = digitsOf(p.price.currency);
  return {
    title: p.title,
    price: (p.price.amount / 10 ** digits).toFixed(digits),
    stock: p.stock === null ? '' : String(p.stock),
    imageUrl: p.imageUrl ?? '',
  };
}

/**
 * The fields → what changed (only that is sent: a title edit never re-checks the price), or the
 * mistakes the page can tell without asking; the server checks the rest as on creation.
 */
export function parseDraft(
  draft: ProductDraft,
  p: Product,
  t: Translate = englishStudio,
): { patch: UpdateProductBody } | { errors: DraftErrors } {
  const errors: DraftErrors = {};
  const patch: UpdateProductBody = {};
  const before = toDraft(p);
  const digits = digitsOf(p.price.currency);
  if (draft.title.trim() !== before.title) patch.title = draft.title.trim();
  if (!draft.title.trim()) errors.title = t('enterTitle');
  const price = draft.price.trim().replace(',', '.');
  if (!new RegExp(`^\\d+${digits ? `(\\.\\d{1,${digits}})?` : ''}$`).test(price)) {
    errors.price = t('enterPrice', { example: (1234 / 100).toFixed(digits) });
  } else if (price !== before.price) {
    patch.price = { amount: Math.round(Number(price) * 10 ** digits), currency: p.price.currency };
  }
  const stock = draft.stock.trim();
  if (stock && !/^\d+$/.test(stock)) errors.stock = t('enterStock');
  else if (stock !== before.stock) patch.stock = stock ? Number(stock) : null;
  const imageUrl = draft.imageUrl.trim();
  if (imageUrl !== before.imageUrl) patch.imageUrl = imageUrl || null;
  return Object.keys(errors).length ? { errors } : { patch };
}

/** A refused edit → the field it is about (`bad_request` names it), else a line for the whole form. */
export function draftErrors(error: unknown, t: Translate): DraftErrors {
  const { code, message = '' } = (error ?? {}) as { code?: string; message?: string };
  const match = /^([\w.]+): (.+)$/s.exec(message);
  const field = match && FIELD_OF[match[1]!];
  if (code === ErrorCode.BadRequest && field) return { [field]: match[2] };
  // A product removed meanwhile: the server's own sentence, not the show-level one.
  return { form: code === ErrorCode.NotFound ? message : errorText(error, t) };
}

/**
 * The studio's products panel (part `products`): pin toggles, and the product editor (title, price,
 * stock, image; Delete product), sent with the host token over the socket (`product:update`,
 * `product:delete`). A refused edit is shown next to its field; viewers see an accepted one at once.
 */
export class ProductsPanel implements ReactiveController {
  /** The product being edited (one at a time). */
  editing: string | null = null;
  draft: ProductDraft = { title: '', price: '', stock: '', imageUrl: '' };
  errors: DraftErrors = {};
  confirmDelete = false;
  #host: ReactiveControllerHost & HTMLElement;
  /** Flash deals (issue 15): under the editor of the product being edited. */
  #deals = new DealControls(() => this.#host.requestUpdate());
  /** The server clock (this browser's, corrected by the client's offset), for deals. */
  #now = 0;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.editing = null;
  }

  #set(patch: Partial<Pick<ProductsPanel, 'editing' | 'draft' | 'errors' | 'confirmDelete'>>): void {
    Object.assign(this, patch);
    this.#host.requestUpdate();
  }

  #open(p: Product): void {
    this.#set({ editing: p.id, draft: toDraft(p), errors: {}, confirmDelete: false });
    void (this.#host as unknown as { updateComplete: Promise<unknown> }).updateComplete.then(() =>
      this.#host.shadowRoot?.querySelector<HTMLInputElement>('.editor input')?.focus(),
    );
  }

  #close(): void {
    const id = this.editing;
    this.#set({ editing: null, errors: {}, confirmDelete: false });
    if (id) this.#host.shadowRoot?.querySelector<HTMLElement>(`[data-edit="${CSS.escape(id)}"]`)?.focus();
  }

  #save(e: Event, p: Product, ctx: ProductsContext): void {
    e.preventDefault();
    const parsed = parseDraft(this.draft, p, ctx.t);
    if ('errors' in parsed) return this.#set({ errors: parsed.errors });
    if (!Object.keys(parsed.patch).length) return this.#close();
    this.#set({ errors: {} });
    void ctx.run(`edit:${p.id}`, async (c) => {
      try {
        await c.updateProduct(p.id, parsed.patch);
        this.#close();
      } catch (error) {
        this.#set({ errors: draftErrors(error, ctx.t) });
      }
    });
  }

  #delete(p: Product, ctx: ProductsContext): void {
    void ctx.run(`edit:${p.id}`, async (c) => {
      try {
        await c.deleteProduct(p.id);
        this.#set({ editing: null, errors: {}, confirmDelete: false });
      } catch (error) {
        this.#set({ errors: draftErrors(error, ctx.t), confirmDelete: false });
      }
    });
  }

  #field(name: Field, label: string, options: { type?: string; inputmode?: string; hint?: string } = {}) {
    const error = this.errors[name];
    const id = `edit-${name}`;
    return html`<label class="edit-field">
      <span>${label}${options.hint ? html` <small>${options.hint}</small>` : nothing}</span>
      <input
        name=${name}
        type=${options.type ?? 'text'}
        inputmode=${options.inputmode ?? 'text'}
        .value=${this.draft[name]}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `${id}-error` : nothing}
        @input=${(e: Event) => (this.draft = { ...this.draft, [name]: (e.target as HTMLInputElement).value })}
      />
      ${error ? html`<span id="${id}-error" class="field-error">${error}</span>` : nothing}
    </label>`;
  }

  #renderEditor(p: Product, ctx: ProductsContext) {
    const busy = ctx.busy(`edit:${p.id}`);
    const { t } = ctx;
    // novalidate: the server's checks (and their messages) are the ones that count; an absolute path is a fine image.
    return html`<form class="editor" novalidate aria-label=${t('editTitle', { title: p.title })} @submit=${(e: Event) => this.#save(e, p, ctx)} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.#close()}>
      ${this.#field('title', t('title'))} ${this.#field('price', t('price'), { inputmode: 'decimal', hint: p.price.currency })}
      ${this.#field('stock', t('stock'), { inputmode: 'numeric', hint: t('stockHint') })} ${this.#field('imageUrl', t('imageUrl'), { type: 'url' })}
      ${this.errors.form ? html`<p class="field-error form-error" role="alert">${this.errors.form}</p>` : nothing}
      <div class="editor-actions">
        <button class="primary" type="submit" ?disabled=${busy || ctx.disabled}>${t('save')}</button>
        <button class="ghost" type="button" @click=${() => this.#close()}>${t('cancel')}</button>
        ${
          this.confirmDelete
            ? html`<button class="danger" type="button" ?disabled=${busy || ctx.disabled} @click=${() => this.#delete(p, ctx)}>${t('confirmDelete')}</button>
              <button class="ghost" type="button" @click=${() => this.#set({ confirmDelete: false })}>${t('keepProduct')}</button>`
            : html`<button class="ghost delete" type="button" ?disabled=${busy || ctx.disabled} @click=${() => this.#set({ confirmDelete: true })}>
              ${t('deleteProduct')}
            </button>`
        }
      </div>
    </form>`;
  }

  #renderProduct(p: Product, pinned: boolean, ctx: ProductsContext) {
    const editing = this.editing === p.id;
    const { t } = ctx;
    return html`<li class="product ${pinned ? 'pinned' : ''} ${editing ? 'editing' : ''}">
      ${p.imageUrl ? html`<img class="thumb" src=${resolveUrl(p.imageUrl, ctx.server)} alt="" loading="lazy" />` : html`<span class="thumb"></span>`}
      <div class="info">
        <strong>${p.title}</strong>
        <span>${formatPrice(p.price, ctx.locale)}${p.stock === null ? '' : ` · ${p.stock === 0 ? t('soldOut') : t('stockLeft', { count: p.stock })}`}</span>
        ${
          p.deal && this.#now < p.deal.endsAt
            ? html`<span class="deal-mark">${t('dealRunning', {
                price: formatPrice(p.deal.price, ctx.locale),
                time: formatTime(p.deal.endsAt, ctx.locale),
              })}</span>`
            : nothing
        }
        <button
          class="edit-link"
          data-edit=${p.id}
          aria-label=${t('editTitle', { title: p.title })}
          aria-expanded=${editing ? 'true' : 'false'}
          ?disabled=${ctx.disabled}
          @click=${() => (editing ? this.#close() : this.#open(p))}
        >
          ${t('edit')}
        </button>
      </div>
      <button
        class=${pinned ? 'primary' : 'ghost'}
        aria-pressed=${pinned ? 'true' : 'false'}
        aria-label=${t(pinned ? 'unpinTitle' : 'pinTitle', { title: p.title })}
        ?disabled=${ctx.busy(`pin:${p.id}`)}
        @click=${() => void ctx.run(`pin:${p.id}`, (c) => (pinned ? c.unpin(p.id) : c.pin(p.id)))}
      >
        ${t(pinned ? 'unpin' : 'pin')}
      </button>
      ${editing ? html`${this.#renderEditor(p, ctx)}${this.#deals.render(p, ctx, this.#now)}` : nothing}
    </li>`;
  }

  render(s: LiveShopState | null, ctx: ProductsContext) {
    const pins = s?.pins.productIds ?? [];
    this.#now = Date.now() + (s?.clockOffset ?? 0);
    // Deleted meanwhile (here or in another studio): nothing left to edit.
    if (this.editing && !s?.products.some((p) => p.id === this.editing)) this.editing = null;
    return html`<section part="products" class="panel" aria-labelledby="products-h">
      <h2 id="products-h">${ctx.t('products')}</h2>
      <ul class="products">
        ${
          s?.products.length
            ? s.products.map((p) => this.#renderProduct(p, pins.includes(p.id), ctx))
            : html`<li class="empty">${ctx.t('noProducts')}</li>`
        }
      </ul>
    </section>`;
  }
}
