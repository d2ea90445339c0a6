import type { ShowStatus } from '@live-shop/protocol';
import { countsArray, countVotes, toPoll, toPollRecord } from './poll-rows.js';
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { timeOrderedId } from '../ids.js';
import { toChatMessage } from './moderation-queries.js';
import type { TimelineCursor, TimelineRows } from './store.js';
import type { Database } from './tables.js';

type Db = Kysely<Database>;

/** Appends a pin or status change to the show's timeline (in the caller's transaction). */
export async function addShowEvent(db: Db, showId: string, at: number, kind: 'pins' | 'status', value: string) {
  await db
    .insertInto('show_events')
    .values({ id: timeOrderedId(at), show_id: showId, at, kind, value })
    .execute();
}

/** A show's published chat (`m`): not deleted, not held, not by anyone banned now. */
export const publishedChat = (db: Db, showId: string) =>
  db
    .selectFrom('chat_messages as m')
    .where('m.show_id', '=', showId)
    .where('m.deleted_at', 'is', null)
    .where('m.held', '=', 0)
    .where(({ not, exists, selectFrom, or }) =>
      not(
        exists(
          selectFrom('restrictions as r')
            .select('r.subject')
            .where('r.kind', '=', 'ban')
            .where((b) =>
              or([
                b('r.subject', '=', b.ref('m.viewer_id')),
                b('r.subject', '=', b.ref('m.account_id')),
                b('r.alias', '=', b.ref('m.viewer_id')),
                b('r.alias', '=', b.ref('m.account_id')),
              ]),
            ),
        ),
      ),
    );

/** Rows from the cursor's millisecond on; the entries of that millisecond already read are skipped after merging. */
const from = (cursor: TimelineCursor | null, time: string) =>
  cursor ? sql<boolean>`${sql.ref(time)} >= ${cursor.at}` : sql<boolean>`1 = 1`;

/** A sale's public id: its order's id would reach the order's own routes (cancel), so only a digest of it. */
const saleId = (orderId: string) => 'o' + createHash('sha256').update(orderId).digest('base64url').slice(0, 16);

/** Merge order within one millisecond: by source, then by the row's own id (each source reads in that order). */
const SOURCE_RANK = { status: 0, pins: 1, chat: 2, sold: 3, poll: 4 } as const;

type Untimed = TimelineRows['entries'][number];

/**
 * The next `limit` entries after `cursor`: pin and status changes, published chat (not deleted, not held,
 * not by anyone banned now) and paid orders, merged in time order. Each source reads at most
 * `skip + limit + 1` rows along its (show, time, id) index.
 */
export async function timeline(
  db: Db,
  showId: string,
  cursor: TimelineCursor | null,
  limit: number,
): Promise<TimelineRows> {
  const rows = (cursor?.skip ?? 0) + limit + 1;
  const [events, chat, sold, started, pollRows] = await Promise.all([
    db
      .selectFrom('show_events')
      .select(['id', 'at', 'kind', 'value'])
      .where('show_id', '=', showId)
      .where(from(cursor, 'at'))
      .orderBy('at')
      .orderBy('id')
      .limit(rows)
      .execute(),
    publishedChat(db, showId)
      .select(['m.id', 'm.name', 'm.text', 'm.role', 'm.at', 'm.verified', 'm.held', 'm.question', 'm.answered_at'])
      .where(from(cursor, 'm.at'))
      .orderBy('m.at')
      .orderBy('m.id')
      .limit(rows)
      .execute(),
    db
      .selectFrom('orders')
      .select(['id', 'paid_at', 'product_id', 'quantity'])
      .where('show_id', '=', showId)
      .where('status', '=', 'paid')
      .where('paid_at', 'is not', null)
      .where(from(cursor, 'paid_at'))
      .orderBy('paid_at')
      .orderBy('id')
      .limit(rows)
      .execute(),
    db
      .selectFrom('show_events')
      .select('at')
      .where('show_id', '=', showId)
      .where('kind', '=', 'status')
      .where('value', '=', 'live')
      .orderBy('at')
      .limit(1)
      .executeTakeFirst(),
    // polls, at the time each opened
    db
      .selectFrom('polls')
      .selectAll()
      .where('show_id', '=', showId)
      .where(from(cursor, 'opened_at'))
      .orderBy('opened_at')
      .orderBy('id')
      .limit(rows)
      .execute(),
  ]);
  const polls = pollRows.map(toPollRecord);
  const pollCounts = await countVotes(
    db,
    polls.map((p) => p.id),
  );
  const now = Date.now();
  type Keyed = { entry: Untimed; key: string };
  const merged: Keyed[] = [
    ...events.map((r): Keyed => ({
      key: r.id,
      entry:
        r.kind === 'pins'
          ? { kind: 'pins', id: r.id, at: Number(r.at), productIds: JSON.parse(r.value) as string[] }
          : { kind: 'status', id: r.id, at: Number(r.at), status: r.value as ShowStatus },
    })),
    ...chat.map((r): Keyed => ({
      key: r.id,
      entry: { kind: 'chat', id: r.id, at: Number(r.at), message: toChatMessage(r) },
    })),
    ...sold.map((r): Keyed => ({
      key: r.id,
      entry: {
        kind: 'sold',
        id: saleId(r.id),
        at: Number(r.paid_at),
        productId: r.product_id,
        quantity: Number(r.quantity),
      },
    })),
    ...polls.map((p): Keyed => {
      const poll = toPoll(p, countsArray(pollCounts.get(p.id), p.options.length), now);
      return { key: p.id, entry: { kind: 'poll', id: p.id, at: p.openedAt, poll } };
    }),
  ].sort(
    (a, b) =>
      a.entry.at - b.entry.at ||
      SOURCE_RANK[a.entry.kind] - SOURCE_RANK[b.entry.kind] ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  // The cursor's millisecond sorts first: its first `skip` entries were on the previous page.
  const unread = merged.slice(cursor?.skip ?? 0).map((k) => k.entry);
  return {
    startedAt: started ? Number(started.at) : null,
    entries: unread.slice(0, limit),
    more: unread.length > limit,
  };
}
