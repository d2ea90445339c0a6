import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { openKyselyStore } from './kysely-store.js';
import type { Store } from './store.js';
import type { Database } from './tables.js';

/**
 * Connects to PostgreSQL (`DATABASE_URL`) and brings the schema up to date: the same Kysely queries
 * and in-code migrations as SQLite. Several nodes may start at once: migrations take an advisory lock.
 */
export async function openPostgresStore(url: string, options: { max?: number } = {}): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle connection dropped by the server (restart, failover) must not crash the process.
  pool.on('error', () => {});
  return openKyselyStore(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }));
}
