import type { StageLayout, StagePlace } from '@live-shop/protocol';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { StageGuestRecord, StageRecord, StageRefusal } from './store.js';
import type { Database, StageGuestsTable } from './tables.js';

// Co-hosts' stage: the layout and the guest list of each show. Portable query-builder calls only
// (SQLite and PostgreSQL). Changes that count guests first write the show's `stages` row: on
// PostgreSQL that row lock makes concurrent joins and moves (any node) take turns; SQLite writers
// take turns anyway.

type Db = Kysely<Database>;

const toGuest = (r: Selectable<StageGuestsTable>): StageGuestRecord => ({
  id: r.guest_id,
  name: r.name,
  place: r.place as StagePlace,
  muted: Number(r.muted) === 1,
  peer: r.peer,
  since: Number(r.since),
  joined: Number(r.joined),
});

/** Creates or touches the show's stage row: inside a transaction it holds the row's lock until the end. */
async function lockStage(trx: Transaction<Database>, showId: string, at: number): Promise<void> {
  await trx
    .insertInto('stages')
    .values({ show_id: showId, layout: 'solo', at })
    .onConflict((oc) => oc.column('show_id').doUpdateSet({ at }))
    .execute();
}

export async function getStage(db: Db, showId: string): Promise<StageRecord> {
  const [stage, rows] = await Promise.all([
    db.selectFrom('stages').select('layout').where('show_id', '=', showId).executeTakeFirst(),
    db.selectFrom('stage_guests').selectAll().where('show_id', '=', showId).orderBy('joined').execute(),
  ]);
  return { layout: (stage?.layout ?? 'solo') as StageLayout, guests: rows.map(toGuest) };
}

export async function setStageLayout(db: Db, showId: string, layout: StageLayout, at: number): Promise<void> {
  await db
    .insertInto('stages')
    .values({ show_id: showId, layout, at })
    .onConflict((oc) => oc.column('show_id').doUpdateSet({ layout, at }))
    .execute();
}

export function joinStage(
  db: Db,
  showId: string,
  guest: { id: string; name: string; peer: string; at: number },
  maxGuests: number,
): Promise<StageRefusal | null> {
  return db.transaction().execute(async (trx) => {
    await lockStage(trx, showId, guest.at);
    const listed = await trx
      .updateTable('stage_guests')
      .set({ name: guest.name, peer: guest.peer })
      .where('show_id', '=', showId)
      .where('guest_id', '=', guest.id)
      .executeTakeFirst();
    if (Number(listed.numUpdatedRows) > 0) return null;
    const { count, last } = await trx
      .selectFrom('stage_guests')
      .select((eb) => [eb.fn.countAll().as('count'), eb.fn.max('joined').as('last')])
      .where('show_id', '=', showId)
      .executeTakeFirstOrThrow();
    if (Number(count) >= maxGuests) return 'full';
    await trx
      .insertInto('stage_guests')
      .values({
        show_id: showId,
        guest_id: guest.id,
        name: guest.name,
        place: 'backstage',
        muted: 0,
        peer: guest.peer,
        since: guest.at,
        joined: last === null ? 0 : Number(last) + 1,
      })
      .execute();
    return null;
  });
}

export function moveStageGuest(
  db: Db,
  showId: string,
  id: string,
  place: StagePlace,
  at: number,
  maxOnStage: number,
): Promise<StageRefusal | null> {
  return db.transaction().execute(async (trx) => {
    await lockStage(trx, showId, at);
    const guest = await trx
      .selectFrom('stage_guests')
      .select('place')
      .where('show_id', '=', showId)
      .where('guest_id', '=', id)
      .executeTakeFirst();
    if (!guest) return 'not_found';
    if (guest.place === place) return null;
    if (place === 'stage') {
      const { count } = await trx
        .selectFrom('stage_guests')
        .select((eb) => eb.fn.countAll().as('count'))
        .where('show_id', '=', showId)
        .where('place', '=', 'stage')
        .executeTakeFirstOrThrow();
      if (Number(count) >= maxOnStage) return 'full';
    }
    await trx
      .updateTable('stage_guests')
      .set({ place, since: at })
      .where('show_id', '=', showId)
      .where('guest_id', '=', id)
      .execute();
    return null;
  });
}

export async function muteStageGuest(db: Db, showId: string, id: string, muted: boolean): Promise<boolean> {
  const result = await db
    .updateTable('stage_guests')
    .set({ muted: muted ? 1 : 0 })
    .where('show_id', '=', showId)
    .where('guest_id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function setStagePeer(
  db: Db,
  showId: string,
  id: string,
  peer: string | null,
  ifPeer?: string,
): Promise<boolean> {
  let query = db.updateTable('stage_guests').set({ peer }).where('show_id', '=', showId).where('guest_id', '=', id);
  if (ifPeer !== undefined) query = query.where('peer', '=', ifPeer);
  return Number((await query.executeTakeFirst()).numUpdatedRows) > 0;
}

export async function removeStageGuests(db: Db, showId: string, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await db
    .deleteFrom('stage_guests')
    .where('show_id', '=', showId)
    .where('guest_id', 'in', ids)
    .returning('guest_id')
    .execute();
  return rows.map((r) => r.guest_id);
}

export async function showsWithStagePeers(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('stage_guests').select('show_id').distinct().where('peer', 'is not', null).execute();
  return rows.map((r) => r.show_id);
}
