import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { LiveShopClient } from '@live-shop/client';
import { ErrorCode, type PinsPayload, type Playback, type Product } from '@live-shop/protocol';
import { ClientController } from '../controllers/client-controller.js';
import type { LiveShopPlayer } from '../player/player.js';
import { STATUS_LABEL, errorText, readStoredName, resolveUrl, storeName } from '../shared/utils.js';
import { PinSync } from './pin-sync.js';
import { styles } from './viewer.styles.js';

const LEAVE_MS = 250;

/**
 * The shopper's view of a live show: video stage, pinned products, live chat.
 * Drop it on any page; it connects to the live-shop server by itself. Product cards follow the
 * video: a pin shows when the frame on screen reaches the pin's time (program date time), not
 * when the event arrives seconds before the picture.
 *
 * @tagname live-shop-viewer
 *
 * @fires live-shop-buy - Bubbles up from a product card (cancelable). detail: `{show, product, quantity}`.
 * @fires live-shop-chat-send - Bubbles up from the chat; the viewer sends it. detail: `{text}`.
 * @fires live-shop-name-change - Bubbles up from the chat; the viewer remembers the name. detail: `{name}`.
 *
 * @csspart base - The whole viewer.
 * @csspart header - Title, status badge and viewer count.
 * @csspart stage - The `<live-shop-player>`.
 * @csspart products - The pinned product cards.
 * @csspart chat - The `<live-shop-chat>`.
 *
 * @cssprop --live-shop-accent - Accent color (buttons, host badge).
 * @cssprop --live-shop-accent-text - Text on the accent color.
 * @cssprop --live-shop-font - Font family.
 * @cssprop --live-shop-radius - Corner radius.
 * @cssprop --live-shop-bg - Surface background.
 * @cssprop --live-shop-text - Text color.
 * @cssprop --live-shop-muted - Secondary text color.
 * @cssprop --live-shop-border - Border color.
 * @cssprop --live-shop-stage-bg - Video stage background.
 * @cssprop --live-shop-live - LIVE badge color.
 */
export class LiveShopViewer extends LitElement {
  static override styles = styles;

  /** live-shop server URL (default: the page origin). */
  @property() server = '';

  /** Show id. */
  @property() show = '';

  /** Hide the chat. */
  @property({ type: Boolean, attribute: 'no-chat' }) noChat = false;

  /** Use this client instead of creating one (it is not closed by the element). */
  @property({ attribute: false }) client: LiveShopClient | null = null;

  @state() private name = readStoredName();
  @state() private chatError = '';

  #shop = new ClientController(this);
  /** Unpinned products kept for their exit animation. */
  #leaving = new Map<string, Product>();
  #pinned: readonly string[] = [];
  #sync = new PinSync();
  #synced: LiveShopClient | null = null;
  #offPins: (() => void) | undefined;
  #frame = 0;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.#shop.sync({ client: this.client, server: this.server, show: this.show, name: this.name });
    this.#followPins();
    const ids = this.#sync.shown.productIds;
    if (ids !== this.#pinned) {
      const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches;
      for (const id of this.#pinned) {
        const product = this.#product(id);
        if (!ids.includes(id) && product && !reduced) this.#leaving.set(id, product);
      }
      for (const id of ids) this.#leaving.delete(id);
      if (this.#leaving.size) setTimeout(() => (this.#leaving.clear(), this.requestUpdate()), LEAVE_MS);
      this.#pinned = ids;
    }
    if (changed.has('show')) this.chatError = '';
  }

  /** Feeds every pin state (events, not just the latest snapshot) into the queue, then shows what is due. */
  #followPins(): void {
    const client = this.#shop.client;
    if (client !== this.#synced) {
      this.#offPins?.();
      this.#sync.reset();
      this.#synced = client;
      this.#offPins = client?.on('pins', (pins: PinsPayload) => this.#receive(pins));
    }
    if (client) this.#sync.push(client.state.pins);
    this.#advance();
  }

  #receive(pins: PinsPayload): void {
    this.#sync.push(pins);
    if (this.#advance()) this.requestUpdate();
  }

  /**
   * Shows the pin states due at the frame on screen: its program date time, else now minus the
   * player's measured latency; with no video to be in step with, at once. Keeps checking every
   * animation frame while states wait.
   */
  #advance(): boolean {
    const s = this.#shop.state;
    const now = Date.now() + (s?.clockOffset ?? 0);
    const player = this.renderRoot?.querySelector?.<LiveShopPlayer>('live-shop-player');
    const video = !!s?.playback && (s.status === 'live' || s.status === 'reconnecting');
    const pdt = video ? (player?.currentPdt ?? null) : null;
    const latency = video && pdt === null ? (player?.latency ?? null) : null;
    const t = pdt ?? (latency === null ? null : now - latency * 1000);
    const changed = this.#sync.advance(t, now);
    if (this.#sync.pending && !this.#frame && this.isConnected) {
      this.#frame = requestAnimationFrame(() => {
        this.#frame = 0;
        if (this.#advance()) this.requestUpdate();
      });
    }
    return changed;
  }

  #resolved: [Playback | null, string, Playback | null] = [null, '', null];

  /** The show's playback with its HLS URL resolved against the server (same object while unchanged). */
  #playback(): Playback | null {
    const playback = this.#shop.state?.playback ?? null;
    const [from, server, to] = this.#resolved;
    if (from === playback && server === this.server) return to;
    const resolved = playback?.kind === 'hls' ? { ...playback, url: resolveUrl(playback.url, this.server) } : playback;
    this.#resolved = [playback, this.server, resolved];
    return resolved;
  }

  #product(id: string): Product | undefined {
    return this.#shop.state?.products.find((p) => p.id === id);
  }

  #onSend(e: CustomEvent<{ text: string }>): void {
    this.chatError = '';
    this.#shop.sendChatFrom(e, (error) => (this.chatError = error));
  }

  #onName(e: CustomEvent<{ name: string }>): void {
    this.name = e.detail.name;
    this.#shop.client?.setName(this.name);
    storeName(this.name);
  }

  #renderNotice() {
    const s = this.#shop.state;
    if (!this.show) return 'No show selected.';
    if (s?.connection !== 'error' || !s.error) return '';
    if (s.error.code === ErrorCode.NotFound || s.error.code === ErrorCode.Unauthorized) return errorText(s.error);
    return s.ready ? '' : "Can't reach the live show right now. Retrying…";
  }

  override render() {
    const s = this.#shop.state;
    const notice = this.#renderNotice();
    const status = s?.status ?? 'scheduled';
    const offline = s?.connection === 'reconnecting' || (s?.ready && s.connection === 'error');
    const cards = [
      ...this.#sync.shown.productIds.map((id) => this.#product(id)).filter((p) => !!p),
      ...this.#leaving.values(),
    ];
    return html`<div part="base">
      <header part="header">
        <h2>${s?.title || (notice ? 'Live show' : 'Loading show…')}</h2>
        ${s?.ready ? html`<span class="badge ${status}">${STATUS_LABEL[status]}</span>` : nothing}
        ${s?.ready ? html`<span class="viewers">${s.viewers} watching</span>` : nothing}
      </header>
      ${offline ? html`<p class="error-line" role="status">Connection lost. Reconnecting…</p>` : nothing}
      ${notice
        ? html`<div class="notice" role="alert">${notice}</div>`
        : html`<div class="layout ${this.noChat ? 'no-chat' : ''}">
            <div class="stage-col">
              <live-shop-player part="stage" status=${status} .playback=${this.#playback()}></live-shop-player>
              <div part="products" role="region" aria-label="Products in this show">${repeat(
                cards,
                (p) => p.id,
                (p) => html`<live-shop-product-card
                  class=${this.#leaving.has(p.id) ? 'leaving' : ''}
                  compact
                  .product=${p}
                  show=${this.show}
                  server=${this.server}
                ></live-shop-product-card>`,
              )}</div>
            </div>
            ${this.noChat
              ? nothing
              : html`<live-shop-chat
                  part="chat"
                  .messages=${s?.chat ?? []}
                  .name=${this.name}
                  .error=${this.chatError}
                  ?disabled=${!s?.ready || status === 'ended' || s.connection !== 'connected'}
                  @live-shop-chat-send=${this.#onSend}
                  @live-shop-name-change=${this.#onName}
                ></live-shop-chat>`}
          </div>`}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'live-shop-viewer': LiveShopViewer;
  }
}
