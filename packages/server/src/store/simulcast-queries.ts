import type { Kysely, Selectable } from 'kysely';
import type { Database, SimulcastDestinationsTable } from './tables.js';

/** A simulcast destination as stored: the stream key sealed (secret-box.ts), never in clear. */
export interface SimulcastDestinationRecord {
  id: string;
  showId: string;
  name: string;
  url: string;
  keySealed: string;
  keyHint: string;
  enabled: boolean;
  createdAt: number;
}

/** The host's RTMP destinations (`Store.simulcast`). */
export interface SimulcastStore {
  /** Inserts unless the show has `max` already; false when full. */
  add(destination: SimulcastDestinationRecord, max: number): Promise<boolean>;
  /** The show's destinations, oldest first. */
  list(showId: string): Promise<SimulcastDestinationRecord[]>;
  /** True when it existed. */
  remove(showId: string, id: string): Promise<boolean>;
  /** True when it existed. */
  setEnabled(showId: string, id: string, enabled: boolean): Promise<boolean>;
}

const toRecord = (row: Selectable<SimulcastDestinationsTable>): SimulcastDestinationRecord => ({
  id: row.id,
  showId: row.show_id,
  name: row.name,
  url: row.url,
  keySealed: row.key_sealed,
  keyHint: row.key_hint,
  enabled: Number(row.enabled) === 1,
  createdAt: Number(row.created_at),
});

export class KyselySimulcastStore implements SimulcastStore {
  constructor(private readonly db: Kysely<Database>) {}

  async add(d: SimulcastDestinationRecord, max: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      // Takes the show row's lock first (PostgreSQL), so two adds of one show count in turn.
      await trx.updateTable('shows').set({ id: d.showId }).where('id', '=', d.showId).execute();
      const { count } = await trx
        .selectFrom('simulcast_destinations')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('show_id', '=', d.showId)
        .executeTakeFirstOrThrow();
      if (Number(count) >= max) return false;
      await trx
        .insertInto('simulcast_destinations')
        .values({
          id: d.id,
          show_id: d.showId,
          name: d.name,
          url: d.url,
          key_sealed: d.keySealed,
          key_hint: d.keyHint,
          enabled: d.enabled ? 1 : 0,
          created_at: d.createdAt,
        })
        .execute();
      return true;
    });
  }

  async list(showId: string): Promise<SimulcastDestinationRecord[]> {
    const rows = await this.db
      .selectFrom('simulcast_destinations')
      .selectAll()
      .where('show_id', '=', showId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  async remove(showId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('simulcast_destinations')
      .where('show_id', '=', showId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async setEnabled(showId: string, id: string, enabled: boolean): Promise<boolean> {
    const result = await this.db
      .updateTable('simulcast_destinations')
      .set({ enabled: enabled ? 1 : 0 })
      .where('show_id', '=', showId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
