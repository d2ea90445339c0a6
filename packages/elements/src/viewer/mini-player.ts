import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { LiveShopEvent, emit, type MiniPlayerMode } from '../events.js';
import type { I18n, Translate } from '../i18n/controller.js';
import type { LiveShopPlayer } from '../player/player.js';
import type { LiveShopProductCard } from '../product-card/product-card.js';
import { resolveUrl } from '../shared/utils.js';
import { FloatingWindow, canFloat, type FloatingCard } from './picture-in-picture.js';

import { MINI_KEY } from './mini-key.js';

export { MINI_KEY };

/** A corner of the page, in writing-mode terms (start is the left in English, the right in Arabic). */
export interface Corner {
  x: 'start' | 'end';
  y: 'top' | 'bottom';
}

/** What the next page needs to resume the mini-player. */
export interface MiniState {
  /** The live-shop server, absolute. */
  server: string;
  show: string;
  corner: Corner;
  /** The page the shopper minimized on: Expand on another page goes back there. */
  href: string;
}

/** The stored mini-player, or null (none, or unreadable). */
export function readMini(): MiniState | null {
  try {
    const v = JSON.parse(sessionStorage.getItem(MINI_KEY) ?? 'null') as MiniState | null;
    return v && typeof v.show === 'string' && typeof v.server === 'string' ? v : null;
  } catch {
    return null;
  }
}

function writeMini(state: MiniState | null): void {
  try {
    if (state) sessionStorage.setItem(MINI_KEY, JSON.stringify(state));
    else sessionStorage.removeItem(MINI_KEY);
  } catch {
    // Storage off (private mode, sandboxed frame): the mini-player still works on this page.
  }
}

const KEY_MOVES: Record<string, Partial<Corner>> = {
  ArrowUp: { y: 'top' },
  ArrowDown: { y: 'bottom' },
  ArrowLeft: { x: 'start' },
  ArrowRight: { x: 'end' },
};

/** Pixels a pointer must travel before a press on the mini-player becomes a drag. */
const DRAG_SLOP = 4;

export interface MiniPlayerHost extends ReactiveControllerHost, HTMLElement {
  docked: boolean;
  /** Only the mini-player: the page has no place for the show (the resume loader made this viewer). */
  mini: boolean;
  /** The show and the absolute server URL it is on. */
  readonly miniIdentity: { server: string; show: string } | null;
  /** Always dock in the page: never a Picture-in-Picture window. */
  dockedOnly: boolean;
  readonly server: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly i18n: I18n;
}

/**
 * The docked mini-player: the stage (video and pinned card) leaves its place for a corner of the
 * page, where it can be dragged (it snaps to the nearest corner) or moved with the arrow keys, and
 * the store's next page resumes it (sessionStorage). The stage element itself moves by CSS only:
 * the video never restarts.
 */
export class MiniPlayer implements ReactiveController {
  corner: Corner = { x: 'end', y: 'bottom' };
  #host: MiniPlayerHost;
  /** The pointer drag under way: where it started and how far it went. */
  #drag: { id: number; x: number; y: number; dx: number; dy: number; moved: boolean } | null = null;
  /** The docked state last stored or announced, so each change is handled once. */
  #was = false;
  /** The show identity the stored state was last checked against. */
  #checked = '';
  /** The Document Picture-in-Picture window, where the browser has one. */
  readonly floating = new FloatingWindow(() => {
    // The page itself is leaving (the window closes with it): the next page resumes the show, docked.
    if (this.#leaving) return;
    this.#save();
    this.#announce('off');
    this.#host.requestUpdate();
  });
  #leaving = false;
  #onPageHide = () => (this.#leaving = true);

  constructor(host: MiniPlayerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('pagehide', this.#onPageHide);
  }

  hostDisconnected(): void {
    removeEventListener('pagehide', this.#onPageHide);
    this.floating.close();
  }

  hostUpdate(): void {
    const id = this.#host.miniIdentity;
    const key = id ? `${id.server}\n${id.show}` : '';
    if (!id || key === this.#checked) return;
    this.#checked = key;
    const stored = readMini();
    if (stored && stored.show === id.show && stored.server === id.server) {
      this.corner = stored.corner;
      this.#host.docked = true;
    }
  }

  hostUpdated(): void {
    if (this.floating.open) this.floating.update(this.#card(), this.#host.i18n.t);
    const docked = this.#host.docked;
    if (docked === this.#was) return;
    this.#was = docked;
    this.#save();
    this.#announce(docked ? 'docked' : 'off');
  }

  /**
   * Minimizes: a Picture-in-Picture window over every app where the browser has Document
   * Picture-in-Picture (and the press gave it the user activation it needs), else the docked player.
   * Pressed again, brings the show back.
   */
  toggle(): void {
    if (this.floating.open) return this.floating.close();
    if (this.#host.docked) return void (this.#host.docked = false);
    const video = this.#host.renderRoot.querySelector<LiveShopPlayer>('live-shop-player')?.video;
    if (!video || this.#host.dockedOnly || this.#host.mini || !canFloat()) return void (this.#host.docked = true);
    const { width, height } = video.getBoundingClientRect();
    const size = { width: Math.round(Math.min(400, width || 400)), height: 0 };
    size.height = Math.round(size.width * ((height || 9) / (width || 16))) + 72;
    this.floating.show(video, size).then(
      () => {
        this.#save();
        this.#announce('picture-in-picture');
        this.#host.requestUpdate();
      },
      // No user activation (a script's click) or refused: the docked player instead.
      () => (this.#host.docked = true),
    );
  }

  /** Brings the stage back into the page and shows it; on a page without the show, goes back to the show's page. */
  expand(): void {
    if (this.floating.open) return this.floating.close();
    const stored = readMini();
    this.#host.docked = false;
    if (this.#host.mini) {
      writeMini(null);
      if (stored?.href) location.assign(stored.href);
      return;
    }
    void this.#host.updateComplete.then(() => this.#host.scrollIntoView({ block: 'nearest' }));
  }

  /** Stops the mini-player: back into the page; a mini-only viewer (no place on this page) goes away. */
  close(): void {
    this.#host.docked = false;
    if (this.#host.mini) {
      writeMini(null);
      this.#host.remove();
    }
  }

  /** The newest pinned card, for the window: its Buy now presses the page's card. */
  #card(): FloatingCard | null {
    const card = this.#host.renderRoot.querySelector<LiveShopProductCard>('live-shop-product-card:not(.leaving)');
    const product = card?.product;
    if (!card || !product) return null;
    return {
      product,
      imageUrl: product.imageUrl ? resolveUrl(product.imageUrl, this.#host.server) : '',
      locale: this.#host.i18n.locale,
      buy: () => card.shadowRoot?.querySelector<HTMLButtonElement>('[part~=buy-button]')?.click(),
    };
  }

  #save(): void {
    const id = this.#host.miniIdentity;
    if (!(this.#host.docked || this.floating.open) || !id) {
      // A mini-only viewer keeps the entry while it expands: the show's page reads where it came from.
      if (!this.#host.mini) writeMini(null);
      return;
    }
    const href = this.#host.mini ? (readMini()?.href ?? location.href) : location.href;
    writeMini({ ...id, corner: this.corner, href });
  }

  #announce(mode: MiniPlayerMode): void {
    emit(this.#host, LiveShopEvent.MiniPlayer, { mode });
  }

  #move(to: Partial<Corner>): void {
    this.corner = { ...this.corner, ...to };
    this.#save();
    this.#host.requestUpdate();
  }

  #onKey = (e: KeyboardEvent): void => {
    const move = KEY_MOVES[e.key];
    if (!move) return;
    e.preventDefault();
    // Left is the end of the line in a right-to-left page.
    const rtl = getComputedStyle(this.#host).direction === 'rtl';
    const x = move.x && rtl ? (move.x === 'start' ? 'end' : 'start') : move.x;
    this.#move(x ? { x } : move);
  };

  #onPointerDown = (e: PointerEvent): void => {
    // Buttons, the card and the seek bar keep their own presses.
    if (e.button !== 0 || (e.composedPath()[0] as Element).closest?.('button, a, input, live-shop-product-card'))
      return;
    this.#drag = { id: e.pointerId, x: e.clientX, y: e.clientY, dx: 0, dy: 0, moved: false };
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
  };

  #onPointerMove = (e: PointerEvent): void => {
    const d = this.#drag;
    if (!d || d.id !== e.pointerId) return;
    d.dx = e.clientX - d.x;
    d.dy = e.clientY - d.y;
    d.moved ||= Math.hypot(d.dx, d.dy) > DRAG_SLOP;
    if (d.moved) this.#host.requestUpdate();
  };

  #onPointerUp = (e: PointerEvent): void => {
    const d = this.#drag;
    if (!d || d.id !== e.pointerId) return;
    this.#drag = null;
    if (!d.moved) return this.#host.requestUpdate();
    // Snap to the corner nearest to where the mini-player's middle was let go.
    const box = (e.currentTarget as Element).getBoundingClientRect();
    const rtl = getComputedStyle(this.#host).direction === 'rtl';
    const left = box.left + box.width / 2 < innerWidth / 2;
    this.#move({ x: left !== rtl ? 'start' : 'end', y: box.top + box.height / 2 < innerHeight / 2 ? 'top' : 'bottom' });
  };

  /** Attributes of the stage wrapper: where it sits and how far it is being dragged. */
  get stageStyle() {
    const d = this.#drag;
    return styleMap(d?.moved ? { translate: `${d.dx}px ${d.dy}px` } : {});
  }

  /** Pointer handlers for the docked stage (dragging). */
  get pointer() {
    return { down: this.#onPointerDown, move: this.#onPointerMove, up: this.#onPointerUp };
  }

  /** The mini-player's bar: a move handle (arrow keys), Expand, Close. */
  renderBar(t: Translate) {
    if (!this.#host.docked) return nothing;
    return html`<div part="mini-bar" class="mini-bar">
      <button
        part="mini-move"
        class="icon"
        aria-label=${t('moveMiniPlayer')}
        aria-describedby="mini-move-hint"
        @keydown=${this.#onKey}
      >
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
          <path fill="currentColor" d="M12 2l3 3h-2v6h6V9l3 3-3 3v-2h-6v6h2l-3 3-3-3h2v-6H5v2l-3-3 3-3v2h6V5H9z" />
        </svg>
      </button>
      <span id="mini-move-hint" class="sr-only">${t('moveMiniPlayerHint')}</span>
      <button part="mini-expand" class="icon" aria-label=${t('backToShow')} @click=${() => this.expand()}>
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
          <path fill="currentColor" d="M4 4h7v2H7.4l4.3 4.3-1.4 1.4L6 7.4V11H4zm16 16h-7v-2h3.6l-4.3-4.3 1.4-1.4 4.3 4.3V13h2z" />
        </svg>
      </button>
      <button part="mini-close" class="icon" aria-label=${t('closeMiniPlayer')} @click=${() => this.close()}>
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" />
        </svg>
      </button>
    </div>`;
  }
}
