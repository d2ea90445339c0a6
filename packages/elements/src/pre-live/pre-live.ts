import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formatPrice, type Product, type Trailer } from '@live-shop/protocol';
import { partsBundles } from '../i18n/parts-bundle.js';
import { I18n, type Strings } from '../i18n/controller.js';
import { resolveUrl } from '../shared/utils.js';
import { UNITS, formatUnit, splitRemaining, spokenRemaining } from './countdown.js';
import { styles } from './pre-live.styles.js';

/** What `subscribeToShowReminders` (`@live-shop/client`) takes. */
export interface ReminderTarget {
  server: string;
  show: string;
  publicKey: string;
  worker: string;
}

/**
 * What a scheduled show shows before it starts (the viewer renders it in place of the player, from a
 * lazy chunk): a countdown to `startsAt` (announced politely once a minute at most), the trailer, the
 * description, the products to come, and **Remind me**: **Add to calendar** (the show's .ics) and,
 * when the show has a Web Push key, the page a `push-worker` and the browser the Push API, **Notify me**.
 * Past its start time and still scheduled it says "Starting soon".
 *
 * @tagname live-shop-pre-live
 *
 * @csspart base - The pre-live screen.
 * @csspart trailer - The trailer image, or its muted looping video.
 * @csspart countdown - The days, hours, minutes and seconds left (or "Starting soon").
 * @csspart starts-at - The start date and time, in the shopper's time zone.
 * @csspart description - The show's description.
 * @csspart products - The list of products to come.
 * @csspart product - One product to come.
 * @csspart remind-button - Remind me (opens its menu).
 * @csspart remind-menu - The menu: Add to calendar, Notify me.
 * @csspart calendar-link - Add to calendar (downloads the .ics).
 * @csspart notify-button - Notify me (Web Push).
 * @csspart reminder-status - Whether Notify me worked (a polite live region).
 *
 * @cssprop --live-shop-pre-live-bg - The pre-live screen's background (default `--live-shop-surface`).
 * @cssprop --live-shop-accent - Remind me's background.
 * @cssprop --live-shop-accent-text - Remind me's text.
 * @cssprop --live-shop-bg - The menu's and the product images' background.
 * @cssprop --live-shop-border - The menu's border.
 * @cssprop --live-shop-danger - "Notifications could not be turned on."
 * @cssprop --live-shop-focus-ring - Keyboard focus ring (a `box-shadow`).
 * @cssprop --live-shop-font - Font family.
 * @cssprop --live-shop-muted - The start date, description and reminder status.
 * @cssprop --live-shop-radius - Corner radius.
 * @cssprop --live-shop-stage-bg - Behind the trailer while it loads.
 * @cssprop --live-shop-surface - The screen's background (see `--live-shop-pre-live-bg`) and menu items under the pointer.
 * @cssprop --live-shop-text - Text color.
 * @cssprop --live-shop-pre-live-trailer-max-height - Tallest the trailer grows (default 60vh).
 * @cssprop --live-shop-player-aspect-ratio - The trailer's shape (default 16 / 9), like the player's.
 */
export class LiveShopPreLive extends LitElement {
  static override styles = styles;

  /** Subscribes this browser to the show's reminders; `@live-shop/client`'s `subscribeToShowReminders` (loaded on use). */
  static subscribe = async (target: ReminderTarget): Promise<unknown> => {
    // Destructured at once, so the bundler keeps only this export of the client (not its whole namespace).
    const { subscribeToShowReminders } = (await import('@live-shop/client')) as unknown as {
      subscribeToShowReminders?: (target: ReminderTarget) => Promise<unknown>;
    };
    if (!subscribeToShowReminders) throw new Error('Show reminders are not available');
    return subscribeToShowReminders(target);
  };

  /** live-shop server URL (default: the page origin). */
  @property() server = '';
  @property() show = '';
  /** Server epoch ms, or null when the show has no date. */
  @property({ type: Number, attribute: 'starts-at' }) startsAt: number | null = null;
  /** The server's clock minus this device's (ms), so the countdown follows the server's time. */
  @property({ type: Number, attribute: false }) clockOffset = 0;
  @property() description = '';
  @property({ attribute: false }) trailer: Trailer | null = null;
  @property({ attribute: false }) products: readonly Product[] = [];
  /** The show's Web Push public key (from the show state); Notify me needs it. */
  @property({ attribute: 'web-push-key' }) webPushKey: string | null = null;
  /** URL of the merchant's service worker for Web Push; Notify me needs it. */
  @property({ attribute: 'push-worker' }) pushWorker = '';
  @property({ type: Object }) strings: Strings | null = null;

  @state() private menuOpen = false;
  @state() private reminder: 'idle' | 'working' | 'on' | 'failed' = 'idle';
  @state() private now = Date.now();

  #i18n = new I18n(this, partsBundles);
  #tick: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#tick = setInterval(() => (this.now = Date.now()), 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#tick);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('show')) this.reminder = 'idle';
  }

  get #canNotify(): boolean {
    return !!this.webPushKey && !!this.pushWorker && 'PushManager' in window;
  }

  #openMenu(focus: 'first' | 'last' = 'first'): void {
    this.menuOpen = true;
    void this.updateComplete.then(() => {
      const items = this.#items();
      (focus === 'first' ? items[0] : items.at(-1))?.focus();
    });
  }

  #closeMenu(refocus: boolean): void {
    this.menuOpen = false;
    if (refocus) this.renderRoot.querySelector<HTMLElement>('[part="remind-button"]')?.focus();
  }

  #items(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  }

  #onButtonKey = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      this.#openMenu(e.key === 'ArrowDown' ? 'first' : 'last');
    }
  };

  #onMenuKey = (e: KeyboardEvent): void => {
    const items = this.#items();
    const at = items.indexOf(this.shadowRoot!.activeElement as HTMLElement);
    const move = { ArrowDown: 1, ArrowUp: -1 }[e.key];
    if (move) {
      e.preventDefault();
      items[(at + move + items.length) % items.length]?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      (e.key === 'Home' ? items[0] : items.at(-1))?.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      this.#closeMenu(true);
    } else if (e.key === 'Tab') this.menuOpen = false;
  };

  #onFocusOut = (e: FocusEvent): void => {
    if (!this.menuOpen) return;
    const next = e.relatedTarget as Node | null;
    if (!next || !this.shadowRoot!.contains(next)) this.menuOpen = false;
  };

  async #notify(): Promise<void> {
    this.#closeMenu(true);
    this.reminder = 'working';
    try {
      await LiveShopPreLive.subscribe({
        server: new URL(this.server || location.origin, location.href).origin,
        show: this.show,
        publicKey: this.webPushKey!,
        worker: this.pushWorker,
      });
      this.reminder = 'on';
    } catch {
      this.reminder = 'failed';
    }
  }

  #renderCountdown() {
    const { t, locale } = this.#i18n;
    if (this.startsAt === null)
      return html`<p part="countdown">${t('statusScheduled')}</p>
        <p part="starts-at">${t('scheduledSub')}</p>`;
    const left = this.startsAt - (this.now + this.clockOffset);
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(this.startsAt);
    if (left <= 0)
      return html`<p part="countdown" role="status">${t('statusScheduled')}</p>
        <p part="starts-at">${t('preLiveStartsAt', { date })}</p>`;
    const parts = splitRemaining(left);
    // Days only when there are some; the rest always, so the line does not jump as they run out.
    const units = UNITS.filter((u) => u !== 'day' || parts.day > 0);
    // The ticking figures are hidden from screen readers; the status line below changes once a minute at most.
    return html`<div part="countdown" role="timer" aria-label=${t('preLiveCountdown')}>
        ${units.map((u) => html`<span class=${u} aria-hidden="true">${formatUnit(parts[u], u, locale, 'short')}</span>`)}
      </div>
      <p class="sr-only" role="status">${t('preLiveStartsIn', { time: spokenRemaining(left, locale) })}</p>
      <p part="starts-at">${t('preLiveStartsAt', { date })}</p>`;
  }

  #renderTrailer() {
    const trailer = this.trailer;
    if (!trailer) return nothing;
    const { t } = this.#i18n;
    return trailer.kind === 'video'
      ? html`<video
          part="trailer"
          src=${trailer.url}
          aria-label=${t('preLiveTrailer')}
          muted
          loop
          autoplay
          playsinline
          controls
          .muted=${true}
        ></video>`
      : html`<img part="trailer" src=${trailer.url} alt=${t('preLiveTrailer')} />`;
  }

  #renderProducts() {
    if (!this.products.length) return nothing;
    const { t, locale } = this.#i18n;
    return html`<section aria-labelledby="products-heading">
      <h3 id="products-heading">${t('preLiveProducts')}</h3>
      <ul part="products">
        ${this.products.map(
          (p) => html`<li part="product">
            ${p.imageUrl ? html`<img src=${resolveUrl(p.imageUrl, this.server)} alt="" loading="lazy" />` : nothing}
            <span>${p.title}</span>
            <span>${formatPrice(p.price, locale)}</span>
          </li>`,
        )}
      </ul>
    </section>`;
  }

  #renderRemind() {
    const { t } = this.#i18n;
    const calendar = resolveUrl(`/api/shows/${encodeURIComponent(this.show)}/calendar.ics`, this.server);
    const status = { idle: '', working: '', on: t('notifyOn'), failed: t('notifyFailed') }[this.reminder];
    return html`<div class="remind" @focusout=${this.#onFocusOut}>
        <button
          part="remind-button"
          aria-haspopup="menu"
          aria-expanded=${this.menuOpen ? 'true' : 'false'}
          aria-controls="remind-menu"
          @click=${() => (this.menuOpen ? this.#closeMenu(false) : this.#openMenu())}
          @keydown=${this.#onButtonKey}
        >
          ${t('remindMe')}
        </button>
        <div part="remind-menu" id="remind-menu" role="menu" aria-label=${t('remindMe')} ?hidden=${!this.menuOpen} @keydown=${this.#onMenuKey}>
          ${
            this.startsAt === null
              ? nothing
              : html`<a part="calendar-link" role="menuitem" tabindex="-1" href=${calendar} download @click=${() => this.#closeMenu(true)}
                >${t('addToCalendar')}</a
              >`
          }
          ${
            this.#canNotify
              ? html`<button part="notify-button" role="menuitem" tabindex="-1" ?disabled=${this.reminder === 'working'} @click=${() => this.#notify()}>
                ${t('notifyMe')}
              </button>`
              : nothing
          }
        </div>
      </div>
      <p part="reminder-status" role="status" class=${this.reminder}>${status}</p>`;
  }

  override render() {
    const remind = this.startsAt !== null || this.#canNotify;
    return html`<div part="base">
      ${this.#renderTrailer()} ${this.#renderCountdown()} ${remind ? this.#renderRemind() : nothing}
      ${this.description ? html`<p part="description">${this.description}</p>` : nothing} ${this.#renderProducts()}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'live-shop-pre-live': LiveShopPreLive;
  }
}
