import { html, nothing } from 'lit';
import type { LiveShopState } from '@live-shop/client';
import { ErrorCode } from '@live-shop/protocol';
import type { BuyErrorDetail } from '../events.js';
import type { Translate } from '../i18n/controller.js';
import { errorText } from '../shared/utils.js';

/** Connection errors shown as they are, without "Retrying…": the client has stopped. */
const FINAL_ERRORS: readonly string[] = [ErrorCode.NotFound, ErrorCode.Unauthorized, ErrorCode.OriginNotAllowed];

/** Why the viewer has no show to play (shown instead of the stage and chat), or '' when it has one. */
export function showProblem(show: string, s: LiveShopState | null, t: Translate): string {
  if (!show) return t('noShow');
  if (s?.connection !== 'error' || !s.error) return '';
  if (FINAL_ERRORS.includes(s.error.code)) return errorText(s.error, t);
  return s.ready ? '' : t('cantReach');
}

/** Why Buy now could not open a checkout, for the notice. */
export function buyErrorText({ code, message, product }: BuyErrorDetail, t: Translate): string {
  // The server says "Sold out" or "Only N left" (more asked for than is left).
  const left = /\d+/.exec(message);
  if (code === ErrorCode.SoldOut)
    return left
      ? t('buyOnlyLeft', { title: product.title, count: +left[0] })
      : t('buySoldOut', { title: product.title });
  const reason = code === ErrorCode.Internal ? t('checkoutUnavailable') : errorText({ code, message }, t);
  return t('buyFailed', { message: reason });
}

/**
 * The `notice` part: after a checkout ("Thanks for your order!") or why Buy now failed, with Dismiss.
 * It stays in the accessibility tree (only its text changes) so screen readers announce it; `kind`
 * is its class (`success`, `cancel`, `error`, or `empty` while it has nothing to say).
 */
export function renderNotice(text: string, kind: string, onDismiss: () => void, t: Translate) {
  return html`<div part="notice" class="returned ${kind}" role="status">
    ${
      text
        ? html`<span>${text}</span>
          <button class="ghost" aria-label=${t('dismiss')} @click=${onDismiss}>✕</button>`
        : nothing
    }
  </div>`;
}
