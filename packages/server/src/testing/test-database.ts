/** Test support (not shipped): with LIVE_SHOP_TEST_DATABASE_URL set, each test server gets its own PostgreSQL database. */
import path from 'node:path';
import pg from 'pg';

/** Set by `scripts/with-services.mjs`: a superuser URL of a throwaway PostgreSQL. */
export const TEST_DATABASE_URL = process.env.LIVE_SHOP_TEST_DATABASE_URL || null;

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL! });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** One database per data dir, so a restart on the same data dir finds its data again. */
const databaseName = (dataDir: string) => `lstest_${path.basename(dataDir).replace(/\W/g, '_').toLowerCase()}`;

/** The database URL for a test server over `dataDir` (created on first use), or undefined for SQLite. */
export async function testDatabaseUrl(dataDir: string): Promise<string | undefined> {
  if (!TEST_DATABASE_URL) return undefined;
  const name = databaseName(dataDir);
  await admin(async (client) => {
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } catch (error) {
      if ((error as { code?: string }).code !== '42P04') throw error; // exists: a restart
    }
  });
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.href;
}

export async function dropTestDatabase(dataDir: string): Promise<void> {
  if (!TEST_DATABASE_URL) return;
  await admin((client) => client.query(`DROP DATABASE IF EXISTS "${databaseName(dataDir)}" WITH (FORCE)`));
}
