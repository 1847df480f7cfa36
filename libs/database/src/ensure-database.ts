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

/** Drops the database in `url`, closing other sessions first. */
export async function dropDatabase(url: string): Promise<void> {
  const name = databaseNameOf(url);
  assertDatabaseName(name);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end();
  }
}
