import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { LIMITS, type ChatMessage, type Restriction } from '@live-shop/protocol';
import { LiveShopEvent, emit } from '../events.js';
import { partsBundles } from '../i18n/parts-bundle.js';
import { I18n, type Strings, type Translate } from '../i18n/controller.js';
import { formatTime } from '../shared/utils.js';
import { ChatAnnouncer } from './announcer.js';
import { styles } from './chat.styles.js';

/** Distance from the bottom (px) under which the log still counts as "at the bottom". */
const STICKY_PX = 32;

/** A verified name's mark. */
const verified = (t: Translate) =>
  html`<span part="verified" class="verified" title=${t('verified')}><span aria-hidden="true">✓</span><span class="sr-only">${t('verifiedMark')}</span></span>`;

/** Staff actions (Delete, Time out, Ban) are loaded only when a chat moderates: shoppers never download them. */
let staff: typeof import('./message-actions.js') | undefined;
const loadStaff = () => import('./message-actions.js').then((m) => (staff = m));

/**
 * The live chat: message log and composer. It renders what it is given and reports intents.
 *
 * Staff (`moderate`) get Delete, Time out and Ban on each viewer's message. Viewers see why they
 * cannot chat (`restriction`), slow mode with a countdown on Send (`slow-mode`), their verified name
 * instead of the name field (`verified`), their own messages the blocklist held back marked
 * "Held for review" (messages with `held`), and "Sign in to chat" instead of the composer where only
 * signed-in customers chat (`sign-in-required`).
 *
 * @tagname live-shop-chat
 *
 * @fires {CustomEvent<ChatSendDetail>} live-shop-chat-send - The viewer sent a message. Cancelable (keeps the draft). detail: `{text}`.
 * @fires {CustomEvent<NameChangeDetail>} live-shop-chat-name-change - The viewer picked a display name (fired before the first send).
 *   detail: `{name}`.
 * @fires {CustomEvent<NameChangeDetail>} live-shop-name-change - Deprecated (removed in 0.3.0): fired after each
 *   `live-shop-chat-name-change` with the same detail (not cancelable). detail: `{name}`.
 * @fires {CustomEvent<SignInDetail>} live-shop-sign-in - The viewer pressed "Sign in to chat": open your login, then give the viewer
 *   a signed `identity`. detail: `{}`.
 * @fires {CustomEvent<ChatDeleteDetail>} live-shop-chat-delete - Staff deleted a message. Cancelable (the studio then does nothing).
 *   detail: `{id}`.
 * @fires {CustomEvent<ChatTimeoutDetail>} live-shop-chat-timeout - Staff timed out a message's author. Cancelable.
 *   detail: `{id, name, seconds}` (`id`: the message).
 * @fires {CustomEvent<ChatBanDetail>} live-shop-chat-ban - Staff banned a message's author. Cancelable. detail: `{id, name}` (`id`: the message).
 *
 * @csspart base - The chat container.
 * @csspart log - The message list (`role="log"`, not itself a live region: screen readers hear new messages in
 *   batches, at most one announcement every `LiveShopChat.announceMs`, from one hidden live region the chat adds to
 *   the page, `[data-live-shop-announcer]`).
 * @csspart message - One message (class `held` for the viewer's own held messages).
 * @csspart badge - The Host / Moderator badge.
 * @csspart verified - The ✓ after a verified name.
 * @csspart held - "Held for review" on a held message.
 * @csspart delete-button - A message's delete button (staff).
 * @csspart actions-button - A message's "More actions" toggle (staff, `moderate`).
 * @csspart actions - Time out and Ban, shown by the toggle.
 * @csspart notice - Why the viewer cannot chat (timed out, banned); collapsed while empty.
 * @csspart hint - The slow mode hint and countdown.
 * @csspart form - The composer.
 * @csspart input - The message input.
 * @csspart send-button - The Send button.
 * @csspart sign-in-button - "Sign in to chat", in place of the input and Send (`sign-in-required`).
 * @csspart error - The error line.
 * @csspart ask - The "Ask as a question" toggle (`ask`).
 * @csspart question - A message's "Question" label (asked with the toggle).
 *
 * @cssprop --live-shop-accent - Send button, badge and verified mark color.
 * @cssprop --live-shop-accent-text - Text on the accent color.
 * @cssprop --live-shop-bg - Background.
 * @cssprop --live-shop-surface - Subtle fills (secondary buttons).
 * @cssprop --live-shop-text - Text color.
 * @cssprop --live-shop-muted - Secondary text (times, hints).
 * @cssprop --live-shop-border - Border color.
 * @cssprop --live-shop-radius - Corner radius.
 * @cssprop --live-shop-font - Font family.
 * @cssprop --live-shop-danger - Staff's Delete and Ban color.
 * @cssprop --live-shop-focus-ring - Keyboard focus ring (a `box-shadow`).
 */
export class LiveShopChat extends LitElement {
  static override styles = styles;

  /** Screen readers hear new messages at most once per this many ms, batched ("3 new messages. Latest, …"). */
  static announceMs = 4000;

  /** Messages to show, oldest first. */
  @property({ attribute: false }) messages: readonly ChatMessage[] = [];

  /** Current display name; when empty, sending first asks for one. */
  @property() name = '';

  /** A draft to put in the composer (e.g. one you kept); what the shopper types then stays inside the chat. */
  @property() value = '';

  /**
   * Why the last send failed, shown under the log until the next send. The chat then puts the unsent
   * text back into an empty composer and lets Send work again at once (no slow mode wait).
   */
  @property() error = '';

  /** Show a delete button on each message (staff; loaded on first use). */
  @property({ type: Boolean, attribute: 'can-delete' }) canDelete = false;

  /** Staff: Delete, Time out and Ban on each viewer's message (loads them on first use). */
  @property({ type: Boolean }) moderate = false;

  /** The name was signed by the merchant: shown as verified, no name field. */
  @property({ type: Boolean }) verified = false;

  /** Slow mode: seconds between the viewer's messages (0 = off). Send waits that long after each message. */
  @property({ type: Number, attribute: 'slow-mode' }) slowMode = 0;

  /** Why this viewer may not chat, with `until` in local epoch ms; null when they may. */
  @property({ attribute: false }) restriction: Restriction | null = null;

  /** Make Send wait until then (local epoch ms); 0 lets the viewer send now. Slow mode's wait after each send is the chat's own. */
  @property({ attribute: false }) cooldownUntil = 0;

  /** Only signed-in customers may chat here: "Sign in to chat" replaces the input and Send. */
  @property({ type: Boolean, attribute: 'sign-in-required' }) signInRequired = false;

  /** Disable the composer (e.g. show ended or offline). */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** Q&A: offer "Ask as a question" beside the input; the next message then goes up with `question: true`. */
  @property({ type: Boolean }) ask = false;

  /** Your words for any of its strings, by catalog key (e.g. `{send: 'Post'}`). As an attribute: JSON. */
  @property({ type: Object }) strings: Strings | null = null;

  @state() private askName = false;
  // The owner sets the public properties; what the shopper changes lives here, reset when the owner sets them again.
  /** The composer's text: `value`, then what the shopper types. */
  @state() private draft = '';
  /** The name the chat asked for while `name` was empty. */
  @state() private picked = '';
  /** `error`, until the next send hides it. */
  @state() private shownError = '';
  /** Send waits until then (local epoch ms): `cooldownUntil`, or slow mode's wait after a send. */
  @state() private sendAt = 0;
  /** Q&A: the next message is a question. */
  @state() private asking = false;

  @query('[part="log"]') private log!: HTMLElement;
  @query('#name') private nameInput?: HTMLInputElement;
  @query('#text') private textInput!: HTMLInputElement;

  /** @internal The chat's language and messages (for the staff actions too). */
  readonly i18n = new I18n(this, partsBundles);
  #announcer = new ChatAnnouncer(this, () => LiveShopChat.announceMs);
  #stick = true;
  #tick: ReturnType<typeof setTimeout> | undefined;
  #actions: import('./message-actions.js').MessageActions | undefined;
  /** The last text sent: an `error` from the owner after it means it failed, and gives it back. */
  #sent = '';

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#tick);
    this.#tick = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('messages') && this.log) {
      const { scrollHeight, scrollTop, clientHeight } = this.log;
      this.#stick = scrollHeight - scrollTop - clientHeight < STICKY_PX;
    }
    if ((this.canDelete || this.moderate) && !this.#actions) {
      if (staff) this.#actions = new staff.MessageActions(this);
      else void loadStaff().then(() => this.requestUpdate());
    }
    if (changed.has('messages')) this.#announcer.see(this.messages, this.i18n.t, this.i18n.locale);
    if (changed.has('value')) this.draft = this.value;
    if (changed.has('name')) this.picked = '';
    if (changed.has('cooldownUntil')) this.sendAt = this.cooldownUntil;
    if (changed.has('error')) {
      this.shownError = this.error;
      // A failed send: the text comes back (unless a new draft was started) and Send works again at once.
      if (this.error && this.#sent) {
        this.draft ||= this.#sent;
        this.sendAt = 0;
        this.#sent = '';
      }
    }
  }

  /** The display name: the owner's, else the one the chat asked for. */
  get #name(): string {
    return this.picked || this.name;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('messages') && this.#stick) this.log.scrollTop = this.log.scrollHeight;
    // The countdown: re-render each second while Send waits.
    clearTimeout(this.#tick);
    const left = this.sendAt - Date.now();
    if (left > 0 && this.isConnected) this.#tick = setTimeout(() => this.requestUpdate(), left % 1000 || 1000);
  }

  #onInput(e: Event): void {
    this.draft = (e.target as HTMLInputElement).value;
  }

  #onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    const text = this.draft.trim();
    if (this.askName) {
      const name = this.nameInput?.value.trim() ?? '';
      if (!name) return this.nameInput?.focus();
      emit(this, LiveShopEvent.ChatNameChange, { name });
      this.picked = name;
      this.askName = false;
    }
    if (!text || this.disabled || this.restriction || this.#waiting()) return;
    if (!this.#name) {
      this.askName = true;
      void this.updateComplete.then(() => this.nameInput?.focus());
      return;
    }
    this.shownError = '';
    const detail = this.ask && this.asking ? { text, question: true } : { text };
    if (emit(this, LiveShopEvent.ChatSend, detail, { cancelable: true })) {
      this.#sent = text;
      this.draft = '';
      this.asking = false;
      if (this.slowMode > 0) this.sendAt = Date.now() + this.slowMode * 1000;
    }
    this.textInput.focus();
  }

  #onSignIn(): void {
    emit(this, LiveShopEvent.SignIn, {});
  }

  /** Seconds left before Send works again (slow mode); 0 when it works now. */
  #waiting(): number {
    return Math.max(0, Math.ceil((this.sendAt - Date.now()) / 1000));
  }

  /** Moves focus to the message input. */
  override focus(): void {
    this.textInput?.focus();
  }

  #renderMessage(m: ChatMessage) {
    const { t } = this.i18n;
    const badge = m.role === 'host' ? t('host') : m.role === 'moderator' ? t('moderator') : '';
    return html`<div part="message" class="msg ${m.held ? 'held' : ''}">
      <p>
        <span class="name">${m.name}</span>${m.verified ? verified(t) : nothing}${badge ? html`<span part="badge" class="badge">${badge}</span>` : nothing}<span class="text">${m.text}</span>
        ${m.held ? html`<span part="held" class="held-label">${t('heldForReview')}</span>` : nothing}
        ${m.question ? html`<span part="question" class="held-label">${t('questionTag')}</span>` : nothing}
      </p>
      ${this.#actions && (this.canDelete || this.moderate) ? this.#actions.render(m) : nothing}
    </div>`;
  }

  #renderNotice() {
    const r = this.restriction;
    if (!r) return '';
    return r.kind === 'timeout' && r.until
      ? this.i18n.t('timedOutUntil', { time: formatTime(r.until, this.i18n.locale) })
      : this.i18n.t('cantChat');
  }

  #renderHint() {
    if (!this.slowMode || this.restriction || this.signInRequired) return nothing;
    const wait = this.#waiting();
    return html`<p part="hint" class="hint">
      ${wait ? this.i18n.t('slowModeWait', { count: wait }) : this.i18n.t('slowModeEvery', { count: this.slowMode })}
    </p>`;
  }

  #renderSignIn() {
    return html`<button part="sign-in-button" class="primary" type="button" @click=${this.#onSignIn}>${this.i18n.t('signInToChat')}</button>`;
  }

  #renderComposer(closed: boolean) {
    const { t } = this.i18n;
    return html`<label class="sr-only" for="text">${t('chatMessage')}</label>
        <input
          id="text"
          part="input"
          maxlength=${LIMITS.chatTextMax}
          autocomplete="off"
          enterkeyhint="send"
          placeholder=${t(closed ? (this.disabled ? 'chatClosed' : 'chatReadOnly') : 'saySomething')}
          .value=${live(this.draft)}
          ?disabled=${closed}
          @input=${this.#onInput}
        />
        <button part="send-button" class="primary" type="submit" ?disabled=${closed || this.#waiting() > 0}>${t('send')}</button>
        ${
          this.ask && !closed
            ? html`<label part="ask" class="ask">
              <input
                type="checkbox"
                .checked=${live(this.asking)}
                @change=${(e: Event) => (this.asking = (e.target as HTMLInputElement).checked)}
              />
              ${t('askQuestion')}
            </label>`
            : nothing
        }`;
  }

  override render() {
    const closed = this.disabled || !!this.restriction;
    const notice = this.#renderNotice();
    const { t } = this.i18n;
    return html`<section part="base" aria-label=${t('liveChat')}>
      ${staff && (this.canDelete || this.moderate) ? staff.styles : nothing}
      <div part="log" role="log" aria-live="off" aria-label=${t('chatMessages')} tabindex="0">
        ${
          this.messages.length
            ? this.messages.map((m) => this.#renderMessage(m))
            : html`<p class="empty">${t('noMessages')}</p>`
        }
      </div>
      ${this.shownError ? html`<p part="error" class="error-line" role="alert">${this.shownError}</p>` : nothing}
      <p part="notice" class="notice ${notice ? '' : 'empty'}" role="status">${notice}</p>
      <form part="form" @submit=${this.#onSubmit}>
        ${
          this.askName && !this.verified
            ? html`<div class="name-row">
              <label for="name">${t('pickName')}</label>
              <input id="name" maxlength=${LIMITS.nameMax} autocomplete="nickname" required />
            </div>`
            : nothing
        }
        ${this.verified && this.#name ? html`<p class="as">${t('chattingAs')} <strong>${this.#name}</strong> ${verified(t)}</p>` : nothing}
        ${this.#renderHint()}
        ${this.signInRequired ? this.#renderSignIn() : this.#renderComposer(closed)}
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'live-shop-chat': LiveShopChat;
  }
}
