import pg from 'pg';
import { assertDatabaseName, databaseNameOf, withDatabase } from './database-url.js';

const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';

/** Creates the database named in `url` unless it exists; concurrent callers both succeed. */
export async function ensureDatabase(url: string): Promise<void> {
  const name = databaseNameOf(url);
  assertDatabaseName(name);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await admin.query(`create database "${name}"`);
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code !== DUPLICATE_DATABASE && code !== UNIQUE_VIOLATION) throw err;
      }
    }
  } finally {
    await admin.end();
  }
}

/**
 * Drops the database in `url`. Sessions still closing (a pool's `end()` resolves before its
 * sockets are gone) get up to `graceMs` to leave; terminating them would surface as an error
 * in the process that owned them. Sessions still there after that are terminated.
 */
export async function dropDatabase(url: string, graceMs = 3000): Promise<void> {
  const name = databaseNameOf(url);
  assertDatabaseName(name);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    const deadline = Date.now() + graceMs;
    for (;;) {
      const r = await admin.query<{ n: number }>(
        'select count(*)::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [name],
      );
      if ((r.rows[0]?.n ?? 0) === 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await admin.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end();
  }
}
