import type pg from 'pg';
import { migrateAuditSchema } from '@ndg/audit';
import { FEED_SCHEMA_SQL } from '../feeds/feed-schema.js';

/** Injection token of the gateway's `pg.Pool`. */
export const GATEWAY_POOL = Symbol('GATEWAY_POOL');

/**
 * The gateway's own tables, created idempotently at start-up. Every replica shares them: the replay
 * cache, the rate-limit buckets, the admin API's agencies and policies, and one revision counter
 * every replica polls to notice an admin change.
 */
export const GATEWAY_SCHEMA_SQL = `
create table if not exists seen_jti (
  iss text not null,
  jti text not null,
  expires_at timestamptz not null,
  primary key (iss, jti)
);
create index if not exists seen_jti_expires_at on seen_jti (expires_at);

create table if not exists rate_limit (
  key text primary key,
  tokens double precision not null,
  updated_at bigint not null
);

create table if not exists config_revision (
  id smallint primary key check (id = 1),
  revision bigint not null
);
insert into config_revision (id, revision) values (1, 0) on conflict do nothing;

create table if not exists policy_document (
  agency text primary key,
  document jsonb not null,
  revision bigint not null,
  updated_at timestamptz not null default now()
);

create table if not exists agency (
  id text primary key,
  definition jsonb not null,
  revision bigint not null,
  updated_at timestamptz not null default now()
);
`;

/** Creates the gateway tables and the audit log; safe to run on every start and from several replicas. */
export async function migrateGatewaySchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    // Concurrent `create table if not exists` can still collide on the catalog: serialise replicas.
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock(7426001)');
    await client.query(GATEWAY_SCHEMA_SQL);
    await client.query(FEED_SCHEMA_SQL);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  await migrateAuditSchema(pool);
}

/** Bumps the shared revision inside the caller's transaction and returns the new value. */
export async function bumpRevision(client: pg.PoolClient): Promise<number> {
  const r = await client.query<{ revision: string }>(
    'update config_revision set revision = revision + 1 where id = 1 returning revision::text as revision',
  );
  return Number(r.rows[0]?.revision ?? 0);
}

/** The revision every replica compares against its last load. */
export async function currentRevision(pool: pg.Pool): Promise<number> {
  const r = await pool.query<{ revision: string }>(
    'select revision::text as revision from config_revision where id = 1',
  );
  return Number(r.rows[0]?.revision ?? 0);
}
