import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { KyselyStore, migrate } from './kysely-store.js';
import type { Store } from './store.js';
import type { Database } from './tables.js';

/** How long one statement may run, or wait for a connection, before it fails (`LIVE_SHOP_DATABASE_TIMEOUT_SECONDS`). */
export const DEFAULT_DATABASE_TIMEOUT_MS = 30_000;
/** The client's own limit beyond the server's: a database that stopped answering (network gone) fails too. */
const CLIENT_GRACE_MS = 5_000;
/** A connection idle this long is probed (TCP keepalive), so a database gone from the network is noticed. */
const KEEPALIVE_DELAY_MS = 10_000;

/**
 * pg's `query_timeout` answers its caller but leaves the connection waiting for that query's reply,
 * so every later query on it times out too (until TCP keepalive gives up on a lost database, minutes
 * later). Closed at once instead: the pool drops it on release and opens a fresh one when needed.
 */
class BoundedClient extends pg.Client {
  override query = ((...args: unknown[]) => {
    const reply: unknown = (super.query as (...args: unknown[]) => unknown).apply(this, args);
    if (reply instanceof Promise)
      reply.catch((error: unknown) => {
        if (error instanceof Error && error.message === 'Query read timeout') this.end().catch(() => {});
      });
    return reply;
  }) as pg.Client['query'];
}

const dialect = (pool: pg.Pool) => {
  // An idle connection dropped by the server (restart, failover) must not crash the process.
  pool.on('error', () => {});
  return new PostgresDialect({ pool });
};

/**
 * Connects to PostgreSQL (`DATABASE_URL`) and brings the schema up to date: the same Kysely queries
 * and in-code migrations as SQLite. Several nodes may start at once: migrations take an advisory lock.
 * Migrations run without a time limit (a big table's index, another node's migrations to wait for);
 * every query after them fails after `timeoutMs` rather than hang a show's chat, its requests or shutdown.
 */
export async function openPostgresStore(
  url: string,
  { max = 10, timeoutMs = DEFAULT_DATABASE_TIMEOUT_MS }: { max?: number; timeoutMs?: number } = {},
): Promise<Store> {
  const migrating = new Kysely<Database>({ dialect: dialect(new pg.Pool({ connectionString: url, max: 1 })) });
  try {
    await migrate(migrating);
  } finally {
    await migrating.destroy();
  }
  const pool = new pg.Pool({
    connectionString: url,
    max,
    Client: BoundedClient,
    query_timeout: timeoutMs + CLIENT_GRACE_MS,
    connectionTimeoutMillis: timeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
  });
  // The server's own limit is set per connection, not as a startup parameter, which PgBouncer refuses
  // by default. Queued before any query of the connection's first user; a proxy that ignores it only
  // leaves the client's limit above.
  pool.on('connect', (client) => void client.query(`set statement_timeout = ${Math.floor(timeoutMs)}`).catch(() => {}));
  return new KyselyStore(new Kysely<Database>({ dialect: dialect(pool) }));
}
