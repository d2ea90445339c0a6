import type { CSSResult } from 'lit';
import { defineElement } from './define-element.js';

type ViewerParts = typeof import('./viewer-parts.js');

let parts: ViewerParts | null = null;
let loading: Promise<ViewerParts> | null = null;

/** The viewer's parts once loaded (or provided by `define.js`), else null. */
export const viewerParts = (): ViewerParts | null => parts;

/** Defines the player, chat and product card from their module (define.js calls it with its static import). */
export function provideViewerParts(module: ViewerParts): ViewerParts {
  defineElement('live-shop-product-card', module.LiveShopProductCard);
  defineElement('live-shop-chat', module.LiveShopChat);
  defineElement('live-shop-player', module.LiveShopPlayer);
  return (parts = module);
}

/**
 * The viewer's parts (player, chat, product card), one chunk in the /sdk bundle (one request, one
 * compression window): the viewer starts loading it as it connects, so it arrives during the socket
 * handshake; a page using one of the tags alone loads it too (`autoload`); the studio's chunk imports
 * it for its chat. Resolves once they are defined.
 */
export function loadViewerParts(): Promise<ViewerParts> {
  return (loading ??= parts ? Promise.resolve(parts) : import('./viewer-parts.js').then(provideViewerParts));
}

let layout: readonly CSSResult[] | null = null;

/** The viewer's stage and phone layout styles once loaded (or provided by `define.js`), else null. */
export const stageLayout = (): readonly CSSResult[] | null => layout;

/** Keeps the viewer's stage layout (viewer/stage-layout.ts, a chunk the viewer loads with its parts). */
export function provideStageLayout(module: { stageLayout: readonly CSSResult[] }): readonly CSSResult[] {
  return (layout = module.stageLayout);
}

/** Loads a chunk once and defines its tag; resolves once the tag is defined. */
function lazy(tag: string, load: () => Promise<CustomElementConstructor>): () => Promise<void> {
  let defining: Promise<void> | null = null;
  return () => (defining ??= load().then((cls) => defineElement(tag, cls)));
}

/** Only a live show with reactions on draws them, so the viewer's first load does not carry them. */
export const loadReactions = lazy('live-shop-reactions', () =>
  import('../reactions/reactions.js').then((m) => m.LiveShopReactions),
);
/** Polls, the question on air and the banner: loaded only once a show has one, so the first load does not carry them. */
export const loadOverlays = lazy('live-shop-overlays', () =>
  import('../overlays/overlays.js').then((m) => m.LiveShopOverlays),
);
/** The studio is only ever used on the presenter's page, so storefronts don't pay for it. */
export const loadStudio = lazy('live-shop-studio', () => import('../studio/studio.js').then((m) => m.LiveShopStudio));

/**
 * Calls each tag's loader once a tag is in the document (now, or when one is added), as Shoelace's
 * autoloader does. Tags inside shadow roots are the rendering element's to load. A no-op without a
 * document (a module imported on a server for SSR must not throw).
 */
export function autoload(loaders: Readonly<Record<string, () => Promise<unknown>>>): void {
  if (typeof document === 'undefined') return;
  const waiting = new Map(Object.entries(loaders).map(([tag, load]) => [document.getElementsByTagName(tag), load]));
  const check = (): void => {
    for (const [found, load] of waiting)
      if (found.length) {
        waiting.delete(found);
        void load();
      }
    if (!waiting.size) watcher.disconnect();
  };
  const watcher = new MutationObserver(check);
  watcher.observe(document, { childList: true, subtree: true });
  check();
}
