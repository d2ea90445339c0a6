import { html, nothing, type ReactiveController, type ReactiveElement } from 'lit';
import { releaseCheckout } from '@live-shop/client';
import type { CheckoutDetail } from '../events.js';
import type { Translate } from '../i18n/controller.js';
import { resolveUrl } from '../shared/utils.js';

/** Its dialog's styles: the viewer adopts them with this chunk. */
export { checkoutDialogStyles } from './checkout-dialog.styles.js';

export interface CheckoutDialogOptions {
  stripeJsUrl: () => string;
  /** The live-shop server the order is released on when the shopper closes an unfinished checkout. */
  server: () => string;
  onComplete: (detail: CheckoutDetail) => void;
  /** The host's messages. */
  t: Translate;
}

/**
 * The viewer's embedded checkout (a lazy chunk, loaded by the first embedded checkout): a modal `<dialog>` over the video (which keeps playing) holding
 * Stripe's embedded Checkout. Stripe.js and the mounting code load on first use. Stripe mounts only
 * outside shadow roots, so the checkout lives in a light-DOM child of the host, slotted into the dialog.
 * Closed by the shopper (Close, Escape) before Stripe reported completion, the order is cancelled at
 * once, so its stock hold is released now instead of when the checkout expires.
 */
export class CheckoutDialog implements ReactiveController {
  detail: CheckoutDetail | null = null;
  /** Loading, mounted, or failed. */
  phase: 'loading' | 'ready' | 'failed' = 'loading';
  #host: ReactiveElement;
  #options: CheckoutDialogOptions;
  #mount: HTMLElement | null = null;
  #embedded: { destroy(): void } | null = null;

  constructor(host: ReactiveElement, options: CheckoutDialogOptions) {
    this.#host = host;
    this.#options = options;
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
      const done = () => (this.close(), this.#options.onComplete(detail));
      const embedded = await mountEmbeddedCheckout(this.#options.stripeJsUrl(), detail.session.embedded!, mount, done);
      if (this.#mount !== mount) return embedded.destroy(); // closed while loading
      this.#embedded = embedded;
      this.phase = 'ready';
    } catch (error) {
      if (this.#mount !== mount) return;
      console.warn('live-shop: embedded checkout failed', error);
      this.phase = 'failed';
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

  /**
   * The shopper closed it (Close, or Escape then the dialog's close event). After completion, or
   * when `close()` closed the dialog itself, `detail` is already null: nothing to release.
   */
  #dismiss = (): void => {
    const detail = this.detail;
    this.close();
    const order = detail?.session.orderId;
    if (!order) return;
    void releaseCheckout({ server: resolveUrl('/', this.#options.server()), show: detail.show }, order);
  };

  #dialog(): HTMLDialogElement | null | undefined {
    return this.#host.renderRoot?.querySelector?.('dialog');
  }

  render() {
    const d = this.detail;
    const { t } = this.#options;
    return html`<dialog part="checkout-dialog" aria-labelledby="checkout-h" @close=${this.#dismiss}>
      <div class="dialog-head">
        <h2 id="checkout-h">${d ? t('checkoutFor', { title: d.product.title }) : t('checkout')}</h2>
        <button class="ghost" @click=${this.#dismiss}>${t('close')}</button>
      </div>
      ${
        this.phase === 'loading'
          ? html`<p class="loading">${t('loadingCheckout')}</p>`
          : this.phase === 'ready'
            ? nothing
            : html`<p class="error-line" role="alert">${t('checkoutFailed')}</p>`
      }
      <div class="checkout-mount"><slot name="checkout"></slot></div>
    </dialog>`;
  }
}
