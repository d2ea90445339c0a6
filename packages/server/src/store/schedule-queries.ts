import { SHOW_STATUSES, type Trailer } from '@live-shop/protocol';
import { sql, type Kysely } from 'kysely';
import type { Database } from './tables.js';

// Schedule half of the Kysely store (issue 15): the public list of shows, in a stable keyset order.
// Portable query-builder calls only (SQLite and PostgreSQL).

/** Shows without a start time sort after every dated one (SQLite and PostgreSQL order NULLs differently). */
const NO_DATE = 8_000_000_000_000;
const startKey = sql<number>`coalesce(starts_at, ${sql.lit(NO_DATE)})`;

export const trailerColumn = (trailer: Trailer | null | undefined): string | null =>
  trailer ? JSON.stringify({ url: trailer.url, kind: trailer.kind }) : null;
export const parseTrailer = (value: string | null): Trailer | null => (value ? (JSON.parse(value) as Trailer) : null);

/** Named rather than `<> 'ended'`, so the status index can serve it. */
const NOT_ENDED = SHOW_STATUSES.filter((status) => status !== 'ended');

/** Where a page of the list starts: after this upcoming show (`u`), or after this past one (`p`). */
interface ListCursor {
  part: 'u' | 'p';
  key: number;
  id: string;
}
export const encodeCursor = (c: ListCursor): string => `${c.part}.${c.key}.${c.id}`;
export function decodeCursor(value: string): ListCursor | null {
  const match = /^([up])\.(\d{1,16})\.([\w-]{0,64})$/.exec(value);
  return match ? { part: match[1] as 'u' | 'p', key: Number(match[2]), id: match[3]! } : null;
}

/**
 * Ids of one page: upcoming shows (not ended) by start time then id, then ended shows by when they
 * ended (newest first, then by id, descending). `next` is null on the last page.
 */
export async function listShowIds(
  db: Kysely<Database>,
  cursor: ListCursor | null,
  limit: number,
): Promise<{ ids: string[]; next: string | null }> {
  const ids: string[] = [];
  let last: ListCursor | null = null;
  if (!cursor || cursor.part === 'u') {
    let q = db
      .selectFrom('shows')
      .select(['id', startKey.as('k')])
      .where('status', 'in', NOT_ENDED);
    if (cursor)
      q = q.where((eb) =>
        eb.or([eb(startKey, '>', cursor.key), eb.and([eb(startKey, '=', cursor.key), eb('id', '>', cursor.id)])]),
      );
    const rows = await q
      .orderBy(startKey)
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    for (const row of rows.slice(0, limit)) {
      ids.push(row.id);
      last = { part: 'u', key: Number(row.k), id: row.id };
    }
    if (rows.length > limit) return { ids, next: encodeCursor(last!) };
  }
  const room = limit - ids.length;
  if (room > 0) {
    let q = db.selectFrom('shows').select(['id', 'status_at']).where('status', '=', 'ended');
    // One row comparison, both keys descending: the status index reads just this page, however deep.
    if (cursor?.part === 'p') q = q.where(sql<boolean>`(status_at, id) < (${cursor.key}, ${cursor.id})`);
    const rows = await q
      .orderBy('status_at', 'desc')
      .orderBy('id', 'desc')
      .limit(room + 1)
      .execute();
    for (const row of rows.slice(0, room)) {
      ids.push(row.id);
      last = { part: 'p', key: Number(row.status_at), id: row.id };
    }
    if (rows.length > room) return { ids, next: encodeCursor(last!) };
    return { ids, next: null };
  }
  // The page is full of upcoming shows and none is left of them: the past ones start the next page.
  const anyPast = await db.selectFrom('shows').select('id').where('status', '=', 'ended').limit(1).executeTakeFirst();
  return { ids, next: anyPast ? encodeCursor({ part: 'p', key: NO_DATE, id: '' }) : null };
}
