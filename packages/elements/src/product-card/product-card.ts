import { LitElement, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { formatPrice, type Product } from '@live-shop/protocol';
import { emit, resolveUrl } from '../shared/utils.js';
import { styles } from './product-card.styles.js';

export interface BuyDetail {
  show: string;
  product: Product;
  quantity: number;
}

/**
 * A product with its price and a **Buy now** button.
 *
 * @tagname live-shop-product-card
 *
 * @fires live-shop-buy - Buy now was pressed. Cancelable: call `preventDefault()` to use your own
 *   cart; otherwise checkout opens in a new tab so the stream keeps playing. detail: `{show, product, quantity}`.
 * @fires live-shop-error - Checkout could not be started. detail: `{message, product}`.
 *
 * @csspart base - The card.
 * @csspart image - The product image.
 * @csspart title - The product title.
 * @csspart price - The formatted price.
 * @csspart description - The description (two lines when compact).
 * @csspart buy-button - The Buy now button.
 *
 * @cssprop --live-shop-accent - Button color.
 * @cssprop --live-shop-accent-text - Button text color.
 * @cssprop --live-shop-card-bg - Card background.
 * @cssprop --live-shop-radius - Corner radius.
 * @cssprop --live-shop-font - Font family.
 */
export class LiveShopProductCard extends LitElement {
  static override styles = styles;

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

  #onBuy(): void {
    const product = this.product;
    if (!product) return;
    const detail: BuyDetail = { show: this.show, product, quantity: this.quantity };
    if (!emit(this, 'live-shop-buy', detail, true)) return;
    if (product.checkoutUrl) {
      window.open(resolveUrl(product.checkoutUrl, this.server), '_blank', 'noopener');
      return;
    }
    // No fixed checkout link: open the tab now, inside the click (popup blockers), then ask the
    // server for the checkout URL (the price comes from its catalog).
    const tab = window.open('', '_blank');
    if (tab) tab.opener = null;
    void this.#checkout(product, tab);
  }

  async #checkout(product: Product, tab: Window | null): Promise<void> {
    const endpoint = resolveUrl(`/api/shows/${encodeURIComponent(this.show)}/checkout`, this.server);
    try {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ productId: product.id, quantity: this.quantity }),
      });
      const body = (await res.json()) as { url?: string; error?: { message: string } };
      if (!res.ok || !body.url) throw new Error(body.error?.message ?? 'Checkout is not available');
      const url = resolveUrl(body.url, this.server);
      if (tab) tab.location.href = url;
      else window.open(url, '_blank', 'noopener');
    } catch (error) {
      tab?.close();
      emit(this, 'live-shop-error', { message: (error as Error).message, product });
    }
  }

  override render() {
    const p = this.product;
    if (!p) return html`<article part="base" hidden></article>`;
    const soldOut = p.stock === 0;
    return html`<article part="base" aria-label=${p.title}>
      <div class="media">
        ${p.imageUrl
          ? html`<img part="image" src=${resolveUrl(p.imageUrl, this.server)} alt="" loading="lazy" />`
          : nothing}
      </div>
      <div class="body">
        <h3 part="title">${p.title}</h3>
        <span part="price">${formatPrice(p.price)}</span>
        ${p.description ? html`<p part="description">${p.description}</p>` : nothing}
        <button part="buy-button" class="primary" ?disabled=${soldOut} @click=${this.#onBuy}>
          ${soldOut ? 'Sold out' : 'Buy now'}
        </button>
      </div>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'live-shop-product-card': LiveShopProductCard;
  }
}
