import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { openKyselyStore } from './kysely-store.js';
import type { Store } from './store.js';
import type { Database } from './tables.js';

/** Opens (creating if needed) the SQLite file and brings its schema up to date. */
export async function openSqliteStore(file: string): Promise<Store> {
  const sqlite = new SQLite(file);
  // WAL: readers never block the single writer; busy_timeout covers a second process on the same file.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return openKyselyStore(new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }));
}
