import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { LIMITS, type ChatMessage } from '@live-shop/protocol';
import { emit } from '../shared/utils.js';
import { styles } from './chat.styles.js';

/** Distance from the bottom (px) under which the log still counts as "at the bottom". */
const STICKY_PX = 32;

/**
 * The live chat: message log and composer. It renders what it is given and reports intents.
 *
 * @tagname live-shop-chat
 *
 * @fires live-shop-chat-send - The viewer sent a message. Cancelable (keeps the draft). detail: `{text}`.
 * @fires live-shop-name-change - The viewer picked a display name (fired before the first send). detail: `{name}`.
 * @fires live-shop-chat-delete - The host deleted a message. detail: `{id}`.
 *
 * @csspart base - The chat container.
 * @csspart log - The message list (`role="log"`).
 * @csspart message - One message.
 * @csspart delete-button - A message's delete button (hosts only).
 * @csspart form - The composer.
 * @csspart input - The message input.
 * @csspart send-button - The Send button.
 * @csspart error - The error line.
 *
 * @cssprop --live-shop-accent - Send button and host badge color.
 * @cssprop --live-shop-bg - Background.
 * @cssprop --live-shop-border - Border color.
 * @cssprop --live-shop-radius - Corner radius.
 * @cssprop --live-shop-font - Font family.
 */
export class LiveShopChat extends LitElement {
  static override styles = styles;

  /** Messages to show, oldest first. */
  @property({ attribute: false }) messages: readonly ChatMessage[] = [];

  /** Current display name; when empty, sending first asks for one. */
  @property() name = '';

  /** The draft in the composer. */
  @property() value = '';

  /** Error to show under the log (e.g. a failed send); cleared on the next send. */
  @property() error = '';

  /** Show a delete button on each message (hosts). */
  @property({ type: Boolean, attribute: 'can-delete' }) canDelete = false;

  /** Disable the composer (e.g. show ended or offline). */
  @property({ type: Boolean, reflect: true }) disabled = false;

  @state() private askName = false;

  @query('[part="log"]') private log!: HTMLElement;
  @query('#name') private nameInput?: HTMLInputElement;
  @query('#text') private textInput!: HTMLInputElement;

  #stick = true;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('messages') && this.log) {
      const { scrollHeight, scrollTop, clientHeight } = this.log;
      this.#stick = scrollHeight - scrollTop - clientHeight < STICKY_PX;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('messages') && this.#stick) this.log.scrollTop = this.log.scrollHeight;
  }

  #onInput(e: Event): void {
    this.value = (e.target as HTMLInputElement).value;
  }

  #onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    const text = this.value.trim();
    if (this.askName) {
      const name = this.nameInput?.value.trim() ?? '';
      if (!name) return this.nameInput?.focus();
      emit(this, 'live-shop-name-change', { name });
      this.name = name;
      this.askName = false;
    }
    if (!text || this.disabled) return;
    if (!this.name) {
      this.askName = true;
      void this.updateComplete.then(() => this.nameInput?.focus());
      return;
    }
    this.error = '';
    if (emit(this, 'live-shop-chat-send', { text }, true)) this.value = '';
    this.textInput.focus();
  }

  #onDelete(id: string): void {
    emit(this, 'live-shop-chat-delete', { id });
  }

  /** Moves focus to the message input. */
  override focus(): void {
    this.textInput?.focus();
  }

  #renderMessage(m: ChatMessage) {
    return html`<div part="message" class="msg">
      <p><span class="name">${m.name}</span>${m.role === 'host' ? html`<span class="badge">Host</span>` : nothing}<span class="text">${m.text}</span></p>
      ${this.canDelete
        ? html`<button
            part="delete-button"
            class="delete"
            aria-label="Delete message from ${m.name}"
            title="Delete message"
            @click=${() => this.#onDelete(m.id)}
          >
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
              <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
            </svg>
          </button>`
        : nothing}
    </div>`;
  }

  override render() {
    return html`<section part="base" aria-label="Live chat">
      <div part="log" role="log" aria-live="polite" aria-label="Chat messages" tabindex="0">
        ${this.messages.length
          ? this.messages.map((m) => this.#renderMessage(m))
          : html`<p class="empty">No messages yet. Say hello!</p>`}
      </div>
      ${this.error ? html`<p part="error" class="error-line" role="alert">${this.error}</p>` : nothing}
      <form part="form" @submit=${this.#onSubmit}>
        ${this.askName
          ? html`<div class="name-row">
              <label for="name">Pick a display name</label>
              <input id="name" maxlength=${LIMITS.nameMax} autocomplete="nickname" required />
            </div>`
          : nothing}
        <label class="sr-only" for="text">Chat message</label>
        <input
          id="text"
          part="input"
          maxlength=${LIMITS.chatTextMax}
          autocomplete="off"
          enterkeyhint="send"
          placeholder=${this.disabled ? 'Chat is closed' : 'Say something…'}
          .value=${live(this.value)}
          ?disabled=${this.disabled}
          @input=${this.#onInput}
        />
        <button part="send-button" class="primary" type="submit" ?disabled=${this.disabled}>Send</button>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'live-shop-chat': LiveShopChat;
  }
}
