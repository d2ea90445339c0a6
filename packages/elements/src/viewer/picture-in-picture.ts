import { html, nothing, render } from 'lit';
import { formatPrice, type Product } from '@live-shop/protocol';
import type { Translate } from '../i18n/controller.js';

/** The Document Picture-in-Picture API (Chrome 116+), not in TypeScript's DOM types yet. */
interface DocumentPictureInPicture {
  requestWindow(options?: { width?: number; height?: number }): Promise<Window>;
  readonly window: Window | null;
}

const api = () => (globalThis as { documentPictureInPicture?: DocumentPictureInPicture }).documentPictureInPicture;

/** Whether this browser can float a window over every app (Document Picture-in-Picture). */
export const canFloat = () => !!api();

const PIP_CSS = `
  *{box-sizing:border-box}
  body{margin:0;display:flex;flex-direction:column;height:100vh;background:#0c0c10;color:#fff;font:15px/1.4 system-ui,sans-serif}
  video{flex:1;min-height:0;width:100%;object-fit:contain;background:#000}
  .card{display:flex;gap:.6rem;align-items:center;padding:.5rem .6rem;background:#fff;color:#16161d}
  .card img{width:3rem;height:3rem;border-radius:8px;object-fit:cover;background:#f4f4f6}
  .card div{flex:1;min-width:0}
  .card strong{display:block;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
  button{min-height:44px;padding:0 1rem;border:0;border-radius:9px;background:#4f46e5;color:#fff;font:inherit;font-weight:700;cursor:pointer}
  button:focus-visible{outline:3px solid #a5b4fc;outline-offset:2px}
`;

export interface FloatingCard {
  product: Product;
  imageUrl: string;
  locale: string;
  /** Presses the page's own card's Buy now (the checkout runs in the page, as always). */
  buy: () => void;
}

/**
 * The show in a Document Picture-in-Picture window, over every app: the player's own `<video>`
 * element moves into it (it keeps playing: nothing restarts) with the newest pinned card and its
 * Buy now; closing the window puts the video back in the player.
 */
export class FloatingWindow {
  #win: Window | null = null;
  #video: HTMLVideoElement | null = null;
  #home: { parent: Node; next: Node | null } | null = null;
  #onClose: () => void;

  constructor(onClose: () => void) {
    this.#onClose = onClose;
  }

  get open(): boolean {
    return !!this.#win;
  }

  /** Opens the window (needs the press's user activation) with `video` in it. */
  async show(video: HTMLVideoElement, size: { width: number; height: number }): Promise<void> {
    const win = await api()!.requestWindow(size);
    this.#win = win;
    this.#video = video;
    this.#home = { parent: video.parentNode!, next: video.nextSibling };
    const style = win.document.createElement('style');
    style.textContent = PIP_CSS;
    win.document.head.append(style);
    win.document.body.append(video);
    void video.play().catch(() => {});
    win.addEventListener('pagehide', () => this.#restore(), { once: true });
  }

  /** Draws the card (or none) under the video. */
  update(card: FloatingCard | null, t: Translate): void {
    const body = this.#win?.document.body;
    if (!body) return;
    const mount = body.querySelector('.mount') ?? body.appendChild(body.ownerDocument.createElement('div'));
    mount.className = 'mount';
    render(
      card
        ? html`<div class="card">
            ${card.imageUrl ? html`<img src=${card.imageUrl} alt="" />` : nothing}
            <div><strong>${card.product.title}</strong>${formatPrice(card.product.price, card.locale)}</div>
            <button @click=${card.buy}>${t('buyNow')}</button>
          </div>`
        : nothing,
      mount as HTMLElement,
    );
  }

  /** Closes the window; the video goes back to the player. */
  close(): void {
    this.#win?.close();
    this.#restore();
  }

  #restore(): void {
    const { parent, next } = this.#home ?? {};
    if (this.#video && parent) {
      parent.insertBefore(this.#video, next?.parentNode === parent ? next : null);
      void this.#video.play().catch(() => {});
    }
    const was = !!this.#win;
    this.#win = this.#video = this.#home = null;
    if (was) this.#onClose();
  }
}
