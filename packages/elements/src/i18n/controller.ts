import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isRtl, load, negotiate, translate, type Bundle, type Locale, type Message, type Params } from './i18n.js';
import { viewerBundle } from './viewer-bundle.js';
import type { MessageKey } from './keys.js';

/** A merchant's replacements for any of the elements' strings, by key (`{buyNow: 'Add to bag'}`). */
export type Strings = Partial<Record<MessageKey, Message>>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** English, for code that runs outside an element. */
export const english: Translate = (key, params) => translate(key, params, 'en', [viewerBundle]);

type Host = ReactiveControllerHost & HTMLElement & { strings?: Strings | null };

const hosts = new Set<I18n>();
/** One observer for every element: a `lang` changed on the page, an element or an ancestor. */
let observer: MutationObserver | undefined;

/** The element's language: its `lang`, else the nearest `lang` ancestor (across shadow roots), else the browser's. */
export function resolveLocale(el: Element): Locale {
  for (let node: Element | null = el; node; node = (node.getRootNode() as ShadowRoot).host ?? null) {
    const lang = node.closest('[lang]:not([lang=""])')?.getAttribute('lang');
    // The page said its language: an unsupported one is English, not the browser's.
    if (lang) return negotiate([lang]) ?? 'en';
  }
  return negotiate(navigator.languages ?? [navigator.language]) ?? 'en';
}

/**
 * An element's messages and formats in its language, following `lang` changes (a change
 * re-renders); `ar` mirrors the element (`dir="rtl"` on the host unless the page set one).
 */
export class I18n implements ReactiveController {
  locale: Locale = 'en';
  #host: Host;
  #bundles: readonly Bundle[];
  #dir = '';

  /** `bundles`: the catalogs this element's strings come from (the viewer's; the studio adds its own). */
  constructor(host: Host, bundles: readonly Bundle[] = [viewerBundle]) {
    this.#host = host;
    this.#bundles = bundles;
    host.addController(this);
  }

  hostConnected(): void {
    hosts.add(this);
    observer ??= new MutationObserver(() => hosts.forEach((h) => h.#resolve()));
    const watch = { attributes: true, attributeFilter: ['lang'] };
    observer.observe(document.documentElement, { ...watch, subtree: true });
    observer.observe(this.#host, watch);
    this.#resolve();
  }

  hostDisconnected(): void {
    hosts.delete(this);
  }

  #resolve(): void {
    const locale = resolveLocale(this.#host);
    const changed = locale !== this.locale;
    this.locale = locale;
    this.#load();
    const host = this.#host;
    const dir = isRtl(locale) ? 'rtl' : '';
    // The merchant's own dir wins; ours follows the locale.
    if (host.getAttribute('dir') === (this.#dir || null)) {
      if (dir) host.setAttribute('dir', dir);
      else host.removeAttribute('dir');
      this.#dir = dir;
    }
    if (changed) host.requestUpdate();
  }

  #load(): void {
    // Every element may be waiting for this catalog (a second viewer asked while it was on its way).
    load(this.#bundles, this.locale, () => hosts.forEach((h) => h.#host.requestUpdate()));
  }

  /** The text of `key`: the element's `strings` override, else the catalog, else English. */
  t: Translate = (key, params) => translate(key, params, this.locale, this.#bundles, this.#host.strings);

  /** Adds a bundle (e.g. a lazy feature's strings): loads its catalog and re-renders when it arrives. */
  use(bundle: Bundle): void {
    if (this.#bundles.includes(bundle)) return;
    this.#bundles = [...this.#bundles, bundle];
    this.#load();
  }
}
