import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ErrorCode, type Playback, type ShowStatus } from '@live-shop/protocol';
import { playerEngineLoader, type EngineOptions, type PlayerEngine } from './player-engine.js';
import { LiveShopEvent, emit } from '../events.js';
import { styles } from './player.styles.js';

const MESSAGES: Record<ShowStatus, [string, string]> = {
  scheduled: ['Starting soon', 'Stay on this page: the show starts right here.'],
  starting: ['Starting…', 'The host is getting ready.'],
  live: ['Starting…', 'The video is on its way.'],
  reconnecting: ['Reconnecting…', 'The stream will resume in a moment.'],
  ended: ['The show has ended', 'Thanks for watching!'],
};
const UNPLAYABLE: [string, string] = ['Video unavailable', 'This page cannot play the show’s video.'];

/**
 * The video stage: a 16:9 frame showing the show's state, and the video once live.
 * The video engines are separate chunks loaded only when there is something to play: hls.js for
 * HLS playback (the local pipeline), `<mux-player>` for Mux playback ids once
 * `@live-shop/elements/mux` is imported (the /sdk bundle does).
 *
 * @tagname live-shop-player
 *
 * @fires {CustomEvent<null>} live-shop-player-ready - A video engine loaded and `video` is available (does not bubble).
 * @fires {CustomEvent<PlayerErrorDetail>} live-shop-player-error - The video cannot play here (a Mux show without `@live-shop/elements/mux`); `detail.message` says what to import.
 *
 * @slot - Overlay content (e.g. pinned products), laid over the video.
 *
 * @csspart base - The stage.
 * @csspart video - The container of the video element.
 * @csspart message - The status message (Starting soon, Reconnecting…, ended); a banner over the last frame while reconnecting.
 * @csspart live-badge - The LIVE (or REPLAY) badge.
 * @csspart unmute-button - "Tap to unmute", shown while the video plays muted.
 * @csspart replay-button - "Watch the replay", after the show ended when a replay exists.
 *
 * @cssstate message - The status message shows (`live-shop-player:state(message)`): keep overlays off it.
 *
 * @cssprop --live-shop-stage-bg - Stage background.
 * @cssprop --live-shop-live - LIVE badge color.
 * @cssprop --live-shop-radius - Corner radius.
 * @cssprop --live-shop-player-aspect-ratio - Stage aspect ratio (default 16 / 9; `9 / 16` for vertical video).
 * @cssprop --live-shop-font - Font family.
 * @cssprop --live-shop-text - Text color.
 * @cssprop --live-shop-accent - "Watch the replay" button color.
 * @cssprop --live-shop-accent-text - Text on the accent color.
 * @cssprop --live-shop-focus-ring - Keyboard focus ring (a `box-shadow`).
 */
export class LiveShopPlayer extends LitElement {
  static override styles = styles;

  /** Show status: scheduled, starting, live, reconnecting or ended. */
  @property({ reflect: true }) status: ShowStatus = 'scheduled';

  /** What to play: `{kind: 'hls', url, lowLatency?}` or `{kind: 'mux', playbackId}`; takes precedence over `src`. */
  @property({ attribute: false }) playback: Playback | null = null;

  /** On-demand video (a clip): with status `ended`, plays `playback` at once, without the ended message. */
  @property({ type: Boolean }) vod = false;

  /** HLS playlist URL (shorthand for an `hls` playback). */
  @property() src = '';

  /** Poster image URL. */
  @property() poster = '';

  @state() private engineState: 'none' | 'waiting' | 'playing' = 'none';
  @state() private played = false;
  @state() private muted = true;
  @state() private replay = false;
  @state() private unplayable = false;

  @query('.video') private videoBox!: HTMLElement;

  #engine: PlayerEngine | null = null;
  /** Identity of what the current (or loading) engine plays. */
  #key = '';
  /** Custom state `message` while the status message shows, so whoever lays things over the stage can avoid it. */
  #internals = this.attachInternals();

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#drop();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('status') && this.status !== 'ended') this.replay = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const key = this.#wanted();
    if (key !== this.#key) {
      this.#drop();
      this.#key = key;
      if (key) void this.#load(key);
    } else if (changed.get('status') === 'reconnecting' && this.status === 'live') this.#engine?.resume();
    const states = this.#internals.states as Set<string> | undefined; // not in every browser yet
    if (this.#message()) states?.add('message');
    else states?.delete('message');
  }

  /** The status message shown now (headline, sub), or null while the video speaks for itself. */
  #message(): [string, string] | null {
    const { status } = this;
    const replaying = this.#replaying;
    // Cleared by the next engine change, which comes after this render.
    if (this.unplayable && (status === 'live' || status === 'reconnecting' || replaying)) return UNPLAYABLE;
    return replaying || (status === 'live' && (this.played || !this.#playback)) ? null : MESSAGES[status];
  }

  /** `mode|playback` of what should play now, or '' for nothing. */
  #wanted(): string {
    const playback = this.#playback;
    if (!playback || !this.isConnected) return '';
    const live = this.status === 'live' || this.status === 'reconnecting';
    if (!live && !this.#replaying) return '';
    return `${live ? 'live' : 'replay'}|${JSON.stringify(playback)}`;
  }

  /** The recording (or a clip) plays: the show ended and the viewer asked for it, or it is on-demand video. */
  get #replaying(): boolean {
    return this.status === 'ended' && (this.replay || this.vod);
  }

  get #playback(): Playback | null {
    return this.playback ?? (this.src ? { kind: 'hls', url: this.src } : null);
  }

  async #load(key: string): Promise<void> {
    const playback = JSON.parse(key.slice(key.indexOf('|') + 1)) as Playback;
    const opts: EngineOptions = {
      live: key.startsWith('live|'),
      poster: this.poster,
      onPlaying: () => this.#key === key && ((this.engineState = 'playing'), (this.played = true)),
      onWaiting: () => this.#key === key && (this.engineState = 'waiting'),
    };
    let engine: PlayerEngine;
    try {
      if (playback.kind === 'hls') {
        const url = new URL(playback.url, location.href).href;
        engine = await (
          await import('./player-engine-hls.js')
        ).createEngine(this.videoBox, url, { ...opts, lowLatency: !!playback.lowLatency });
      } else {
        const load = playerEngineLoader(playback.kind);
        if (!load) return this.#unplayable(playback);
        engine = await (await load())(this.videoBox, playback, opts);
      }
    } catch {
      if (this.#key === key) this.#key = ''; // chunk failed to load: try again on the next change
      return;
    }
    if (this.#key !== key) return engine.destroy(); // changed while loading
    this.#engine = engine;
    const media = engine.media;
    this.muted = media.muted;
    media.addEventListener('volumechange', () => (this.muted = media.muted));
    emit(this, LiveShopEvent.PlayerReady, null, { bubbles: false, composed: false });
  }

  /** No engine registered for this playback (opt-in Mux): tell the developer what to import, once per playback. */
  #unplayable(playback: Playback): void {
    this.unplayable = true;
    const message = `<live-shop-player> cannot play this ${playback.kind} show: add import '@live-shop/elements/mux' to your code (and npm install @mux/mux-player)`;
    console.error(`live-shop: ${message}`);
    emit(this, LiveShopEvent.PlayerError, { code: ErrorCode.VideoUnavailable, message, playback });
  }

  #drop(): void {
    this.#engine?.destroy();
    this.#engine = null;
    this.#key = '';
    this.engineState = 'none';
    this.played = false;
    this.unplayable = false;
  }

  #unmute(): void {
    const media = this.#engine?.media;
    if (!media) return;
    media.muted = this.muted = false;
    void media.play().catch(() => {});
  }

  /** The `<video>` once an engine is loaded, else null. */
  get video(): HTMLVideoElement | null {
    return this.#engine?.video ?? null;
  }

  /** Epoch ms (server clock) of the frame on screen, from the stream's program date time; null when unknown. */
  get currentPdt(): number | null {
    return this.#engine?.currentPdt() ?? null;
  }

  /** Seconds behind the live edge; null when unknown. */
  get latency(): number | null {
    return this.#engine?.latency() ?? null;
  }

  override render() {
    const { status } = this;
    const playing = this.engineState === 'playing';
    const replaying = this.#replaying;
    // Reconnecting after frames were shown: a banner, so the last frame stays visible.
    const banner = status === 'reconnecting' && this.played;
    const unplayable = this.unplayable && (status === 'live' || status === 'reconnecting' || replaying);
    const msg = this.#message();
    const canReplay = status === 'ended' && !this.replay && !!this.#playback;
    return html`<div part="base" role="region" aria-label="Video">
      <div part="video" class="video"></div>
      ${this.poster && !playing && !banner ? html`<img class="poster" src=${this.poster} alt="" />` : nothing}
      ${
        msg
          ? html`<div part="message" class=${banner ? 'banner' : ''} role="status">
            ${
              !unplayable && (status === 'starting' || status === 'reconnecting' || status === 'live')
                ? html`<div class="spinner" aria-hidden="true"></div>`
                : nothing
            }
            <p class="headline">${msg[0]}</p>
            <p class="sub">${canReplay ? 'The replay is available.' : msg[1]}</p>
            ${
              canReplay
                ? html`<button part="replay-button" class="primary replay" @click=${() => (this.replay = true)}>Watch the replay</button>`
                : nothing
            }
          </div>`
          : nothing
      }
      ${
        status === 'live' || replaying
          ? html`<span part="live-badge" class="badge ${replaying ? 'replay' : 'live'}">${replaying ? 'Replay' : 'Live'}</span>`
          : nothing
      }
      ${
        this.engineState !== 'none' && this.muted
          ? html`<button part="unmute-button" class="unmute" @click=${this.#unmute}>
            <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true">
              <path fill="currentColor" d="M4 9v6h4l5 5V4L8 9H4z" />
              <path d="M17 9l5 6m0-6l-5 6" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
            </svg>
            Tap to unmute
          </button>`
          : nothing
      }
      <div class="overlay"><slot></slot></div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'live-shop-player': LiveShopPlayer;
  }
}
