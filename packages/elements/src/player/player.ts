import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ErrorCode, type Playback, type ShowOrientation, type ShowStatus } from '@live-shop/protocol';
import { playerEngineLoader, type EngineOptions, type PlayerEngine } from './player-engine.js';
import { LiveShopEvent, emit } from '../events.js';
import { partsBundles } from '../i18n/parts-bundle.js';
import { I18n, type Strings } from '../i18n/controller.js';
import type { MessageKey } from '../i18n/keys.js';
import { styles } from './player.styles.js';
import type { ReplayBar } from './replay-bar.js';

/** A moment to mark on a replay's seek bar: server epoch ms (the clock pins use) and what it is. */
export interface PlayerChapter {
  at: number;
  label: string;
}

/** Catalog keys of the status message (headline, sub). */
const MESSAGES: Record<ShowStatus, [MessageKey, MessageKey]> = {
  scheduled: ['statusScheduled', 'scheduledSub'],
  starting: ['statusStarting', 'startingSub'],
  live: ['statusStarting', 'liveSub'],
  reconnecting: ['statusReconnecting', 'reconnectingSub'],
  ended: ['showEnded', 'endedSub'],
};
const UNPLAYABLE: [MessageKey, MessageKey] = ['videoUnavailable', 'videoUnavailableSub'];

/**
 * The video stage: a 16:9 frame (9:16 for a portrait show) showing the show's state, and the video once live.
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
 * @csspart replay-controls - A replay's play/pause, seek bar and time (HLS; Mux Player draws its own).
 * @csspart play-button - Play / Pause of a replay.
 * @csspart seek - A replay's seek bar (a range input).
 * @csspart chapter-strip - The chapters marked along the seek bar.
 * @csspart chapter-mark - One chapter's mark.
 * @csspart time - A replay's position and duration.
 *
 * @cssstate message - The status message shows (`live-shop-player:state(message)`): keep overlays off it.
 * @cssstate replay - A replay plays, with its controls along the bottom: keep overlays above them.
 *
 * @cssprop --live-shop-stage-bg - Stage background.
 * @cssprop --live-shop-live - LIVE badge color.
 * @cssprop --live-shop-radius - Corner radius.
 * @cssprop --live-shop-player-aspect-ratio - Stage aspect ratio (default: the show's `orientation`, 16 / 9 or 9 / 16).
 * @cssprop --live-shop-player-max-height - Tallest a portrait stage grows (default 85vh): it narrows (centered) to stay 9:16.
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

  /** The show's picture shape (`settings.orientation`): a `portrait` stage is 9:16 before the first frame. */
  @property({ reflect: true }) orientation: ShowOrientation = 'landscape';

  /** What to play: `{kind: 'hls', url, lowLatency?}` or `{kind: 'mux', playbackId}`; takes precedence over `src`. */
  @property({ attribute: false }) playback: Playback | null = null;

  /** HLS playlist URL (shorthand for an `hls` playback). */
  @property() src = '';

  /** Poster image URL. */
  @property() poster = '';

  /** Your words for any of its strings, by catalog key (e.g. `{watchReplay: 'Replay'}`). As an attribute: JSON. */
  @property({ type: Object }) strings: Strings | null = null;

  /** Once the show has ended, play its replay at once (no "Watch the replay" button to press). */
  @property({ type: Boolean, attribute: 'auto-replay' }) autoReplay = false;

  /** Moments of a replay to mark on its seek bar (a product pinned); server epoch ms. */
  @property({ attribute: false }) chapters: readonly PlayerChapter[] = [];

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
  /** A replay's own controls (a lazy chunk), for engines that have none. */
  #bar: ReplayBar | null = null;
  #i18n = new I18n(this, partsBundles);
  /** A `seekTo` waiting for the replay's video to know its times. */
  #pendingSeek: number | null = null;
  /** The last chapters placed on the media's timeline, and for what. */
  #placed: [readonly unknown[], { time: number; label: string }[]] | null = null;

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
    if (changed.has('chapters') && this.#engine?.setChapters) this.#engine.setChapters(this.#chapterTimes());
    const states = this.#internals.states as Set<string> | undefined; // not in every browser yet
    if (this.#message()) states?.add('message');
    else states?.delete('message');
    if (this.#replaying) states?.add('replay');
    else states?.delete('replay');
  }

  /** The status message shown now (headline, sub), or null while the video speaks for itself. */
  #message(): [MessageKey, MessageKey] | null {
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

  get #replaying(): boolean {
    return this.status === 'ended' && (this.replay || this.autoReplay);
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
    if (!engine.ownControls && !key.startsWith('live|')) void this.#controls(engine);
    engine.setChapters?.(this.#chapterTimes());
    this.#seekWhenReady(engine);
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
    this.#bar?.watch(null);
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

  /** Plays the replay (after the show ended), as "Watch the replay" does. */
  playReplay(): void {
    if (this.status === 'ended') this.replay = true;
  }

  /** Shows the replay's frame of epoch ms `at` (e.g. a product's chapter), starting the replay if needed. */
  seekTo(at: number): void {
    this.#pendingSeek = at;
    this.playReplay();
    if (this.#engine && this.#replaying) this.#seekWhenReady(this.#engine);
  }

  async #controls(engine: PlayerEngine): Promise<void> {
    const { ReplayBar } = await import('./replay-bar.js');
    if (this.#engine !== engine) return;
    this.#bar ??= new ReplayBar(this);
    this.#bar.watch(engine.video);
    this.requestUpdate();
  }

  #seekWhenReady(engine: PlayerEngine): void {
    const media = engine.media;
    const seek = () => {
      const at = this.#pendingSeek;
      const time = at === null || this.#engine !== engine ? null : engine.timeOf(at);
      if (time === null) return;
      this.#pendingSeek = null;
      media.currentTime = time;
      void media.play().catch(() => {});
    };
    if (media.readyState >= 1) seek();
    // hls.js may know the segments' times only once the first one is in.
    else for (const type of ['loadedmetadata', 'loadeddata']) media.addEventListener(type, seek, { once: true });
  }

  /** The chapters on the media's timeline (those it cannot place yet are left out); placed once per chapters, engine and duration. */
  #chapterTimes() {
    const engine = this.#engine;
    if (!engine) return [];
    const key = [this.chapters, engine, engine.media.duration] as const;
    if (this.#placed && this.#placed[0].every((v, i) => Object.is(v, key[i]))) return this.#placed[1];
    const times = this.chapters.flatMap(({ at, label }) => {
      const time = engine.timeOf(at);
      return time === null ? [] : [{ time, label }];
    });
    this.#placed = [key, times];
    return times;
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
    const canReplay = status === 'ended' && !replaying && !!this.#playback;
    const { t } = this.#i18n;
    return html`<div part="base" role="region" aria-label=${t('video')}>
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
            <p class="headline">${t(msg[0])}</p>
            <p class="sub">${t(canReplay ? 'replayAvailable' : msg[1])}</p>
            ${
              canReplay
                ? html`<button part="replay-button" class="primary replay" @click=${() => (this.replay = true)}>${t('watchReplay')}</button>`
                : nothing
            }
          </div>`
          : nothing
      }
      ${
        status === 'live' || replaying
          ? html`<span part="live-badge" class="badge ${replaying ? 'replay' : 'live'}">${t(replaying ? 'replay' : 'statusLive')}</span>`
          : nothing
      }
      ${
        this.engineState !== 'none' && this.muted
          ? html`<button part="unmute-button" class="unmute" @click=${this.#unmute}>
            <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true">
              <path fill="currentColor" d="M4 9v6h4l5 5V4L8 9H4z" />
              <path d="M17 9l5 6m0-6l-5 6" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
            </svg>
            ${t('tapToUnmute')}
          </button>`
          : nothing
      }
      ${replaying && this.#bar && this.engineState !== 'none' ? this.#bar.render(this.#chapterTimes(), t) : nothing}
      <div class="overlay"><slot></slot></div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'live-shop-player': LiveShopPlayer;
  }
}
