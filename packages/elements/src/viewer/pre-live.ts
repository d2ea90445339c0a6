// The viewer's pre-live screen (a lazy chunk: only a scheduled show loads it).
import { html } from 'lit';
import type { LiveShopState } from '@live-shop/client';
import { LiveShopPreLive } from '../pre-live/pre-live.js';
import { defineElement } from '../shared/define-element.js';
import type { LiveShopViewer } from './viewer.js';

defineElement('live-shop-pre-live', LiveShopPreLive);

/** A `<live-shop-pre-live>`'s parts as `pre-live-*` (here, not in shared/exported-parts.ts: only this chunk needs them). */
export const PRE_LIVE_PARTS = `base:pre-live-base, trailer:pre-live-trailer, countdown:pre-live-countdown,
  starts-at:pre-live-starts-at, description:pre-live-description, products:pre-live-products, product:pre-live-product,
  remind-button:pre-live-remind-button, remind-menu:pre-live-remind-menu, calendar-link:pre-live-calendar-link,
  notify-button:pre-live-notify-button, reminder-status:pre-live-reminder-status`;

/** In place of the player while the show is scheduled; once it starts, the viewer draws the player again. */
export const render = (viewer: LiveShopViewer, s: LiveShopState) =>
  html`<live-shop-pre-live
    part="pre-live"
    exportparts=${PRE_LIVE_PARTS}
    .strings=${viewer.strings}
    server=${viewer.server}
    show=${viewer.show}
    .startsAt=${s.startsAt}
    .clockOffset=${s.clockOffset}
    description=${s.description}
    .trailer=${s.trailer}
    .products=${s.products}
    .webPushKey=${s.webPushKey}
    push-worker=${viewer.pushWorker}
  ></live-shop-pre-live>`;
