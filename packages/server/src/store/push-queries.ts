import type { ShowStatus } from '@live-shop/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { Database, PushSubscriptionsTable } from './tables.js';

export type PushState = 'pending' | 'sent' | 'failed';

/** A browser's subscription to one show's go-live reminder. */
export interface PushSubscriptionRecord {
  id: string;
  showId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  url: string;
  lang: string | null;
  createdAt: number;
  state: PushState;
  attempts: number;
}

export type NewPushSubscription = Omit<PushSubscriptionRecord, 'state' | 'attempts'>;

/** Web Push reminders (`Store.push`). */
export interface PushStore {
  /** Adds the show's subscription for this endpoint, or refreshes its keys, url and lang; true when new. */
  subscribe(sub: NewPushSubscription): Promise<boolean>;
  /** True when there was one. */
  unsubscribe(showId: string, endpoint: string): Promise<boolean>;
  /**
   * Marks up to `limit` pending subscriptions of the show as held by `claim` (one atomic UPDATE: two
   * nodes never hold the same row) and returns them. A claim older than `staleBefore` is a dead run's.
   */
  claim(
    showId: string,
    claim: string,
    now: number,
    staleBefore: number,
    limit: number,
  ): Promise<PushSubscriptionRecord[]>;
  /** Ends a held subscription: sent, given up, or gone (the push service said it no longer exists: deleted). */
  settle(id: string, claim: string, outcome: PushState | 'gone'): Promise<void>;
  /** One more failed attempt of a held subscription; returns the count. */
  countAttempt(id: string, claim: string): Promise<number>;
  /** Deletes every subscription of the show (it ended); returns how many were still to be sent. */
  dropShow(showId: string): Promise<number>;
  /** Whether any of the show's subscriptions is still to be sent (held by some run or not). */
  hasPending(showId: string): Promise<boolean>;
  /** Shows in one of `statuses` that still have pending subscriptions. */
  dueShows(statuses: readonly ShowStatus[]): Promise<string[]>;
  list(showId: string): Promise<PushSubscriptionRecord[]>;
}

const toRecord = (row: Selectable<PushSubscriptionsTable>): PushSubscriptionRecord => ({
  id: row.id,
  showId: row.show_id,
  endpoint: row.endpoint,
  p256dh: row.p256dh,
  auth: row.auth,
  url: row.url,
  lang: row.lang,
  createdAt: Number(row.created_at),
  state: row.state as PushState,
  attempts: Number(row.attempts),
});

export class KyselyPushStore implements PushStore {
  constructor(private readonly db: Kysely<Database>) {}

  async subscribe(sub: NewPushSubscription): Promise<boolean> {
    const existing = await this.db
      .selectFrom('push_subscriptions')
      .select('id')
      .where('show_id', '=', sub.showId)
      .where('endpoint', '=', sub.endpoint)
      .executeTakeFirst();
    await this.db
      .insertInto('push_subscriptions')
      .values({
        id: sub.id,
        show_id: sub.showId,
        endpoint: sub.endpoint,
        p256dh: sub.p256dh,
        auth: sub.auth,
        url: sub.url,
        lang: sub.lang,
        created_at: sub.createdAt,
        state: 'pending',
        attempts: 0,
      })
      // A browser subscribing again (new keys after a reinstall) replaces its row: one reminder per endpoint.
      .onConflict((oc) =>
        oc
          .columns(['show_id', 'endpoint'])
          .doUpdateSet({ p256dh: sub.p256dh, auth: sub.auth, url: sub.url, lang: sub.lang }),
      )
      .execute();
    return !existing;
  }

  async unsubscribe(showId: string, endpoint: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('push_subscriptions')
      .where('show_id', '=', showId)
      .where('endpoint', '=', endpoint)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async claim(
    showId: string,
    claim: string,
    now: number,
    staleBefore: number,
    limit: number,
  ): Promise<PushSubscriptionRecord[]> {
    // The conditions repeat outside the subquery: PostgreSQL re-checks them on a row another node just claimed.
    await this.db
      .updateTable('push_subscriptions')
      .set({ claim, claimed_at: now })
      .where('show_id', '=', showId)
      .where('state', '=', 'pending')
      .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', staleBefore)]))
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('push_subscriptions')
          .select('id')
          .where('show_id', '=', showId)
          .where('state', '=', 'pending')
          .where((e) => e.or([e('claimed_at', 'is', null), e('claimed_at', '<', staleBefore)]))
          .orderBy('created_at')
          .limit(limit),
      )
      .execute();
    const rows = await this.db
      .selectFrom('push_subscriptions')
      .selectAll()
      .where('claim', '=', claim)
      .where('state', '=', 'pending')
      .orderBy('created_at')
      .execute();
    return rows.map(toRecord);
  }

  async settle(id: string, claim: string, outcome: PushState | 'gone'): Promise<void> {
    if (outcome === 'gone') {
      await this.db.deleteFrom('push_subscriptions').where('id', '=', id).execute();
      return;
    }
    await this.db
      .updateTable('push_subscriptions')
      .set({ state: outcome })
      .where('id', '=', id)
      .where('claim', '=', claim)
      .execute();
  }

  async countAttempt(id: string, claim: string): Promise<number> {
    const row = await this.db
      .updateTable('push_subscriptions')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .where('claim', '=', claim)
      .returning('attempts')
      .executeTakeFirst();
    return Number(row?.attempts ?? 0);
  }

  async dropShow(showId: string): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const pending = await trx
        .selectFrom('push_subscriptions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('show_id', '=', showId)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      await trx.deleteFrom('push_subscriptions').where('show_id', '=', showId).execute();
      return Number(pending?.n ?? 0);
    });
  }

  async hasPending(showId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('push_subscriptions')
      .select('id')
      .where('show_id', '=', showId)
      .where('state', '=', 'pending')
      .limit(1)
      .executeTakeFirst();
    return !!row;
  }

  async dueShows(statuses: readonly ShowStatus[]): Promise<string[]> {
    const rows = await this.db
      .selectFrom('push_subscriptions')
      .innerJoin('shows', 'shows.id', 'push_subscriptions.show_id')
      .select('push_subscriptions.show_id')
      .distinct()
      .where('push_subscriptions.state', '=', 'pending')
      .where('shows.status', 'in', [...statuses])
      .execute();
    return rows.map((r) => r.show_id);
  }

  async list(showId: string): Promise<PushSubscriptionRecord[]> {
    const rows = await this.db
      .selectFrom('push_subscriptions')
      .selectAll()
      .where('show_id', '=', showId)
      .orderBy('created_at')
      .execute();
    return rows.map(toRecord);
  }
}
