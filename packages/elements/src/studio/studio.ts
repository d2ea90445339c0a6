import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { LiveShopClient, LiveShopState } from '@live-shop/client';
import { DEFAULT_HOST_NAME, formatPrice, type Product, type ShowStatus } from '@live-shop/protocol';
import { ClientController } from '../controllers/client-controller.js';
import { STATUS_LABEL, errorText, resolveUrl } from '../shared/utils.js';
import { styles } from './studio.styles.js';

const STAGE_SUB = {
  scheduled: 'Not live yet. Press Go live when you are ready.',
  starting: 'Going live…',
  live: 'You are live.',
  reconnecting: 'The stream dropped; viewers see “Reconnecting…”.',
  ended: 'The show has ended.',
} as const;

/**
 * The presenter console: go live, end the show, pin products, moderate chat.
 * Needs the show's host token.
 *
 * @tagname live-shop-studio
 *
 * @csspart base - The whole studio.
 * @csspart header - Title, status badge, viewer count.
 * @csspart products - The products panel.
 * @csspart stage - The video preview area.
 * @csspart controls - Go live / End show buttons.
 * @csspart chat - The `<live-shop-chat>`.
 *
 * @cssprop --live-shop-studio-bg - Page background behind the panels.
 * @cssprop --live-shop-accent - Accent color (Go live, pinned products).
 * @cssprop --live-shop-danger - End show color.
 * @cssprop --live-shop-font - Font family.
 * @cssprop --live-shop-radius - Corner radius.
 * @cssprop --live-shop-stage-bg - Preview background.
 */
export class LiveShopStudio extends LitElement {
  static override styles = styles;

  /** live-shop server URL (default: the page origin). */
  @property() server = '';

  /** Show id. */
  @property() show = '';

  /** Host token of the show. */
  @property() token = '';

  /** Use this client instead of creating one (it is not closed by the element). */
  @property({ attribute: false }) client: LiveShopClient | null = null;

  @state() private confirmEnd = false;
  @state() private busy = new Set<string>();
  @state() private actionError = '';
  @state() private chatError = '';

  #shop = new ClientController(this);

  protected override willUpdate(): void {
    this.#shop.sync({ client: this.client, server: this.server, show: this.show, token: this.token });
  }

  /** Runs a client action, marking `key` busy and turning a failure into a visible message. */
  async #run(key: string, action: (c: LiveShopClient) => Promise<unknown>): Promise<void> {
    const client = this.#shop.client;
    if (!client || this.busy.has(key)) return;
    this.busy = new Set(this.busy).add(key);
    this.actionError = '';
    try {
      await action(client);
    } catch (err) {
      this.actionError = errorText(err);
    } finally {
      const next = new Set(this.busy);
      next.delete(key);
      this.busy = next;
    }
  }

  #togglePin(p: Product, pinned: boolean): void {
    void this.#run(`pin:${p.id}`, (c) => (pinned ? c.unpin(p.id) : c.pin(p.id)));
  }

  #goLive(): void {
    void this.#run('live', (c) => c.goLive());
  }

  #endShow(): void {
    this.confirmEnd = false;
    void this.#run('end', (c) => c.endShow());
  }

  #askEnd(): void {
    this.confirmEnd = !this.confirmEnd;
    if (this.confirmEnd) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.confirm')?.focus());
  }

  #onSend(e: CustomEvent<{ text: string }>): void {
    this.chatError = '';
    this.#shop.sendChatFrom(e, (error) => (this.chatError = error));
  }

  #onDelete(e: CustomEvent<{ id: string }>): void {
    void this.#run(`delete:${e.detail.id}`, (c) => c.deleteMessage(e.detail.id));
  }

  #renderProduct(p: Product, pinned: boolean) {
    return html`<li class="product ${pinned ? 'pinned' : ''}">
      ${p.imageUrl
        ? html`<img class="thumb" src=${resolveUrl(p.imageUrl, this.server)} alt="" loading="lazy" />`
        : html`<span class="thumb"></span>`}
      <div class="info">
        <strong>${p.title}</strong>
        <span>${formatPrice(p.price)}${p.stock === null ? '' : p.stock === 0 ? ' · Sold out' : ` · ${p.stock} left`}</span>
      </div>
      <button
        class=${pinned ? 'primary' : 'ghost'}
        aria-pressed=${pinned ? 'true' : 'false'}
        aria-label="${pinned ? 'Unpin' : 'Pin'} ${p.title}"
        ?disabled=${this.busy.has(`pin:${p.id}`)}
        @click=${() => this.#togglePin(p, pinned)}
      >
        ${pinned ? 'Unpin' : 'Pin'}
      </button>
    </li>`;
  }

  #renderConsole(s: LiveShopState | null, status: ShowStatus, pins: string[], ready: boolean, canEnd: boolean) {
    return html`<div class="columns">
        <section part="products" class="panel" aria-labelledby="products-h">
          <h2 id="products-h">Products</h2>
          <ul class="products">
            ${s?.products.length
              ? s.products.map((p) => this.#renderProduct(p, pins.includes(p.id)))
              : html`<li class="empty">No products in this show yet.</li>`}
          </ul>
        </section>
        <div class="center">
          <div part="stage" role="region" aria-label="Video preview">
            <span class="badge ${status}">${STATUS_LABEL[status]}</span>
            <p class="stage-title">Video preview</p>
            <p class="stage-sub">${STAGE_SUB[status]}</p>
          </div>
          <div part="controls" class="controls">
            <button class="primary" ?disabled=${!ready || status !== 'scheduled' || this.busy.has('live')} @click=${this.#goLive}>
              Go live
            </button>
            <button
              class="ghost"
              aria-expanded=${this.confirmEnd ? 'true' : 'false'}
              ?disabled=${!ready || !canEnd || this.busy.has('end')}
              @click=${this.#askEnd}
            >
              End show
            </button>
            ${this.confirmEnd && canEnd
              ? html`<button class="danger confirm" @click=${this.#endShow}>Confirm end show</button>
                  <button class="ghost" @click=${() => (this.confirmEnd = false)}>Keep streaming</button>`
              : nothing}
          </div>
        </div>
        <live-shop-chat
          part="chat"
          can-delete
          .messages=${s?.chat ?? []}
          .name=${DEFAULT_HOST_NAME}
          .error=${this.chatError}
          ?disabled=${!ready || status === 'ended'}
          @live-shop-chat-send=${this.#onSend}
          @live-shop-chat-delete=${this.#onDelete}
        ></live-shop-chat>
      </div>`;
  }

  override render() {
    const s = this.#shop.state;
    const status = s?.status ?? 'scheduled';
    const pins = s?.pins.productIds ?? [];
    const connError = s?.connection === 'error' ? errorText(s.error) : '';
    const notHost = s?.ready && s.role !== 'host';
    const canEnd = status === 'starting' || status === 'live' || status === 'reconnecting';
    const ready = !!s?.ready && s.connection === 'connected' && !notHost;
    // Nothing to operate without a show to connect to: say why, and show no dead controls.
    const fatal = !this.show || (!s?.ready && s?.connection === 'error');
    return html`<div part="base">
      <header part="header">
        <h1>${s?.title || 'Studio'}</h1>
        ${s?.ready
          ? html`<span class="badge ${status}">${STATUS_LABEL[status]}</span>
              <span class="viewers">${s.viewers} watching</span>`
          : nothing}
      </header>
      <div class="alerts" role="alert">
        ${!this.show ? html`<p class="error-line">No show selected.</p>` : nothing}
        ${connError ? html`<p class="error-line">${connError}</p>` : nothing}
        ${notHost ? html`<p class="error-line">This link is not a host link</p>` : nothing}
        ${this.actionError
          ? html`<p class="error-line">
              <span>${this.actionError}</span>
              <button aria-label="Dismiss" @click=${() => (this.actionError = '')}>✕</button>
            </p>`
          : nothing}
      </div>
      ${fatal ? nothing : this.#renderConsole(s, status, pins, ready, canEnd)}
    </div>`;
  }

}

declare global {
  interface HTMLElementTagNameMap {
    'live-shop-studio': LiveShopStudio;
  }
}
