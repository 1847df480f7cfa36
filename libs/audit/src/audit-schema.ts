import type pg from 'pg';
import { GENESIS_HASH } from './hash-chain.js';

/** Advisory-lock key that serialises migrations when several replicas start at once. */
const MIGRATION_LOCK_KEY = 7_406_133_001;

/**
 * DDL for the audit log, idempotent. `audit_head` is the one-row chain head that writers lock
 * (`select … for update`), so replicas sharing the database extend one chain. Triggers refuse
 * UPDATE, DELETE and TRUNCATE: tampering then needs the owner to disable them first, and the hash
 * chain catches whoever does.
 */
export function auditSchemaSql(): string {
  return `
create table if not exists audit_log (
  seq bigint primary key check (seq > 0),
  agency text not null,
  officer text not null,
  purpose text not null,
  case_ref text not null,
  dataset text not null,
  subject text,
  operation text not null,
  fields_disclosed text[] not null,
  grant_id text,
  outcome text not null,
  reason text,
  trace_id text not null,
  at timestamptz not null,
  prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text not null check (hash ~ '^[0-9a-f]{64}$')
);
create index if not exists audit_log_subject_at on audit_log (subject, at, seq);

create table if not exists audit_head (
  id smallint primary key check (id = 1),
  seq bigint not null,
  hash text not null
);
insert into audit_head (id, seq, hash) values (1, 0, '${GENESIS_HASH}') on conflict (id) do nothing;

create or replace function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end $$;
create or replace trigger audit_log_append_only
  before update or delete on audit_log for each row execute function audit_log_refuse_change();
create or replace trigger audit_log_no_truncate
  before truncate on audit_log for each statement execute function audit_log_refuse_change();
`;
}

/** Applies {@link auditSchemaSql} in one transaction under an advisory lock. */
export async function migrateAuditSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(auditSchemaSql());
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
