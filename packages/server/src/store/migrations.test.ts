import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { dropTestDatabase, testDatabaseUrl } from '../testing/test-database.js';
import { migrate } from './kysely-store.js';
import { migrationProvider } from './migrations.js';
import type { Database } from './tables.js';

/** A bare database on SQLite, or on PostgreSQL under scripts/with-services.mjs. */
async function openDatabase(dataDir: string): Promise<Kysely<Database>> {
  const url = await testDatabaseUrl(dataDir);
  if (url)
    return new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }),
    });
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: new SQLite(path.join(dataDir, 'live-shop.db')) }),
  });
}

describe('migrations', () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
  });
  /** A fresh database migrated up to `migration` (dropped after the suite). */
  const databaseAt = async (migration: string) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'live-shop-migrations-'));
    const db = await openDatabase(dataDir);
    cleanups.push(async () => {
      await db.destroy();
      await dropTestDatabase(dataDir);
      await rm(dataDir, { recursive: true, force: true });
    });
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(migration);
    assert.ifError(error);
    return db;
  };

  it('0005: a ban stored for every show is given to the show whose chat it cleared; one of unknown show stays server-wide', async () => {
    const db = await databaseAt('0004_moderation');

    await db
      .insertInto('shows')
      .values(['a', 'b'].map((id) => ({ id, title: id, status: 'live', status_at: 1, created_at: 1, settings: '{}' })))
      .execute();
    const message = (
      id: string,
      show_id: string,
      viewer_id: string,
      account_id: string | null,
      deleted_at: number | null,
    ) => ({
      id,
      show_id,
      name: 'T',
      text: 'x',
      role: 'viewer',
      at: 1,
      deleted_at,
      viewer_id,
      account_id,
      verified: 0,
      held: 0,
    });
    await db
      .insertInto('chat_messages')
      .values([
        message('m1', 'b', 'v:1', null, 1000), // the ban of v:1 at 1000 cleared this one
        message('m2', 'a', 'v:1', null, 500), // deleted earlier by hand: not the ban
        message('m3', 'a', 'v:3', 'm:acct', 3000), // banned by account, at 3000, in a
      ])
      .execute();
    const restriction = (
      scope: string,
      subject: string,
      alias: string | null,
      kind: string,
      at: number,
      until: number | null = null,
    ) => ({ scope, subject, alias, kind, until, name: 'T', at });
    await db
      .insertInto('restrictions')
      .values([
        restriction('*', 'v:1', null, 'ban', 1000),
        restriction('*', 'v:2', null, 'ban', 2000), // no message tells its show
        restriction('*', 'm:acct', 'v:3', 'ban', 3000),
        restriction('a', 'm:acct', 'v:3', 'timeout', 2500, 9_999_999_999_999), // replaced by the ban
        restriction('a', 'v:4', null, 'timeout', 100, 9_999_999_999_999),
      ])
      .execute();

    await migrate(db);
    const rows = await db.selectFrom('restrictions').select(['scope', 'subject', 'kind']).orderBy('subject').execute();
    assert.deepEqual(rows, [
      { scope: 'a', subject: 'm:acct', kind: 'ban' },
      { scope: 'b', subject: 'v:1', kind: 'ban' },
      { scope: '*', subject: 'v:2', kind: 'ban' },
      { scope: 'a', subject: 'v:4', kind: 'timeout' },
    ]);
  });

  it('0012: funnel counters and orders from before sources are live', async () => {
    const db = await databaseAt('0011_timeline');
    await db
      .insertInto('shows')
      .values({ id: 'a', title: 'a', status: 'ended', status_at: 1, created_at: 1, settings: '{}' })
      .execute();
    const old = db as unknown as Kysely<any>;
    await old
      .insertInto('product_funnel')
      .values({ show_id: 'a', product_id: 'p', impressions: 7, buy_clicks: 3 })
      .execute();
    await old
      .insertInto('orders')
      .values({
        id: 'o',
        show_id: 'a',
        product_id: 'p',
        quantity: 1,
        unit_amount: 100,
        amount: 100,
        currency: 'USD',
        status: 'paid',
        provider: 'local',
        reserved: 0,
        created_at: 1,
        updated_at: 1,
      })
      .execute();

    await migrate(db);
    assert.deepEqual(
      await db
        .selectFrom('funnel_counts')
        .selectAll()
        .execute()
        .then((rows) =>
          rows.map((r) => ({ ...r, impressions: Number(r.impressions), buy_clicks: Number(r.buy_clicks) })),
        ),
      [{ show_id: 'a', product_id: 'p', source: 'live', impressions: 7, buy_clicks: 3 }],
    );
    assert.deepEqual(await db.selectFrom('orders').select(['id', 'source']).execute(), [{ id: 'o', source: 'live' }]);
  });
});
