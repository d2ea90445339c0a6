/** Test support (not shipped): with LIVE_SHOP_TEST_DATABASE_URL set, each test server gets its own PostgreSQL database. */
import path from 'node:path';
import SQLite from 'better-sqlite3';
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

/**
 * Makes the test server's database itself refuse any chat message with this text (a trigger raising an
 * error), as a database refuses a row it cannot store: the write fails in the database, not in our code.
 */
export async function refuseChatText(dataDir: string, text: string): Promise<void> {
  const literal = `'${text.replaceAll("'", "''")}'`;
  if (!TEST_DATABASE_URL) {
    const db = new SQLite(path.join(dataDir, 'live-shop.db'));
    try {
      db.exec(
        `create trigger refuse_chat before insert on chat_messages when new.text = ${literal} begin select raise(abort, 'refused'); end`,
      );
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: (await testDatabaseUrl(dataDir))! });
  await client.connect();
  try {
    await client.query(
      `create function refuse_chat() returns trigger language plpgsql as $$ begin
         if new.text = ${literal} then raise exception 'refused'; end if; return new; end $$`,
    );
    await client.query(
      'create trigger refuse_chat before insert on chat_messages for each row execute function refuse_chat()',
    );
  } finally {
    await client.end();
  }
}
