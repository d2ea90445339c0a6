import { html, nothing, type ReactiveController } from 'lit';
import type { ChatMessage } from '@live-shop/protocol';
import { LiveShopEvent, emit } from '../events.js';
import { studioBundle } from '../i18n/studio-bundle.js';
import type { ChatHost } from './types.js';

/** Time out lasts 5 minutes: long enough to cool down, short enough to need no undo. */
export const TIMEOUT_SECONDS = 300;

/** "5 minutes" in `locale`. */
const minutes = (locale: string, n: number) =>
  new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(n);

/** The staff actions' styles: they travel with this module, not in every shopper's chat. */
export const styles = html`<style>
  .delete,
  .more {
    min-height: 32px;
    min-width: 32px;
    padding: 0;
    background: transparent;
    color: var(--_muted);
    flex: none;
  }
  .delete:hover {
    background: #fef2f2;
    color: var(--_danger);
  }
  .more:hover,
  .more[aria-expanded='true'] {
    background: var(--_surface);
    color: var(--_text);
  }
  @media (pointer: coarse) {
    .delete,
    .more {
      min-height: 40px;
      min-width: 40px;
    }
  }
  .actions {
    flex-basis: 100%;
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
  }
  .actions button {
    min-height: 32px;
    padding: 0 0.75rem;
    font-size: 0.8125rem;
  }
  .actions .ban {
    color: var(--_danger);
  }
</style>`;

/**
 * A message's staff actions (the chat's `can-delete` and `moderate`; loaded on demand): Delete, and
 * with `moderate`, on viewers' messages, a "More actions" disclosure with Time out and Ban. Escape
 * closes it and gives focus back to its toggle; so does an action. One per chat: it holds which
 * message's actions are open.
 */
export class MessageActions implements ReactiveController {
  /** Id of the message whose Time out / Ban are shown ('' for none). */
  #open = '';
  #chat: ChatHost;

  constructor(chat: ChatHost) {
    this.#chat = chat;
    chat.addController(this);
    chat.i18n.use(studioBundle);
  }

  /** A chat taken out of the page comes back with its actions closed. */
  hostDisconnected(): void {
    if (this.#open) this.#set('');
  }

  #set(which: string): void {
    this.#open = which;
    this.#chat.requestUpdate();
  }

  render(m: ChatMessage) {
    const chat = this.#chat;
    const { t, locale } = chat.i18n;
    const open = this.#open === m.id;
    const id = `actions-${m.id}`;
    const close = () => {
      this.#set('');
      void chat.updateComplete.then(() =>
        chat.renderRoot.querySelector<HTMLElement>(`[aria-controls="${CSS.escape(id)}"]`)?.focus(),
      );
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !open) return;
      e.stopPropagation();
      close();
    };
    const timeOut = () => {
      emit(chat, LiveShopEvent.ChatTimeout, { id: m.id, name: m.name, seconds: TIMEOUT_SECONDS }, { cancelable: true });
      close();
    };
    const ban = () => {
      emit(chat, LiveShopEvent.ChatBan, { id: m.id, name: m.name }, { cancelable: true });
      close();
    };
    const remove = html`<button
      part="delete-button"
      class="delete"
      aria-label=${t('deleteMessageFrom', { name: m.name })}
      title=${t('deleteMessage')}
      @click=${() => emit(chat, LiveShopEvent.ChatDelete, { id: m.id }, { cancelable: true })}
    >
      <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
        <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
      </svg>
    </button>`;
    if (!chat.moderate || m.role !== 'viewer') return remove;
    return html`${remove}<button
        part="actions-button"
        class="more"
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls=${id}
        aria-label=${t('moreActionsFor', { name: m.name })}
        title=${t('moreActions')}
        @click=${() => this.#set(open ? '' : m.id)}
        @keydown=${onKey}
      >
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
          <circle cx="3" cy="8" r="1.5" fill="currentColor" /><circle cx="8" cy="8" r="1.5" fill="currentColor" /><circle cx="13" cy="8" r="1.5" fill="currentColor" />
        </svg>
      </button>
      ${
        open
          ? html`<div part="actions" id=${id} class="actions" @keydown=${onKey}>
            <button class="ghost" @click=${timeOut}>${t('timeOutFor', { name: m.name, duration: minutes(locale, TIMEOUT_SECONDS / 60) })}</button>
            <button class="ghost ban" @click=${ban}>${t('ban', { name: m.name })}</button>
          </div>`
          : nothing
      }`;
  }
}
