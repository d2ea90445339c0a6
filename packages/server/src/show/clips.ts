import {
  CLIP_LIMITS,
  ErrorCode,
  LiveShopError,
  type Clip,
  type ClipView,
  type CreateClipBody,
} from '@live-shop/protocol';
import { randomId } from '../ids.js';
import type { Logger } from '../logger.js';
import type { ClipRecord } from '../store/clip-queries.js';
import type { ShowRecord, Store } from '../store/store.js';
import type { ClipCutter } from '../video/clip-cutter.js';

export interface ClipServiceDeps {
  store: Pick<Store, 'clips' | 'getProduct' | 'timeline'>;
  requireShow(showId: string): Promise<ShowRecord>;
  /** Null when the video provider cannot cut clips. */
  cutter: ClipCutter | null;
  logger: Logger;
  now?: () => number;
}

/** What anyone may read of a clip: no provider ids. */
export const toClip = (r: ClipRecord): Clip => ({
  id: r.id,
  showId: r.showId,
  productId: r.productId,
  startMs: r.startMs,
  endMs: r.endMs,
  status: r.status,
  playback: r.playback,
  createdAt: r.createdAt,
  ...(r.title !== null && { title: r.title }),
});

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Clips of an ended show's recording: checks, stores, starts the cut, reads and deletes. */
export class ClipService {
  readonly #deps: ClipServiceDeps;
  readonly #now: () => number;

  constructor(deps: ClipServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** Stores the clip `processing` and starts cutting it; throws typed errors for anything it cannot cut. */
  async create(showId: string, body: CreateClipBody): Promise<Clip> {
    const { store, cutter } = this.#deps;
    const show = await this.#deps.requireShow(showId);
    if (show.status !== 'ended')
      throw new LiveShopError(ErrorCode.InvalidState, 'Clips are cut from the recording: end the show first');
    if (!(await store.getProduct(showId, body.productId)))
      throw new LiveShopError(ErrorCode.NotFound, 'No such product in this show');
    if (!cutter) throw new LiveShopError(ErrorCode.VideoUnavailable, 'This server’s video provider cannot cut clips');
    const { startedAt } = await store.timeline(showId, null, 1);
    const span = startedAt === null ? null : await cutter.span(show, startedAt);
    if (startedAt === null || !span) throw new LiveShopError(ErrorCode.InvalidState, 'This show has no recording');
    if (body.start < span.startMs || body.end > span.endMs)
      throw new LiveShopError(
        ErrorCode.BadRequest,
        `The range is outside the recording (show-time ${seconds(span.startMs)} to ${seconds(span.endMs)})`,
      );
    if ((await store.clips.count(showId)) >= CLIP_LIMITS.perShow)
      throw new LiveShopError(ErrorCode.InvalidState, `A show has at most ${CLIP_LIMITS.perShow} clips`);
    const now = this.#now();
    const clip: ClipRecord = {
      id: randomId(),
      showId,
      productId: body.productId,
      startMs: body.start,
      endMs: body.end,
      status: 'processing',
      provider: cutter.kind,
      externalId: null,
      playback: null,
      title: body.title ?? null,
      createdAt: now,
      updatedAt: now,
    };
    await store.clips.create(clip);
    try {
      await cutter.start(clip, startedAt);
    } catch (error) {
      // Nothing was cut: a failed clip would only be clutter.
      await store.clips.delete(clip.id);
      await cutter.remove(clip).catch(() => {});
      throw error;
    }
    return toClip((await store.clips.get(clip.id)) ?? clip);
  }

  /** The stored clip (with its provider's id): for checks before a delete. */
  async require(id: string): Promise<ClipRecord> {
    const clip = await this.#deps.store.clips.get(id);
    if (!clip) throw new LiveShopError(ErrorCode.NotFound, 'No such clip');
    return clip;
  }

  /** A clip with its product as the catalog has it now (price, stock). */
  async view(id: string): Promise<ClipView> {
    const clip = await this.#settleAbandoned(await this.require(id));
    return { ...toClip(clip), product: await this.#deps.store.getProduct(clip.showId, clip.productId) };
  }

  async list(showId: string): Promise<Clip[]> {
    await this.#deps.requireShow(showId);
    const clips = await this.#deps.store.clips.list(showId);
    return (await Promise.all(clips.map((c) => this.#settleAbandoned(c)))).map(toClip);
  }

  /** Removes the clip and its video (a cut still running is stopped). */
  async delete(clip: ClipRecord): Promise<void> {
    await this.#deps.store.clips.delete(clip.id);
    await this.#deps.cutter?.remove(clip).catch((error: unknown) => {
      this.#deps.logger.warn(`live-shop: clip ${clip.id}'s video was not removed: ${(error as Error).message}`);
    });
  }

  /** A cut that died with a previous server process fails now (its partial files go) rather than staying `processing`. */
  async #settleAbandoned(clip: ClipRecord): Promise<ClipRecord> {
    const now = this.#now();
    if (clip.status !== 'processing' || !this.#deps.cutter?.abandoned(clip, now)) return clip;
    await this.#deps.cutter.remove(clip).catch(() => {});
    await this.#deps.store.clips.settle(clip.id, { status: 'failed', updatedAt: now });
    return (await this.#deps.store.clips.get(clip.id)) ?? clip;
  }

  close(): Promise<void> {
    return this.#deps.cutter?.close() ?? Promise.resolve();
  }
}
