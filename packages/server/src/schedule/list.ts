import { SCHEDULE_LIMITS, type ShowListItem, type ShowListPage } from '@live-shop/protocol';
import type { ShowRecord, ShowStore } from '../store/store.js';

export type ScheduleStore = Pick<ShowStore, 'listShowPage' | 'listProducts'>;

/** A show's picture for lists and link previews: its trailer image, else its first product's image. */
export const showImage = (show: Pick<ShowRecord, 'trailer'>, productImages: readonly (string | null)[]) =>
  show.trailer?.kind === 'image' ? show.trailer.url : (productImages.find((url) => url !== null) ?? null);

/** An absolute URL for a server-relative one (product images may be `/demo/…`). */
export const absolute = (origin: string, url: string | null) => (url && url.startsWith('/') ? origin + url : url);

export const showPageUrl = (origin: string, showId: string) => `${origin}/shows/${encodeURIComponent(showId)}`;

/** `GET /api/shows` and the `/shows` page: public fields only, field by field (no tokens, keys or settings). */
export async function showListPage(
  store: ScheduleStore,
  origin: string,
  cursor: string | null,
  limit: number = SCHEDULE_LIMITS.defaultLimit,
): Promise<ShowListPage> {
  const { shows, next } = await store.listShowPage(cursor, limit);
  const items = await Promise.all(
    shows.map(async (show): Promise<ShowListItem> => {
      const images = (await store.listProducts(show.id)).map((p) => p.imageUrl);
      const { id, title, status, statusAt, createdAt, startsAt, description } = show;
      return {
        id,
        title,
        status,
        statusAt,
        createdAt,
        startsAt,
        description,
        trailer: show.trailer && { url: show.trailer.url, kind: show.trailer.kind },
        imageUrl: absolute(origin, showImage(show, images)),
        url: showPageUrl(origin, id),
      };
    }),
  );
  return { shows: items, next };
}
