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
  cacheStatements(sqlite);
  return openKyselyStore(new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }));
}

/** Statements kept per database, by SQL text (least recently used dropped first). */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely prepares every query it runs; preparing costs more than running the small queries this
 * server makes (it was ~10 % of a join before joins were cached). better-sqlite3 statements can be
 * run again, and Kysely runs each to completion (`all`/`run`) before the next query starts.
 */
function cacheStatements(db: SQLite.Database): void {
  const prepare = db.prepare.bind(db);
  const statements = new Map<string, SQLite.Statement>();
  db.prepare = ((sql: string) => {
    let statement = statements.get(sql);
    if (statement) {
      statements.delete(sql);
    } else {
      statement = prepare(sql);
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
    }
    statements.set(sql, statement);
    return statement;
  }) as SQLite.Database['prepare'];
}
