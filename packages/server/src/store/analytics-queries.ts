import { isReactionKind, type AttributionSource, type ReactionCounts } from '@live-shop/protocol';
import { sql, type Kysely } from 'kysely';
import type { AnalyticsRows, MinuteCounts } from './store.js';
import type { Database } from './tables.js';
import { salesQuery, toSalesRow } from './commerce-queries.js';
import { publishedChat } from './timeline-queries.js';

type Db = Kysely<Database>;

/** Start of the column's minute: integer division on both SQLite and PostgreSQL (bigint). */
const minuteOf = (column: string) => sql<number>`(${sql.ref(column)} / ${sql.lit(60_000)}) * ${sql.lit(60_000)}`;

export async function addMinutes(db: Db, node: string, counts: readonly MinuteCounts[]): Promise<void> {
  if (counts.length === 0) return;
  await addReactions(db, node, counts);
  await db
    .insertInto('show_minutes')
    .values(
      counts.map((c) => ({
        show_id: c.showId,
        minute: c.minute,
        source: c.source,
        node,
        viewers: c.viewers,
        buy_clicks: c.buyClicks,
        impressions: c.impressions,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['show_id', 'minute', 'source', 'node']).doUpdateSet({
        // A peak, not a sum (portable: SQLite has no greatest(), PostgreSQL no two-argument max()).
        viewers: sql`case when show_minutes.viewers > excluded.viewers then show_minutes.viewers else excluded.viewers end`,
        buy_clicks: sql`show_minutes.buy_clicks + excluded.buy_clicks`,
        impressions: sql`show_minutes.impressions + excluded.impressions`,
      }),
    )
    .execute();
}

async function addReactions(db: Db, node: string, counts: readonly MinuteCounts[]): Promise<void> {
  const rows = counts.flatMap((c) =>
    Object.entries(c.reactions ?? {}).map(([kind, count]) => ({
      show_id: c.showId,
      minute: c.minute,
      source: c.source,
      node,
      kind,
      count,
    })),
  );
  if (rows.length === 0) return;
  await db
    .insertInto('show_reactions')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['show_id', 'minute', 'source', 'node', 'kind'])
        .doUpdateSet({ count: sql`show_reactions.count + excluded.count` }),
    )
    .execute();
}

export async function reactionTotals(db: Db, showId: string): Promise<ReactionCounts> {
  const rows = await db
    .selectFrom('show_reactions')
    .select((eb) => ['kind', eb.fn.sum<number>('count').as('count')])
    .where('show_id', '=', showId)
    .groupBy('kind')
    .execute();
  const totals: ReactionCounts = {};
  for (const r of rows) if (isReactionKind(r.kind)) totals[r.kind] = Number(r.count);
  return totals;
}

export async function analytics(db: Db, showId: string): Promise<AnalyticsRows> {
  const [minutes, reactions, chat, checkouts, orders, funnel, sales, events] = await Promise.all([
    db
      .selectFrom('show_minutes')
      .select((eb) => [
        'minute',
        'source',
        eb.fn.sum<number>('viewers').as('viewers'),
        eb.fn.sum<number>('buy_clicks').as('buy_clicks'),
        eb.fn.sum<number>('impressions').as('impressions'),
      ])
      .where('show_id', '=', showId)
      .groupBy(['minute', 'source'])
      .execute(),
    db
      .selectFrom('show_reactions')
      .select((eb) => ['minute', 'source', eb.fn.sum<number>('count').as('count')])
      .where('show_id', '=', showId)
      .groupBy(['minute', 'source'])
      .execute(),
    publishedChat(db, showId)
      .select((eb) => [minuteOf('m.at').as('minute'), eb.fn.countAll<number>().as('count')])
      .groupBy(minuteOf('m.at'))
      .execute(),
    db
      .selectFrom('orders')
      .select((eb) => [minuteOf('created_at').as('minute'), 'source', eb.fn.countAll<number>().as('count')])
      .where('show_id', '=', showId)
      .where('session_id', 'is not', null)
      .groupBy([minuteOf('created_at'), 'source'])
      .execute(),
    db
      .selectFrom('orders')
      .select((eb) => [
        minuteOf('paid_at').as('minute'),
        'source',
        'currency',
        eb.fn.countAll<number>().as('count'),
        eb.fn.sum<number>('amount').as('amount'),
      ])
      .where('show_id', '=', showId)
      .where('status', '=', 'paid')
      .where('paid_at', 'is not', null)
      .groupBy([minuteOf('paid_at'), 'source', 'currency'])
      .execute(),
    db
      .selectFrom('funnel_counts')
      .select(['product_id', 'source', 'impressions', 'buy_clicks'])
      .where('show_id', '=', showId)
      .execute(),
    salesQuery(db, showId).select('source').groupBy(['product_id', 'source']).execute(),
    db
      .selectFrom('show_events')
      .select(['at', 'kind', 'value'])
      .where('show_id', '=', showId)
      .orderBy('at')
      .orderBy('id')
      .execute(),
  ]);
  const source = (s: string) => s as AttributionSource;
  const statuses = events.filter((e) => e.kind === 'status');
  return {
    minutes: minutes.map((r) => ({
      minute: Number(r.minute),
      source: source(r.source),
      viewers: Number(r.viewers),
      buyClicks: Number(r.buy_clicks),
      impressions: Number(r.impressions),
    })),
    reactions: reactions.map((r) => ({ minute: Number(r.minute), source: source(r.source), count: Number(r.count) })),
    chat: chat.map((r) => ({ minute: Number(r.minute), count: Number(r.count) })),
    checkouts: checkouts.map((r) => ({ minute: Number(r.minute), source: source(r.source), count: Number(r.count) })),
    orders: orders.map((r) => ({
      minute: Number(r.minute),
      source: source(r.source),
      currency: r.currency,
      count: Number(r.count),
      amount: Number(r.amount),
    })),
    funnel: funnel.map((r) => ({
      productId: r.product_id,
      source: source(r.source),
      impressions: Number(r.impressions),
      buyClicks: Number(r.buy_clicks),
    })),
    sales: sales.map((r) => ({ ...toSalesRow(r), source: source(r.source) })),
    pins: events
      .filter((e) => e.kind === 'pins')
      .map((e) => ({ at: Number(e.at), productIds: JSON.parse(e.value) as string[] })),
    startedAt: at(statuses.find((e) => e.value === 'live')),
    endedAt: at([...statuses].reverse().find((e) => e.value === 'ended')),
  };
}

const at = (row: { at: number } | undefined) => (row ? Number(row.at) : null);
