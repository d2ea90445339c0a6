import { html, nothing } from 'lit';
import type { ReplayChapter } from '@live-shop/client';
import type { Product } from '@live-shop/protocol';
import { formatClock, resolveUrl } from '../shared/utils.js';

export interface ChapterContext {
  /** The list's accessible name ("Chapters", in the viewer's language). */
  label: string;
  product: (id: string) => Product | undefined;
  server: string;
  seek: (at: number) => void;
}

/** The replay's products, each at its moment: a press seeks the replay there. */
export function renderChapters(all: readonly ReplayChapter[], onScreen: readonly string[], ctx: ChapterContext) {
  const chapters = all.filter((c) => ctx.product(c.productId));
  if (!chapters.length) return nothing;
  return html`<nav part="chapters" aria-label=${ctx.label}>
    <ol>
      ${chapters.map((c) => {
        const p = ctx.product(c.productId)!;
        return html`<li>
          <button
            part="chapter"
            aria-current=${onScreen.includes(c.productId) ? 'true' : 'false'}
            @click=${() => ctx.seek(c.at)}
          >
            ${p.imageUrl ? html`<img src=${resolveUrl(p.imageUrl, ctx.server)} alt="" loading="lazy" />` : nothing}
            <span class="chapter-title">${p.title}</span>
            <span class="chapter-time">${formatClock((c.t ?? 0) / 1000)}</span>
          </button>
        </li>`;
      })}
    </ol>
  </nav>`;
}
