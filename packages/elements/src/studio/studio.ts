import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { LiveShopClient, LiveShopState } from '@live-shop/client';
import { DEFAULT_HOST_NAME, DEFAULT_MODERATOR_NAME, type ShowOrientation, type ShowStatus } from '@live-shop/protocol';
import { ClientController } from '../controllers/client-controller.js';
import type {
  LiveShopChatBanEvent,
  LiveShopChatDeleteEvent,
  LiveShopChatSendEvent,
  LiveShopChatTimeoutEvent,
} from '../events.js';
import { provideViewerParts } from '../shared/parts.js';
import * as viewerParts from '../shared/viewer-parts.js';
import { I18n, type Strings } from '../i18n/controller.js';
import { studioBundle } from '../i18n/studio-bundle.js';
import { viewerBundle } from '../i18n/viewer-bundle.js';
import { STATUS_KEY, errorText } from '../shared/utils.js';
import { ClipsPanel } from './clips-panel.js';
import { IngestPanel } from './ingest-panel.js';
import { SimulcastPanel } from './simulcast-panel.js';
import { MediaController } from './media-controller.js';
import {
  isPublishing,
  problemText,
  renderDevices,
  renderPublishState,
  renderStage,
  renderToggles,
} from './media-view.js';
import { ModerationPanel } from './moderation-panel.js';
import { ProductsPanel } from './products-panel.js';
import { ReactionRate, renderReactionStat, renderReactions } from './reactions-panel.js';
import { EngagePanel } from './engage-panel.js';
import { SchedulePanel } from './schedule-panel.js';
import { renderSales } from './sales-panel.js';
import { AnalyticsPanel } from './analytics-panel.js';
import { GuestView } from './stage/guest-view.js';
import { StageController } from './stage/stage-controller.js';
import { StagePanel } from './stage/stage-panel.js';
import { styles } from './studio.styles.js';

/**
 * The presenter console: camera and microphone, go live, end the show, pin and edit products, moderate chat,
 * watch sales live and choose whether viewers see recent sales.
 * Needs the show's host token. Going live publishes the camera to the server's ingest, in the show's
 * orientation (landscape or portrait, picked before going live). Given a height (the /studio page gives it the
 * window's), a wide studio fits it: the preview, Go live / End show, the products and the chat stay on
 * screen while the panels under the preview and the moderation under the chat scroll inside themselves.
 *
 * With a moderator token (a link the host made with Invite moderator) the same page is the
 * moderator's: the chat and the Moderation panel only, no camera, no pins, no sales, no going live.
 *
 * With a guest token (Invite a guest) it is a guest's: camera and microphone, a name, Join backstage,
 * then the program from the host's studio. The host brings guests on stage from the Guests panel; the
 * host's studio draws everyone on stage into the program it publishes (layouts solo, side by side,
 * grid, picture in picture) and mixes their voices.
 *
 * @tagname live-shop-studio
 *
 * @fires {CustomEvent<ChatDeleteDetail>} live-shop-chat-delete - Bubbles up from the chat (cancelable): the studio deletes the
 *   message unless a listener calls `preventDefault()`. detail: `{id}`.
 * @fires {CustomEvent<ChatTimeoutDetail>} live-shop-chat-timeout - Bubbles up from the chat (cancelable): the studio times the
 *   author out. detail: `{id, name, seconds}`.
 * @fires {CustomEvent<ChatBanDetail>} live-shop-chat-ban - Bubbles up from the chat (cancelable): the studio bans the author.
 *   detail: `{id, name}`.
 *
 * @csspart base - The whole studio.
 * @csspart header - Title, status badge, viewer count, reactions so far and per second.
 * @csspart products - The products panel.
 * @csspart schedule - The Schedule panel (host, before going live): title, description, start time, trailer.
 * @csspart stage - The video preview area.
 * @csspart preview - The camera preview `<video>`.
 * @csspart devices - Camera, microphone and orientation (landscape / portrait, before going live) pickers.
 * @csspart publish-state - Streaming state (connecting, bitrate, falling behind, reconnecting, error).
 * @csspart controls - Go live / End show buttons, and the Mute camera / Mute microphone toggles.
 * @csspart ingest - The "Stream from OBS" panel (Mux, or local with RTMP in): server URL and stream key.
 * @csspart simulcast - The Simulcast panel (hosts, local video): RTMP destinations with their status, on/off, Remove, and Add destination.
 * @csspart sales - The live sales panel: totals, per-product funnel, recent orders, social-proof switch.
 * @csspart clips - After the show (hosts): each pinned moment with Make clip, and the show's clips with their embed code.
 * @csspart reactions - The Reactions panel (hosts): which reactions viewers can send, each one's total so far.
 * @csspart analytics - The Analytics panel (hosts): viewers per minute live vs replay with orders and pin moments (inline SVG), the funnel per product and source, Download CSV.
 * @csspart guests - The Guests panel (hosts): guest links, layout, each guest's preview with Bring on stage / Send backstage, Mute, Remove.
 * @csspart program - On a guest's page: the program from the host's studio.
 * @csspart moderation - The Moderation panel: held messages, slow mode, blocklist, timed out and banned viewers, moderator links (hosts).
 * @csspart chat - The `<live-shop-chat>`; its parts are exported as `chat-*`.
 * @csspart chat-base - The chat's container.
 * @csspart chat-log - The chat's message list.
 * @csspart chat-message - One chat message (class `held` for messages held for review).
 * @csspart chat-badge - The Host / Moderator badge.
 * @csspart chat-verified - The ✓ after a verified name.
 * @csspart chat-held - "Held for review" on a held message.
 * @csspart chat-delete-button - A message's delete button.
 * @csspart chat-actions-button - A message's "More actions" toggle.
 * @csspart chat-actions - Time out and Ban, shown by the toggle.
 * @csspart chat-notice - The chat's notice line.
 * @csspart chat-hint - The slow mode hint and countdown.
 * @csspart chat-form - The chat composer.
 * @csspart chat-input - The message input.
 * @csspart chat-send-button - The Send button.
 * @csspart chat-sign-in-button - "Sign in to chat" (not shown to staff).
 * @csspart chat-error - The chat's error line.
 * @csspart chat-ask - The chat's "Ask as a question" toggle (not shown in the studio).
 * @csspart chat-question - A chat message's "Question" label.
 * @csspart engage - The Polls and Q&A panel (polls, the question queue, the announcement).
 *
 * @cssprop --live-shop-studio-bg - Background behind the panels (the whole studio, however tall).
 * @cssprop --live-shop-accent - Accent color (Go live, pinned products).
 * @cssprop --live-shop-danger - End show color.
 * @cssprop --live-shop-font - Font family.
 * @cssprop --live-shop-radius - Corner radius.
 * @cssprop --live-shop-stage-bg - Preview background.
 * @cssprop --live-shop-accent-text - Text on the accent color.
 * @cssprop --live-shop-bg - Panel background.
 * @cssprop --live-shop-surface - Subtle fills (product thumbnails, secondary buttons).
 * @cssprop --live-shop-text - Text color.
 * @cssprop --live-shop-muted - Secondary text color.
 * @cssprop --live-shop-border - Border color.
 * @cssprop --live-shop-live - LIVE badge color.
 * @cssprop --live-shop-focus-ring - Keyboard focus ring (a `box-shadow`).
 * @cssprop --live-shop-chart-height - Height of the Analytics chart (default 10rem).
 * @cssprop --live-shop-chart-live - Live viewers line (default: the LIVE color).
 * @cssprop --live-shop-chart-replay - Replay viewers line (default: the accent).
 * @cssprop --live-shop-chart-clip - Clip viewers line.
 * @cssprop --live-shop-chart-orders - Orders bars.
 */
export class LiveShopStudio extends LitElement {
  static override styles = styles;

  /** live-shop server URL (default: the page origin). */
  @property() server = '';

  /** Show id. */
  @property() show = '';

  /** Host (or moderator) token of the show. */
  @property() token = '';

  /** Use this client instead of creating one (it is not closed by the element). */
  @property({ attribute: false }) client: LiveShopClient | null = null;

  /** Your words for any of the studio's strings, by catalog key (e.g. `{goLive: 'Start'}`). As an attribute: JSON. */
  @property({ type: Object }) strings: Strings | null = null;

  @state() private confirmEnd = false;
  @state() private busy = new Set<string>();
  @state() private actionError = '';
  @state() private chatError = '';

  #i18n = new I18n(this, [viewerBundle, studioBundle]);
  #shop = new ClientController(this);
  #media = new MediaController(this);
  #moderation = new ModerationPanel(this);
  #products = new ProductsPanel(this);
  #ingest = new IngestPanel(this);
  #simulcast = new SimulcastPanel(this);
  #clips = new ClipsPanel(this);
  /** Title, description, start time and trailer, before going live. */
  #schedule = new SchedulePanel(this);
  #analytics = new AnalyticsPanel(this);
  #stage = new StageController(this, this.#media);
  #stagePanel = new StagePanel(this);
  #guestView = new GuestView(this);
  #reactionRate = new ReactionRate(this);
  /** Polls, Q&A and the announcement banner. */
  #engage = new EngagePanel(this);
  /** The camera is only for hosts: it opens once the connection says this is one. */
  #previewed = false;

  constructor() {
    super();
    // The chat it renders, from the viewer's parts (in the /sdk bundle, a chunk the studio's imports).
    provideViewerParts(viewerParts);
    this.#media.program = () => this.#stage.program;
    this.#media.onStream = (stream) => void this.#stage.guest?.setLocal(stream);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Put back on the page (moved in the DOM, a framework re-mount): the camera preview opens again.
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // The media controller let the camera go; the next connection opens it again.
    this.#previewed = false;
  }

  protected override willUpdate(): void {
    this.#shop.sync({ client: this.client, server: this.server, show: this.show, token: this.token });
    this.#ingest.sync(this.#shop.client, () => this.#shop.client);
    this.#simulcast.sync(this.#shop.client, () => this.#shop.client);
    this.#clips.sync(this.#shop.client, this.#shop.state);
    this.#analytics.sync(this.#shop.client);
    this.#reactionRate.sync(this.#shop.client);
  }

  override updated(): void {
    const s = this.#shop.state;
    // The camera opens (and reopens) in the show's shape.
    if (s?.ready && s.role === 'host') void this.#media.setOrientation(s.settings.orientation ?? 'landscape');
    // The preview starts with the page: presenters and guests check their camera first.
    if (!this.#previewed && this.show && s?.ready && (s.role === 'host' || s.role === 'guest')) {
      this.#previewed = true;
      void this.#media.open();
    }
    this.#stage.sync(this.#shop.client, s);
    if (s?.role === 'guest') this.#guestView.resume(this.#guestContext(s), this.#media);
  }

  #guestContext(s: LiveShopState) {
    return {
      run: (key: string, action: (c: LiveShopClient) => Promise<unknown>) => this.#run(key, action),
      busy: (key: string) => this.busy.has(key),
      disabled: !(s.ready && s.connection === 'connected'),
      show: this.show,
      status: s.status,
      t: this.#i18n.t,
    };
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
      this.actionError = errorText(err, this.#i18n.t);
    } finally {
      const next = new Set(this.busy);
      next.delete(key);
      this.busy = next;
    }
  }

  #goLive(): void {
    this.#stage.resumeAudio();
    void this.#run('live', async (c) => {
      if (!(await this.#media.open())) throw new Error(problemText(this.#media, this.#i18n.t));
      await c.goLive();
      await this.#media.publish(c);
    });
  }

  /** Publishes again into a show that is already live (page reloaded, or after an error). */
  #resume(): void {
    void this.#run('resume', (c) => this.#media.publish(c));
  }

  #endShow(): void {
    this.confirmEnd = false;
    void this.#run('end', async (c) => {
      await c.endShow(); // the server finishes the stream first…
      this.#media.unpublish(); // …then the recorder stops and the ingest closes
    });
  }

  #askEnd(): void {
    this.confirmEnd = !this.confirmEnd;
    if (this.confirmEnd)
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.confirm')?.focus());
  }

  #setSocialProof(socialProof: boolean): void {
    void this.#run('settings', (c) => c.updateSettings({ socialProof }));
  }

  #setOrientation(orientation: ShowOrientation): void {
    void this.#run('orientation', (c) => c.updateSettings({ orientation }));
  }

  #onSend(e: LiveShopChatSendEvent): void {
    this.chatError = '';
    this.#shop.sendChatFrom(e, (error) => (this.chatError = error), this.#i18n.t);
  }

  /** A chat request the page may take over: listeners further up run later in this dispatch. */
  #take<T>(e: CustomEvent<T>, key: string, action: (c: LiveShopClient, detail: T) => Promise<unknown>): void {
    queueMicrotask(() => e.defaultPrevented || void this.#run(key, (c) => action(c, e.detail)));
  }

  #onDelete(e: LiveShopChatDeleteEvent): void {
    this.#take(e, `delete:${e.detail.id}`, (c, { id }) => c.deleteMessage(id));
  }

  #onTimeout(e: LiveShopChatTimeoutEvent): void {
    this.#take(e, `timeout:${e.detail.id}`, (c, { id, seconds }) => c.timeoutViewer(id, seconds));
  }

  #onBan(e: LiveShopChatBanEvent): void {
    this.#take(e, `ban:${e.detail.id}`, (c, { id }) => c.banViewer(id));
  }

  #panelContext(ready: boolean) {
    return {
      run: (key: string, action: (c: LiveShopClient) => Promise<unknown>) => this.#run(key, action),
      busy: (key: string) => this.busy.has(key),
      server: this.server,
      disabled: !ready,
      t: this.#i18n.t,
      locale: this.#i18n.locale,
    };
  }

  #renderModeration(s: LiveShopState, ready: boolean) {
    return this.#moderation.render(s, {
      run: (key, action) => this.#run(key, action),
      busy: (key) => this.busy.has(key),
      server: this.server,
      t: this.#i18n.t,
      locale: this.#i18n.locale,
      disabled: !ready,
    });
  }

  #renderChat(s: LiveShopState | null, status: ShowStatus, ready: boolean) {
    const host = s?.role !== 'moderator';
    const { CHAT_PARTS } = viewerParts;
    return html`<live-shop-chat
      part="chat"
      exportparts=${CHAT_PARTS}
      .strings=${this.strings}
      moderate
      .messages=${s?.chat ?? []}
      .name=${host ? DEFAULT_HOST_NAME : DEFAULT_MODERATOR_NAME}
      .error=${this.chatError}
      ?disabled=${!ready || status === 'ended'}
      @live-shop-chat-send=${this.#onSend}
      @live-shop-chat-delete=${this.#onDelete}
      @live-shop-chat-timeout=${this.#onTimeout}
      @live-shop-chat-ban=${this.#onBan}
    ></live-shop-chat>`;
  }

  #renderConsole(s: LiveShopState | null, status: ShowStatus, ready: boolean, canEnd: boolean) {
    const { t } = this.#i18n;
    return html`<div class="columns">
        ${this.#products.render(s, this.#panelContext(ready))}
        <div class="console">
          ${renderStage(this.#media, status, t, this.#stage.preview)} ${renderDevices(this.#media, t, {
            toggles: false,
            orientation: {
              value: s?.settings.orientation ?? 'landscape',
              disabled: !ready || status !== 'scheduled' || this.busy.has('orientation') || this.busy.has('live'),
              onChange: (o) => this.#setOrientation(o),
            },
          })}
          ${renderPublishState(this.#media, t)}
          <div class="sources" aria-hidden="true">${this.#stage.hostVideo}</div>
          <div part="controls" class="controls">
            <button class="primary" ?disabled=${!ready || status !== 'scheduled' || this.busy.has('live')} @click=${this.#goLive}>
              ${t('goLive')}
            </button>
            ${
              ready && canEnd && !this.busy.has('live') && !isPublishing(this.#media)
                ? html`<button class="ghost" ?disabled=${this.busy.has('resume')} @click=${this.#resume}>${t('resumeStreaming')}</button>`
                : nothing
            }
            <button
              class="ghost"
              aria-expanded=${this.confirmEnd ? 'true' : 'false'}
              ?disabled=${!ready || !canEnd || this.busy.has('end')}
              @click=${this.#askEnd}
            >
              ${t('endShow')}
            </button>
            ${
              this.confirmEnd && canEnd
                ? html`<button class="danger confirm" @click=${this.#endShow}>${t('confirmEndShow')}</button>
                  <button class="ghost" @click=${() => (this.confirmEnd = false)}>${t('keepStreaming')}</button>`
                : nothing
            }
            <span class="toggles">${renderToggles(this.#media, t)}</span>
          </div>
        </div>
        <div class="side">${this.#renderChat(s, status, ready)} ${s && ready ? this.#renderModeration(s, ready) : nothing}</div>
        <div class="panels">
          ${this.#schedule.render(s, this.#panelContext(ready))}
          ${renderSales(s, {
            busy: this.busy.has('settings'),
            disabled: !ready,
            onSocialProof: (on) => this.#setSocialProof(on),
            t,
            locale: this.#i18n.locale,
          })}
          ${renderReactions(s, {
            busy: this.busy.has('reactions'),
            disabled: !ready,
            onChange: (reactions) => void this.#run('reactions', (c) => c.updateSettings({ reactions })),
            t,
          })}
          ${s && ready ? this.#engage.render(s, this.#panelContext(ready)) : nothing}
          ${s && ready ? this.#stagePanel.render(s, this.#panelContext(ready), this.#stage) : nothing}
          ${this.#ingest.render(t)} ${this.#simulcast.render(t)} ${this.#clips.render(s, this.#panelContext(ready))}
          ${this.#analytics.render(s, { t, locale: this.#i18n.locale })}
        </div>
      </div>`;
  }

  override render() {
    const s = this.#shop.state;
    const status = s?.status ?? 'scheduled';
    const { t } = this.#i18n;
    const connError = s?.connection === 'error' ? errorText(s.error, t) : '';
    const notHost = s?.ready && s.role === 'viewer';
    const moderator = s?.ready && s.role === 'moderator';
    const guest = s?.ready && s.role === 'guest';
    const canEnd = status === 'starting' || status === 'live' || status === 'reconnecting';
    const ready = !!s?.ready && s.connection === 'connected' && !notHost;
    // Nothing to operate without a show to connect to: say why, and show no dead controls.
    const fatal = !this.show || (!s?.ready && s?.connection === 'error');
    return html`<div part="base">
      <header part="header">
        <h1>${moderator ? t('moderating', { title: s.title }) : guest ? t('guestOn', { title: s.title }) : s?.title || t('studio')}</h1>
        ${
          s?.ready
            ? html`<span class="badge ${status}">${t(STATUS_KEY[status])}</span>
              <span class="viewers">${t('watching', { count: s.viewers })}</span>
              ${guest ? nothing : renderReactionStat(s, this.#reactionRate.perSecond, t, this.#i18n.locale)}`
            : nothing
        }
      </header>
      <div class="alerts" role="alert">
        ${!this.show ? html`<p class="error-line">${t('noShow')}</p>` : nothing}
        ${connError ? html`<p class="error-line">${connError}</p>` : nothing}
        ${notHost ? html`<p class="error-line">${t('errorForbidden')}</p>` : nothing}
        ${s?.ready && s.connection === 'closed' ? html`<p class="error-line">${t('disconnected')}</p>` : nothing}
        ${
          this.actionError
            ? html`<p class="error-line">
              <span>${this.actionError}</span>
              <button aria-label=${t('dismiss')} @click=${() => (this.actionError = '')}>✕</button>
            </p>`
            : nothing
        }
      </div>
      ${
        fatal
          ? nothing
          : moderator
            ? html`<div class="columns moderating">
              ${this.#renderModeration(s, ready)} ${this.#renderChat(s, status, ready)}
              ${this.#engage.render(s, this.#panelContext(ready))}
            </div>`
            : guest
              ? this.#guestView.render(s, this.#guestContext(s), this.#media, this.#stage)
              : this.#renderConsole(s, status, ready, canEnd)
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'live-shop-studio': LiveShopStudio;
  }
}
