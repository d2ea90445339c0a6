import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { countBuyClick, startCheckout, type ShowTarget } from '@live-shop/client';
import {
  formatPrice,
  ErrorCode,
  LiveShopError,
  type AttributionSource,
  type CheckoutRequest,
  type Product,
} from '@live-shop/protocol';
import { LiveShopEvent, emit, type BuyDetail, type BuyErrorDetail, type CheckoutDetail } from '../events.js';
import { partsBundles } from '../i18n/parts-bundle.js';
import { I18n, type Strings } from '../i18n/controller.js';
import { resolveUrl } from '../shared/utils.js';
import { styles } from './product-card.styles.js';
import { DealTicker, formatRemaining, shownDeal, type DealClock } from './deal.js';

/** Stock at or below this shows "Only N left". */
const LOW_STOCK = 5;

/** Random hex of `bytes` bytes; `crypto.randomUUID` needs a secure context, storefronts in development may not be one. */
const randomHex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');

/** sessionStorage key of this tab's viewer reference. */
const VIEWER_REF_KEY = 'live-shop:viewer-ref';
let memoryViewerRef = '';

/**
 * This tab's viewer reference for attribution without cookies: made once per tab and kept in
 * sessionStorage, which survives the trip to the checkout and back (in memory when storage is blocked).
 */
function viewerRef(): string {
  try {
    let ref = sessionStorage.getItem(VIEWER_REF_KEY);
    if (!ref || !/^v_[0-9a-f]{16}$/.test(ref)) sessionStorage.setItem(VIEWER_REF_KEY, (ref = `v_${randomHex(8)}`));
    return ref;
  } catch {
    return (memoryViewerRef ||= `v_${randomHex(8)}`);
  }
}

/** Idempotency keys by show/product/quantity, shared by every card on the page (a card re-created by a re-pin too). */
const keys = new Map<string, { key: string; at: number }>();

/**
 * A product with its price and a **Buy now** button.
 *
 * Buy now asks the live-shop server for a checkout (`POST /api/shows/:id/checkout`; the price comes
 * from the server's catalog) and opens it in a new tab so the stream keeps playing. Presses of the
 * same product and quantity within `checkoutKeyMs` reuse one idempotency key: a double click opens
 * one checkout. Each checkout carries this tab's viewer reference (`viewerRef`, from sessionStorage) so
 * orders can be attributed without cookies.
 *
 * @tagname live-shop-product-card
 *
 * @fires {CustomEvent<BuyDetail>} live-shop-buy - Buy now was pressed. Cancelable: call `preventDefault()` to use your own
 *   cart; otherwise checkout opens in a new tab so the stream keeps playing. detail: `{show, product, quantity}`.
 * @fires {CustomEvent<CheckoutDetail>} live-shop-checkout - The server answered with an embedded checkout (Stripe): mount
 *   `detail.session.embedded` yourself, or let `<live-shop-viewer>` open it over the video. Cancelable
 *   (the viewer leaves it to you when you call `preventDefault()`). detail: `{show, product, quantity, session}`.
 * @fires {CustomEvent<BuyErrorDetail>} live-shop-buy-error - Checkout could not be started (`code` `sold_out` with the message
 *   "Sold out": the card shows Sold out; "Only N left" when more were asked for). detail: `{message, code, product}`.
 * @fires {CustomEvent<ErrorDetail>} live-shop-error - Deprecated (removed in 0.3.0): fired after each `live-shop-buy-error`
 *   with the same detail (not cancelable). detail: `{message, code, product}`.
 *
 * @csspart base - The card.
 * @csspart image - The product image.
 * @csspart title - The product title.
 * @csspart label - The variant label under the title ("Size M · Navy").
 * @csspart price - The formatted price (a flash deal's price while one runs).
 * @csspart list-price - The struck list price, while a flash deal runs.
 * @csspart deal-countdown - "Ends in 4:05", while a flash deal runs (a `timer`: readable, never announced).
 * @csspart stock - "Only N left", when 1–5 units are left.
 * @csspart social-proof - "N sold in the last minute".
 * @csspart description - The description (two lines when compact).
 * @csspart buy-button - The Buy now button.
 *
 * @cssprop --live-shop-accent - Button color.
 * @cssprop --live-shop-accent-text - Button text color.
 * @cssprop --live-shop-card-bg - Card background (default `--live-shop-bg`).
 * @cssprop --live-shop-bg - Background, when `--live-shop-card-bg` is not set.
 * @cssprop --live-shop-surface - The image well.
 * @cssprop --live-shop-text - Text color.
 * @cssprop --live-shop-muted - Secondary text (label, description).
 * @cssprop --live-shop-danger - "Only N left" and flash deal color.
 * @cssprop --live-shop-radius - Corner radius.
 * @cssprop --live-shop-font - Font family.
 * @cssprop --live-shop-focus-ring - Keyboard focus ring (a `box-shadow`).
 */
export class LiveShopProductCard extends LitElement {
  static override styles = styles;

  /** How long (ms) repeated Buy now presses of one product and quantity reuse one checkout. */
  static checkoutKeyMs = 10_000;

  /** Leaves the page for the checkout when no tab could be opened for it (replaceable, e.g. in tests). */
  static navigate = (url: string): void => location.assign(url);

  /** The product to show. */
  @property({ attribute: false }) product: Product | null = null;

  /** Show id, passed along in `live-shop-buy`. */
  @property() show = '';

  /** live-shop server that relative image and checkout URLs resolve against (default: page origin). */
  @property() server = '';

  /** Quantity to buy. */
  @property({ type: Number }) quantity = 1;

  /** Smaller layout for overlays (description clamped to two lines). */
  @property({ type: Boolean, reflect: true }) compact = false;

  /** Variant label shown under the title, e.g. "Size M · Navy". */
  @property() label = '';

  /** Units sold in the last minute; above 0 the card says so (social proof). */
  @property({ type: Number }) sold = 0;

  /** Your reference for the shopper (cart or customer id), kept on the order. */
  @property({ attribute: 'shopper-ref' }) shopperRef = '';

  /** Where the shopper watches (`live`, `replay` or `clip`): sent with checkouts and clicks for the show's analytics. */
  @property() source: AttributionSource = 'live';

  /**
   * Flash deals: the server clock and the picture's time, so the deal shows when the video reaches
   * the moment it was set (`<live-shop-viewer>` sets it). Without it: this browser's clock.
   */
  @property({ attribute: false }) clock: DealClock | null = null;

  /** Your words for any of its strings, by catalog key (e.g. `{buyNow: 'Add to bag'}`). As an attribute: JSON. */
  @property({ type: Object }) strings: Strings | null = null;

  @state() private busy = false;
  #i18n = new I18n(this, partsBundles);
  /** The server said sold out while the product had this stock; shown until the stock changes. */
  @state() private soldOutAt: { id: string; stock: number | null } | null = null;

  constructor() {
    super();
    // Flash deals: re-renders each second while the product's deal runs (the countdown); it registers itself.
    new DealTicker(this);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const p = this.product;
    if (changed.has('product') && this.soldOutAt && (p?.id !== this.soldOutAt.id || p.stock !== this.soldOutAt.stock)) {
      this.soldOutAt = null;
    }
  }

  #onBuy(): void {
    const product = this.product;
    if (!product || this.busy) return;
    const detail: BuyDetail = { show: this.show, product, quantity: this.quantity, source: this.source };
    if (!emit(this, LiveShopEvent.Buy, detail, { cancelable: true })) return this.#countClick(product);
    if (product.checkoutUrl) {
      window.open(resolveUrl(product.checkoutUrl, this.server), '_blank', 'noopener');
      return this.#countClick(product);
    }
    // No fixed checkout link: open the tab now, inside the click (popup blockers), then ask the
    // server for the checkout URL (the price comes from its catalog).
    const tab = window.open('', '_blank');
    if (tab) tab.opener = null;
    void this.#checkout(product, tab);
  }

  /** Same product and quantity within `checkoutKeyMs`: the same key, so the server answers the same checkout. */
  #idempotencyKey(product: Product): string {
    const now = Date.now();
    for (const [id, k] of keys) if (now - k.at >= LiveShopProductCard.checkoutKeyMs) keys.delete(id);
    const id = `${this.show}/${product.id}/${this.quantity}`;
    if (!keys.has(id)) keys.set(id, { key: randomHex(16), at: now });
    return keys.get(id)!.key;
  }

  async #checkout(product: Product, tab: Window | null): Promise<void> {
    const quantity = this.quantity;
    const body: CheckoutRequest = {
      productId: product.id,
      quantity,
      returnUrl: location.href,
      ...(this.shopperRef ? { shopperRef: this.shopperRef } : {}),
      viewerRef: viewerRef(),
      idempotencyKey: this.#idempotencyKey(product),
      ...(this.source !== 'live' && { source: this.source }),
    };
    this.busy = true;
    try {
      const session = await startCheckout(this.#target(), body);
      if (session.embedded) {
        tab?.close();
        const detail: CheckoutDetail = { show: this.show, product, quantity, source: this.source, session };
        emit(this, LiveShopEvent.Checkout, detail, { cancelable: true });
        return;
      }
      const url = session.url!;
      if (tab) tab.location.href = url;
      else openOrLeave(url);
    } catch (error) {
      tab?.close();
      const { code, message } =
        error instanceof LiveShopError ? error : new LiveShopError(ErrorCode.Internal, 'Checkout is not available');
      // "Only N left" (more asked for than is left) is sold_out too, but the product is still buyable.
      if (code === ErrorCode.SoldOut && message === 'Sold out')
        this.soldOutAt = { id: product.id, stock: product.stock };
      const detail: BuyErrorDetail = { message, code, product };
      emit(this, LiveShopEvent.BuyError, detail);
    } finally {
      this.busy = false;
    }
  }

  /** A Buy now press the server's checkout did not see (your cart, or a fixed checkout link): count it anyway. */
  #countClick(product: Product): void {
    void countBuyClick(this.#target(), {
      productId: product.id,
      quantity: this.quantity,
      ...(this.source !== 'live' && { source: this.source }),
    });
  }

  #target(): ShowTarget {
    return { server: resolveUrl('/', this.server), show: this.show };
  }

  override render() {
    const p = this.product;
    if (!p) return html`<article part="base" hidden></article>`;
    const soldOut = p.stock === 0 || !!this.soldOutAt;
    const low = !soldOut && p.stock !== null && p.stock <= LOW_STOCK;
    const { t } = this.#i18n;
    const name = t(soldOut ? 'soldOut' : 'buyNow');
    return html`<article part="base" aria-label=${p.title}>
      <div class="media">
        ${
          p.imageUrl
            ? html`<img part="image" src=${resolveUrl(p.imageUrl, this.server)} alt="" loading="lazy" />`
            : nothing
        }
      </div>
      <div class="body">
        <h3 part="title">${p.title}</h3>
        ${this.label ? html`<span part="label">${this.label}</span>` : nothing}
        ${this.#renderPrice(p)}
        ${
          low || this.sold > 0
            ? html`<p class="hints">
              ${low ? html`<span part="stock">${t('onlyLeft', { count: p.stock! })}</span>` : nothing}
              ${this.sold > 0 ? html`<span part="social-proof">${t('soldLastMinute', { count: this.sold })}</span>` : nothing}
            </p>`
            : nothing
        }
        ${p.description ? html`<p part="description">${p.description}</p>` : nothing}
        <button
          part="buy-button"
          class="primary"
          ?disabled=${soldOut || this.busy}
          aria-busy=${this.busy ? 'true' : nothing}
          aria-label=${this.busy ? name : nothing}
          @click=${this.#onBuy}
        >
          ${this.busy ? t('openingCheckout') : name}
        </button>
      </div>
    </article>`;
  }

  /** The price; during a flash deal, the deal price after the struck list price, and the time left. */
  #renderPrice(p: Product) {
    const { t, locale } = this.#i18n;
    const deal = shownDeal(p, this.clock);
    if (!deal) return html`<span part="price">${formatPrice(p.price, locale)}</span>`;
    const list = formatPrice(p.price, locale);
    const soon = deal.remainingMs < 60_000;
    return html`<span class="deal">
      <s part="list-price"><span class="sr">${t('listPrice', { price: list })}</span><span aria-hidden="true">${list}</span></s>
      <span part="price">${formatPrice(deal.price, locale)}</span>
      <span part="deal-countdown" role="timer" class=${soon ? 'soon' : ''}>${t('dealEndsIn', {
        time: formatRemaining(deal.remainingMs),
      })}</span>
    </span>`;
  }
}

/**
 * The blank tab was blocked, so this open (after an await, outside the click) probably is too. Without
 * 'noopener' a blocked open returns null, so we can tell, and leave the page rather than do nothing.
 */
function openOrLeave(url: string): void {
  const opened = window.open(url, '_blank');
  if (opened) opened.opener = null;
  else LiveShopProductCard.navigate(url);
}

declare global {
  interface HTMLElementTagNameMap {
    'live-shop-product-card': LiveShopProductCard;
  }
}
