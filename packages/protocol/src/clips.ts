/** Clips: one product's moment cut from a show's recording, served as its own video and embeddable on a product page. */
import type { Product } from './commerce.js';
import type { Playback } from './payloads.js';

export const CLIP_STATUSES = ['processing', 'ready', 'failed'] as const;
export type ClipStatus = (typeof CLIP_STATUSES)[number];

/** A clip as anyone may read it (`GET /api/clips/:id`): never a token, stream key or provider id. */
export interface Clip {
  id: string;
  showId: string;
  productId: string;
  /** Show-time ms (since the show went live) of the clip's first and last moment, as asked for. */
  startMs: number;
  endMs: number;
  status: ClipStatus;
  /** What to play once `ready` (local: the clip's own HLS playlist; Mux: the clip asset's playback id), else null. */
  playback: Playback | null;
  createdAt: number;
  title?: string;
}

/** `GET /api/clips/:id`: the clip with its product as the catalog has it now (price, stock), null once deleted. */
export interface ClipView extends Clip {
  product: Product | null;
}

/** `POST /api/shows/:id/clips` (admin key or the show's host token). */
export interface CreateClipBody {
  productId: string;
  /** Show-time ms: `end` > `start`, at least `CLIP_LIMITS.minMs` and at most `CLIP_LIMITS.maxMs` apart. */
  start: number;
  end: number;
  title?: string;
}

export const CLIP_LIMITS = {
  minMs: 1000,
  maxMs: 10 * 60_000,
  /** Clips one show may have. */
  perShow: 100,
} as const;

/** Route patterns (Express style); fill one with `routePath`. */
export const ClipRoute = {
  /** `POST` a `CreateClipBody` → 201 `Clip` (processing); `GET` → `{clips}` (public). */
  ShowClips: '/api/shows/:id/clips',
  /** `GET` → `ClipView` (public); `DELETE` (admin or the show's host) → 204, its video removed. */
  Clip: '/api/clips/:clip',
} as const;
export type ClipRoute = (typeof ClipRoute)[keyof typeof ClipRoute];
