import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { loadClip } from '@live-shop/client';
import type { ClipView, Playback } from '@live-shop/protocol';
import type { Strings, Translate } from '../i18n/controller.js';
import { viewerParts } from '../shared/parts.js';
import { resolveUrl } from '../shared/utils.js';

/** While a clip is still being cut, it is asked for again this often (ms), at most `POLL_MAX` times. */
const POLL_MS = 3000;
const POLL_MAX = 200;

/**
 * `<live-shop-viewer clip="…">`: one product's clip from a show's recording, for a product page.
 * Reads the clip (`GET /api/clips/:id`, with its product's current price and stock), waits while it
 * is still being cut, and renders its video with the product's card; Buy now is attributed `clip`.
 */
export class ClipViewController implements ReactiveController {
  view: ClipView | null = null;
  failed = false;
  #host: ReactiveControllerHost;
  #key = '';
  #abort: AbortController | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #playback: [Playback | null, Playback | null] = [null, null];

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#stop();
    this.#key = '';
  }

  /** From the host's `willUpdate`: (re)loads when the clip or the server changed. */
  update(clip: string, server: string): void {
    const key = clip ? `${server}\n${clip}` : '';
    if (key === this.#key) return;
    this.#stop();
    this.#key = key;
    this.view = null;
    this.failed = false;
    if (key) void this.#load(clip, server, 0);
  }

  async #load(clip: string, server: string, polls: number): Promise<void> {
    const abort = (this.#abort = new AbortController());
    try {
      this.view = await loadClip({ server: resolveUrl('/', server) }, clip, { signal: abort.signal });
      if (this.view.status === 'processing' && polls < POLL_MAX)
        this.#timer = setTimeout(() => void this.#load(clip, server, polls + 1), POLL_MS);
    } catch {
      if (abort.signal.aborted) return;
      this.failed = true;
    }
    this.#host.requestUpdate();
  }

  #stop(): void {
    this.#abort?.abort();
    clearTimeout(this.#timer);
  }

  /** The clip's playback with its HLS URL resolved against the server (same object while unchanged). */
  #resolved(server: string): Playback | null {
    const playback = this.view?.playback ?? null;
    if (this.#playback[0] !== playback) {
      const url = playback?.kind === 'hls' ? resolveUrl(playback.url, server) : '';
      this.#playback = [playback, playback?.kind === 'hls' ? { ...playback, url } : playback];
    }
    return this.#playback[1];
  }

  /** The clip's stage and card, in the viewer's language (`t`) and with its `strings` overrides. */
  render(server: string, shopperRef: string, t: Translate, strings: Strings | null) {
    const view = this.view;
    const { CARD_PARTS, PLAYER_PARTS } = viewerParts()!;
    const message =
      this.failed || view?.status === 'failed'
        ? t('clipUnavailable')
        : !view
          ? t('loadingClip')
          : view.status === 'processing'
            ? t('clipPreparing')
            : '';
    return html`<div class="layout no-chat">
      <div class="stage-col below">
        ${message ? html`<div class="notice" role="status">${message}</div>` : nothing}
        ${
          view?.status === 'ready'
            ? html`<live-shop-player part="stage" exportparts=${PLAYER_PARTS} .strings=${strings} status="ended" auto-replay .playback=${this.#resolved(server)}></live-shop-player>`
            : nothing
        }
        <div part="products" role="region" aria-label=${t('productInClip')}>
          ${
            view?.product
              ? html`<live-shop-product-card
                exportparts=${CARD_PARTS}
                .product=${view.product}
                .strings=${strings}
                show=${view.showId}
                server=${server}
                source="clip"
                shopper-ref=${shopperRef}
              ></live-shop-product-card>`
              : nothing
          }
        </div>
      </div>
    </div>`;
  }
}
