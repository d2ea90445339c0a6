/**
 * The mini-player's resume loader, for pages of the store that have no viewer:
 * `<script type="module" src="https://SERVER/sdk/resume.js"></script>` (or `import '@live-shop/elements/resume.js'`).
 * When the shopper minimized a show on an earlier page of this tab, it loads the SDK and resumes the
 * show docked in its corner, playing; otherwise it does nothing and loads nothing more (a few hundred bytes).
 */

/** The mini-player's sessionStorage entry (written by the viewer, viewer/mini-player.ts). */
const KEY = 'live-shop:mini';

/**
 * Adds the mini-player for the show minimized on an earlier page, if any and if this page has no
 * viewer for it. Runs by itself when the module loads; call it again after a client-side navigation.
 */
export function resumeMiniPlayer(): void {
  let stored: { server?: unknown; show?: unknown } | null;
  try {
    stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as typeof stored;
  } catch {
    return;
  }
  const server = stored?.server;
  const show = stored?.show;
  if (typeof show !== 'string' || typeof server !== 'string') return;
  // A page with the show's own viewer resumes it there.
  if ([...document.querySelectorAll('live-shop-viewer')].some((v) => v.getAttribute('show') === show)) return;
  void import('./define.js').then(() => {
    const viewer = document.createElement('live-shop-viewer');
    viewer.setAttribute('server', server);
    viewer.setAttribute('show', show);
    viewer.toggleAttribute('mini', true);
    document.body.append(viewer);
  });
}

// Nothing to do outside a browser (server rendering imports it too).
if (typeof document !== 'undefined') {
  if (document.readyState === 'loading')
    document.addEventListener('DOMContentLoaded', resumeMiniPlayer, { once: true });
  else resumeMiniPlayer();
}
