import { html, nothing, type ReactiveController, type ReactiveElement } from 'lit';
import type { CheckoutDetail } from '../product-card/product-card.js';

/**
 * The viewer's embedded checkout: a modal `<dialog>` over the video (which keeps playing) holding
 * Stripe's embedded Checkout. Stripe.js and the mounting code load on first use. Stripe mounts only
 * outside shadow roots, so the checkout lives in a light-DOM child of the host, slotted into the dialog.
 */
export class CheckoutDialog implements ReactiveController {
  detail: CheckoutDetail | null = null;
  /** Loading, mounted, or a sentence saying why it failed. */
  phase: 'loading' | 'ready' | string = 'loading';
  #host: ReactiveElement;
  #stripeJsUrl: () => string;
  #onComplete: (detail: CheckoutDetail) => void;
  #mount: HTMLElement | null = null;
  #embedded: { destroy(): void } | null = null;

  constructor(host: ReactiveElement, stripeJsUrl: () => string, onComplete: (detail: CheckoutDetail) => void) {
    this.#host = host;
    this.#stripeJsUrl = stripeJsUrl;
    this.#onComplete = onComplete;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.close();
  }

  async open(detail: CheckoutDetail): Promise<void> {
    this.close();
    this.detail = detail;
    this.phase = 'loading';
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    this.#dialog()?.showModal();
    const mount = document.createElement('div');
    mount.slot = 'checkout';
    this.#host.append(mount);
    this.#mount = mount;
    try {
      const { mountEmbeddedCheckout } = await import('./embedded-checkout.js');
      const done = () => (this.close(), this.#onComplete(detail));
      const embedded = await mountEmbeddedCheckout(this.#stripeJsUrl(), detail.session.embedded!, mount, done);
      if (this.#mount !== mount) return embedded.destroy(); // closed while loading
      this.#embedded = embedded;
      this.phase = 'ready';
    } catch (error) {
      if (this.#mount !== mount) return;
      console.warn('live-shop: embedded checkout failed', error);
      this.phase = "Checkout couldn't load. Check your connection and try again.";
    }
    this.#host.requestUpdate();
  }

  /** Closes the dialog and destroys the checkout in it (Close, Escape, completion, or leaving the page). */
  close = (): void => {
    this.#embedded?.destroy();
    this.#embedded = null;
    this.#mount?.remove();
    this.#mount = null;
    const dialog = this.#dialog();
    if (dialog?.open) dialog.close();
    if (!this.detail) return;
    this.detail = null;
    this.#host.requestUpdate();
  };

  #dialog(): HTMLDialogElement | null | undefined {
    return this.#host.renderRoot?.querySelector?.('dialog');
  }

  render() {
    const d = this.detail;
    return html`<dialog part="checkout-dialog" aria-labelledby="checkout-h" @close=${this.close}>
      <div class="dialog-head">
        <h2 id="checkout-h">${d ? `Checkout: ${d.product.title}` : 'Checkout'}</h2>
        <button class="ghost" @click=${this.close}>Close</button>
      </div>
      ${this.phase === 'loading'
        ? html`<p class="loading">Loading checkout…</p>`
        : this.phase === 'ready'
          ? nothing
          : html`<p class="error-line" role="alert">${this.phase}</p>`}
      <div class="checkout-mount"><slot name="checkout"></slot></div>
    </dialog>`;
  }
}
