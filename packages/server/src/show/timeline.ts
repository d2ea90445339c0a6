import { ErrorCode, LiveShopError, TIMELINE_PAGE, type ShowStatus, type TimelinePage } from '@live-shop/protocol';
import type { ShowRecord, TimelineCursor, TimelineStore } from '../store/store.js';

/** `after` as the API takes it: `<at>.<skip>` (opaque to callers: they pass a page's `next`). A skip of
 * 10,000 or more (entries in one millisecond) is refused: it would only make each source read that many more rows. */
const CURSOR = /^(\d{1,15})\.(\d{1,4})$/;

export function encodeCursor(c: TimelineCursor): string {
  return `${c.at}.${c.skip}`;
}

export function decodeCursor(value: string): TimelineCursor {
  const match = CURSOR.exec(value);
  if (!match) throw new LiveShopError(ErrorCode.BadRequest, 'after: not a cursor from a timeline page (its `next`)');
  return { at: Number(match[1]), skip: Number(match[2]) };
}

/** How long a page may be served from memory (and by HTTP caches): a live show's grows every moment. */
export const timelineMaxAgeSeconds = (status: ShowStatus) => (status === 'ended' ? 30 : 1);

const CACHE_MAX = 500;

/**
 * Reads timeline pages and keeps each for its max age: a replay's audience asks for the same first
 * pages at once, and one query answers them all. Each node keeps its own (a page at most that stale).
 */
export class TimelineReader {
  readonly #cache = new Map<string, { read: Promise<{ page: TimelinePage; status: ShowStatus }>; until: number }>();

  constructor(
    private readonly store: TimelineStore,
    private readonly requireShow: (showId: string) => Promise<ShowRecord>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The page after `after` (from the start when undefined), and the show's status (for caching). */
  async page(
    showId: string,
    after: string | undefined,
    limit: number = TIMELINE_PAGE.defaultLimit,
  ): Promise<{ page: TimelinePage; status: ShowStatus }> {
    const cursor = after === undefined ? null : decodeCursor(after);
    const key = `${showId} ${after ?? ''} ${limit}`;
    const now = this.now();
    let hit = this.#cache.get(key);
    // A hit costs no query at all (the show's status, for its max age, is cached with the page).
    if (!hit || hit.until <= now) {
      if (this.#cache.size >= CACHE_MAX) this.#evict(now);
      const entry = { read: this.#read(showId, cursor, limit), until: now + timelineMaxAgeSeconds('live') * 1000 };
      this.#cache.set(key, entry);
      entry.read.then(
        ({ status }) => (entry.until = now + timelineMaxAgeSeconds(status) * 1000),
        // A failed read (unknown show, database down) is not kept: the next request tries again.
        () => this.#cache.get(key) === entry && this.#cache.delete(key),
      );
      hit = entry;
    }
    return hit.read;
  }

  async #read(
    showId: string,
    cursor: TimelineCursor | null,
    limit: number,
  ): Promise<{ page: TimelinePage; status: ShowStatus }> {
    const { status } = await this.requireShow(showId);
    const rows = await this.store.timeline(showId, cursor, limit);
    const { startedAt } = rows;
    const entries = rows.entries.map((e) => ({ ...e, t: startedAt === null ? null : e.at - startedAt }));
    const last = entries.at(-1);
    if (!rows.more || !last) return { page: { showId, startedAt, entries, next: null }, status };
    // Entries of the last millisecond read so far, on this page and (same millisecond) the ones before it.
    const skip = entries.filter((e) => e.at === last.at).length + (cursor?.at === last.at ? cursor.skip : 0);
    return { page: { showId, startedAt, entries, next: encodeCursor({ at: last.at, skip }) }, status };
  }

  #evict(now: number): void {
    for (const [key, entry] of this.#cache) if (entry.until <= now) this.#cache.delete(key);
    // Still full of fresh pages: drop the oldest (Map order is insertion order).
    while (this.#cache.size >= CACHE_MAX) this.#cache.delete(this.#cache.keys().next().value!);
  }
}
