import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import type { ShowStatus } from '@live-shop/protocol';
import type { PlayerEngine } from './player-engine.js';
import { styles } from './player.styles.js';

const MESSAGES: Partial<Record<ShowStatus, [string, string]>> = {
  scheduled: ['Starting soon', 'Stay on this page: the show starts right here.'],
  starting: ['Starting…', 'The host is getting ready.'],
  reconnecting: ['Reconnecting…', 'The stream will resume in a moment.'],
  ended: ['The show has ended', 'Thanks for watching!'],
};

/**
 * The video stage: a 16:9 frame showing the show's state, and the video once live.
 * The video engine is a separate module loaded only when there is something to play.
 *
 * @tagname live-shop-player
 *
 * @fires live-shop-player-ready - The video engine loaded and `video` is available (does not bubble).
 *
 * @slot - Overlay content (e.g. pinned products), laid over the video.
 *
 * @csspart base - The stage.
 * @csspart video - The container of the video element.
 * @csspart message - The status message (Starting soon, Reconnecting…, ended).
 * @csspart live-badge - The LIVE badge.
 *
 * @cssprop --live-shop-stage-bg - Stage background.
 * @cssprop --live-shop-live - LIVE badge color.
 * @cssprop --live-shop-radius - Corner radius.
 * @cssprop --live-shop-player-aspect-ratio - Stage aspect ratio (default 16 / 9).
 */
export class LiveShopPlayer extends LitElement {
  static override styles = styles;

  /** Show status: scheduled, starting, live, reconnecting or ended. */
  @property({ reflect: true }) status: ShowStatus = 'scheduled';

  /** HLS playback URL (optional). */
  @property() src = '';

  /** Poster image URL. */
  @property() poster = '';

  @query('.video') private videoBox!: HTMLElement;

  #engine: PlayerEngine | null = null;
  #loading = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#engine?.destroy();
    this.#engine = null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const wanted = !!this.src && this.status !== 'ended' && (this.status === 'live' || !!this.#engine);
    if (!wanted) {
      this.#engine?.destroy();
      this.#engine = null;
    } else if (this.#engine) {
      this.#engine.setSrc(this.src);
      if (changed.has('poster')) this.#engine.setPoster(this.poster);
    } else void this.#loadEngine();
  }

  async #loadEngine(): Promise<void> {
    if (this.#loading) return;
    this.#loading = true;
    try {
      const { createEngine } = await import('./player-engine.js');
      if (!this.#engine && this.isConnected && this.src && this.status === 'live') {
        this.#engine = createEngine(this.videoBox, this.src, this.poster);
        this.dispatchEvent(new Event('live-shop-player-ready'));
      }
    } finally {
      this.#loading = false;
    }
  }

  /** The `<video>` element once the engine is loaded, else null. */
  get video(): HTMLVideoElement | null {
    return this.#engine?.video ?? null;
  }

  override render() {
    const msg = MESSAGES[this.status];
    const live = this.status === 'live';
    const showPoster = this.poster && !live;
    return html`<div part="base" role="region" aria-label="Video">
      <div part="video" class="video"></div>
      ${showPoster ? html`<img class="poster" src=${this.poster} alt="" />` : nothing}
      ${msg
        ? html`<div part="message" role="status">
            ${this.status === 'starting' || this.status === 'reconnecting'
              ? html`<div class="spinner" aria-hidden="true"></div>`
              : nothing}
            <p class="headline">${msg[0]}</p>
            <p class="sub">${msg[1]}</p>
          </div>`
        : nothing}
      ${live ? html`<span part="live-badge" class="badge live">Live</span>` : nothing}
      <div class="overlay"><slot></slot></div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'live-shop-player': LiveShopPlayer;
  }
}
