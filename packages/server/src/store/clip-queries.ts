import type { Clip, ClipStatus, Playback } from '@live-shop/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { ClipsTable, Database } from './tables.js';

/** A clip as stored: the public `Clip` plus the provider's own reference (never sent to clients). */
export interface ClipRecord extends Omit<Clip, 'title'> {
  provider: 'local' | 'mux';
  /** Mux: the clip asset's id. */
  externalId: string | null;
  title: string | null;
  updatedAt: number;
}

export type ClipChange = Partial<Pick<ClipRecord, 'status' | 'externalId' | 'playback'>> & { updatedAt: number };

/** Clips of shows' recordings (`Store.clips`). */
export interface ClipStore {
  create(clip: ClipRecord): Promise<void>;
  get(id: string): Promise<ClipRecord | null>;
  /** The show's clips, oldest first. */
  list(showId: string): Promise<ClipRecord[]>;
  count(showId: string): Promise<number>;
  /** Applies `change` only while the clip is `processing` (a late webhook or ffmpeg exit never undoes an end state); true when applied. */
  settle(id: string, change: ClipChange): Promise<boolean>;
  /** Records the provider's id of a clip still processing. */
  setExternalId(id: string, externalId: string, at: number): Promise<void>;
  /** True when it existed. */
  delete(id: string): Promise<boolean>;
}

const toClip = (row: Selectable<ClipsTable>): ClipRecord => ({
  id: row.id,
  showId: row.show_id,
  productId: row.product_id,
  startMs: Number(row.start_ms),
  endMs: Number(row.end_ms),
  status: row.status as ClipStatus,
  provider: row.provider as ClipRecord['provider'],
  externalId: row.external_id,
  playback: row.playback ? (JSON.parse(row.playback) as Playback) : null,
  title: row.title,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

export class KyselyClipStore implements ClipStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(clip: ClipRecord): Promise<void> {
    await this.db
      .insertInto('clips')
      .values({
        id: clip.id,
        show_id: clip.showId,
        product_id: clip.productId,
        start_ms: clip.startMs,
        end_ms: clip.endMs,
        status: clip.status,
        provider: clip.provider,
        external_id: clip.externalId,
        playback: clip.playback ? JSON.stringify(clip.playback) : null,
        title: clip.title,
        created_at: clip.createdAt,
        updated_at: clip.updatedAt,
      })
      .execute();
  }

  async get(id: string): Promise<ClipRecord | null> {
    const row = await this.db.selectFrom('clips').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toClip(row) : null;
  }

  async list(showId: string): Promise<ClipRecord[]> {
    const rows = await this.db
      .selectFrom('clips')
      .selectAll()
      .where('show_id', '=', showId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toClip);
  }

  async count(showId: string): Promise<number> {
    const row = await this.db
      .selectFrom('clips')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('show_id', '=', showId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async settle(id: string, change: ClipChange): Promise<boolean> {
    const result = await this.db
      .updateTable('clips')
      .set({
        updated_at: change.updatedAt,
        ...(change.status && { status: change.status }),
        ...(change.externalId !== undefined && { external_id: change.externalId }),
        ...(change.playback !== undefined && { playback: change.playback ? JSON.stringify(change.playback) : null }),
      })
      .where('id', '=', id)
      .where('status', '=', 'processing')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async setExternalId(id: string, externalId: string, at: number): Promise<void> {
    await this.db.updateTable('clips').set({ external_id: externalId, updated_at: at }).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('clips').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
