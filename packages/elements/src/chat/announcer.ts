import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatMessage } from '@live-shop/protocol';
import type { Translate } from '../i18n/controller.js';

/** Clears a spoken announcement after this long, so a deleted message does not stay in the page. */
const CLEAR_MS = 5000;

/**
 * The page's one polite live region for chat announcements, in the document itself (not a shadow
 * root: live regions inside shadow roots are not announced by every screen reader).
 */
function region(): HTMLElement {
  let el = document.querySelector<HTMLElement>('[data-live-shop-announcer]');
  if (!el) {
    el = document.createElement('div');
    el.dataset.liveShopAnnouncer = '';
    el.setAttribute('role', 'status');
    el.setAttribute('aria-live', 'polite');
    el.style.cssText =
      'position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap';
    document.body.append(el);
  }
  return el;
}

/**
 * What screen readers hear of a busy chat: not every message (a live show's chat would never let
 * them finish a sentence) but at most one announcement per interval, "Ada: hello" or "3 new
 * messages. Latest, Ada: hello". The history a chat opens with is not news: it is not announced.
 */
export class ChatAnnouncer implements ReactiveController {
  /** The last announcement (written to the page's live region, in `lang`). */
  text = '';
  #clear: ReturnType<typeof setTimeout> | undefined;
  #interval: () => number;
  #seen: Set<string> | null = null;
  #pending: ChatMessage[] = [];
  #last = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, interval: () => number) {
    this.#interval = interval;
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** From the chat's update: the messages it shows now. */
  see(messages: readonly ChatMessage[], t: Translate, lang: string): void {
    const seen = this.#seen;
    this.#seen = new Set(messages.map((m) => m.id));
    if (!seen) return;
    this.#pending.push(...messages.filter((m) => !seen.has(m.id) && !m.held));
    if (!this.#pending.length || this.#timer) return;
    const wait = Math.max(0, this.#last + this.#interval() - Date.now());
    this.#timer = setTimeout(() => this.#flush(t, lang), wait);
  }

  #flush(t: Translate, lang: string): void {
    this.#timer = undefined;
    const latest = this.#pending.at(-1);
    if (!latest) return;
    this.text = t('chatAnnounce', { count: this.#pending.length, name: latest.name, text: latest.text });
    this.#pending = [];
    this.#last = Date.now();
    const live = region();
    live.lang = lang;
    live.textContent = this.text;
    clearTimeout(this.#clear);
    this.#clear = setTimeout(() => {
      if (live.textContent === this.text) live.textContent = '';
    }, CLEAR_MS);
  }
}
