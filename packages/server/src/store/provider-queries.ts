import type { Playback } from '@live-shop/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { VideoStreamRecord } from './store.js';
import type { Database, VideoStreamsTable } from './tables.js';

// What the providers keep in the Kysely store: video streams, and the ids of webhook events applied
// (Mux's, Stripe's and the local checkout's). Portable query-builder calls only (SQLite and PostgreSQL).

type Db = Kysely<Database>;

const toVideoStream = (row: Selectable<VideoStreamsTable>): VideoStreamRecord => ({
  showId: row.show_id,
  provider: row.provider,
  externalId: row.external_id,
  data: JSON.parse(row.data) as Record<string, unknown>,
  playback: row.playback === null ? null : (JSON.parse(row.playback) as Playback),
  updatedAt: Number(row.updated_at),
});

export async function getVideoStream(db: Db, showId: string): Promise<VideoStreamRecord | null> {
  const row = await db.selectFrom('video_streams').selectAll().where('show_id', '=', showId).executeTakeFirst();
  return row ? toVideoStream(row) : null;
}

export async function findVideoStream(db: Db, provider: string, externalId: string): Promise<VideoStreamRecord | null> {
  const row = await db
    .selectFrom('video_streams')
    .selectAll()
    .where('provider', '=', provider)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row ? toVideoStream(row) : null;
}

export async function putVideoStream(db: Db, r: VideoStreamRecord): Promise<void> {
  const values = {
    provider: r.provider,
    external_id: r.externalId,
    data: JSON.stringify(r.data),
    playback: r.playback === null ? null : JSON.stringify(r.playback),
    updated_at: r.updatedAt,
  };
  await db
    .insertInto('video_streams')
    .values({ show_id: r.showId, ...values })
    .onConflict((oc) => oc.column('show_id').doUpdateSet(values))
    .execute();
}

export async function recordWebhookEvent(db: Db, provider: string, eventId: string, at: number): Promise<boolean> {
  const result = await db
    .insertInto('webhook_events')
    .values({ provider, event_id: eventId, received_at: at })
    .onConflict((oc) => oc.columns(['provider', 'event_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function hasWebhookEvent(db: Db, provider: string, eventId: string): Promise<boolean> {
  const row = await db
    .selectFrom('webhook_events')
    .select('event_id')
    .where('provider', '=', provider)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return !!row;
}

export async function forgetWebhookEvent(db: Db, provider: string, eventId: string): Promise<void> {
  await db.deleteFrom('webhook_events').where('provider', '=', provider).where('event_id', '=', eventId).execute();
}
