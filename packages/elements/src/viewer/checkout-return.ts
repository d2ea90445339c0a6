import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MessageKey } from '../i18n/keys.js';
import {
  CHECKOUT_CHANNEL,
  isCheckoutReturn,
  takeCheckoutReturn,
  type CheckoutReturn,
  type CheckoutReturnStatus,
} from '@live-shop/client';

/**
 * What the viewer says when the checkout sends the shopper back. `success` comes from the address
 * alone, before the payment may have settled (delayed methods): no "confirmed".
 */
export const RETURN_KEY: Readonly<Record<CheckoutReturnStatus, MessageKey>> = {
  success: 'returnSuccess',
  cancel: 'returnCancel',
};

/**
 * The shopper coming back from the checkout (`?live_shop_checkout=success|cancel&live_shop_show=…`):
 * takes the return from the address bar (cleaning it) and tells the viewers of the same show in the
 * shopper's other tabs (a `BroadcastChannel`), so each can say so.
 */
export class CheckoutReturns implements ReactiveController {
  #channel: BroadcastChannel | null = null;
  #show: () => string;
  #onReturn: (back: CheckoutReturn) => void;

  /** `onReturn` gets each return of the show `show()` names, from this page or another tab. */
  constructor(host: ReactiveControllerHost, show: () => string, onReturn: (back: CheckoutReturn) => void) {
    this.#show = show;
    this.#onReturn = onReturn;
    host.addController(this);
  }

  hostConnected(): void {
    if (typeof BroadcastChannel !== 'function') return;
    this.#channel = new BroadcastChannel(CHECKOUT_CHANNEL);
    this.#channel.onmessage = ({ data }: MessageEvent) => {
      if (isCheckoutReturn(data) && data.show === this.#show()) this.#onReturn(data);
    };
  }

  hostDisconnected(): void {
    this.#channel?.close();
    this.#channel = null;
  }

  /** The checkout sent the shopper back here: say so, and tell this show's viewers in other tabs. True if it did. */
  take(): boolean {
    const back = takeCheckoutReturn(this.#show());
    if (!back) return false;
    this.#onReturn(back);
    this.#channel?.postMessage(back);
    return true;
  }
}
