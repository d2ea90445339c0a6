import type { Poll } from '@live-shop/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { Database, PollsTable } from './tables.js';

/** A poll as stored, before its votes are counted. */
export type PollRecord = Omit<Poll, 'counts' | 'total'> & { showId: string };

export const toPollRecord = (row: Selectable<PollsTable>): PollRecord => ({
  id: row.id,
  showId: row.show_id,
  question: row.question,
  options: JSON.parse(row.options) as string[],
  openedAt: Number(row.opened_at),
  endsAt: row.ends_at === null ? null : Number(row.ends_at),
  closedAt: row.closed_at === null ? null : Number(row.closed_at),
});

/** A poll whose timer ran out is closed at its end time, whoever looks first (any node, after a restart too). */
export const isExpired = (poll: Pick<Poll, 'closedAt' | 'endsAt'>, now: number): boolean =>
  poll.closedAt === null && poll.endsAt !== null && poll.endsAt <= now;

/** The poll as clients see it: an expired one reads as closed at its end time even before the store says so. */
export function toPoll(record: PollRecord, counts: number[], now: number): Poll {
  const { showId: _, ...poll } = record;
  const closedAt = isExpired(record, now) ? record.endsAt : record.closedAt;
  return { ...poll, closedAt, counts, total: counts.reduce((a, b) => a + b, 0) };
}

/** Votes per poll and option of several polls, in one grouped read. */
export async function countVotes(
  db: Kysely<Database>,
  pollIds: readonly string[],
): Promise<Map<string, Map<number, number>>> {
  const result = new Map<string, Map<number, number>>();
  if (!pollIds.length) return result;
  const rows = await db
    .selectFrom('poll_votes')
    .select((eb) => ['poll_id', 'option', eb.fn.countAll().as('n')])
    .where('poll_id', 'in', pollIds)
    .groupBy(['poll_id', 'option'])
    .execute();
  for (const r of rows) {
    let by = result.get(r.poll_id);
    if (!by) result.set(r.poll_id, (by = new Map()));
    by.set(Number(r.option), Number(r.n));
  }
  return result;
}

/** `counts` of one poll as an array, one entry per option. */
export const countsArray = (by: Map<number, number> | undefined, options: number): number[] =>
  Array.from({ length: options }, (_, i) => by?.get(i) ?? 0);
