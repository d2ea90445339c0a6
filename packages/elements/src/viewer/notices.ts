import { html, nothing } from 'lit';
import type { LiveShopState } from '@live-shop/client';
import { ErrorCode } from '@live-shop/protocol';
import type { BuyErrorDetail } from '../events.js';
import { errorText } from '../shared/utils.js';

/** Connection errors shown as they are, without "Retrying…": the client has stopped. */
const FINAL_ERRORS: readonly string[] = [ErrorCode.NotFound, ErrorCode.Unauthorized, ErrorCode.OriginNotAllowed];

/** Why the viewer has no show to play (shown instead of the stage and chat), or '' when it has one. */
export function showProblem(show: string, s: LiveShopState | null): string {
  if (!show) return 'No show selected.';
  if (s?.connection !== 'error' || !s.error) return '';
  if (FINAL_ERRORS.includes(s.error.code)) return errorText(s.error);
  return s.ready ? '' : "Can't reach the live show right now. Retrying…";
}

/** Why Buy now could not open a checkout, for the notice. */
export function buyErrorText({ code, message, product }: BuyErrorDetail): string {
  return code === ErrorCode.SoldOut ? `${product.title}: ${message.toLowerCase()}.` : `${message}. Please try again.`;
}

/**
 * The `notice` part: after a checkout ("Thanks for your order!") or why Buy now failed, with Dismiss.
 * It stays in the accessibility tree (only its text changes) so screen readers announce it; `kind`
 * is its class (`success`, `cancel`, `error`, or `empty` while it has nothing to say).
 */
export function renderNotice(text: string, kind: string, onDismiss: () => void) {
  return html`<div part="notice" class="returned ${kind}" role="status">
    ${
      text
        ? html`<span>${text}</span>
          <button class="ghost" aria-label="Dismiss" @click=${onDismiss}>✕</button>`
        : nothing
    }
  </div>`;
}
