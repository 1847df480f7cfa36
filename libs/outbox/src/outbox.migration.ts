import type { MigrationInterface, QueryRunner } from 'typeorm';

export const OUTBOX_CHANNEL = 'ndg_outbox';

/** Outbox columns follow the Debezium outbox pattern, plus `sequence` and `traceparent`. */
export class CreateOutbox1763900000000 implements MigrationInterface {
  name = 'CreateOutbox1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table outbox (
        position bigserial primary key,
        id uuid not null unique,
        aggregate_type text not null,
        aggregate_id text not null,
        type text not null,
        sequence bigint not null,
        payload jsonb not null,
        dataschema text not null,
        source text not null,
        occurred_at timestamptz not null default now(),
        traceparent text,
        sent_at timestamptz,
        constraint outbox_sequence_per_subject unique (aggregate_type, aggregate_id, sequence)
      )`);
    await q.query(`create index outbox_unsent on outbox (position) where sent_at is null`);
    await q.query(`create index outbox_sent_at on outbox (sent_at) where sent_at is not null`);
    // Fires once per statement at commit time, so the relay wakes as soon as a change is durable.
    await q.query(`
      create function outbox_notify() returns trigger language plpgsql as $$
      begin
        perform pg_notify('${OUTBOX_CHANNEL}', '');
        return null;
      end $$`);
    await q.query(`create trigger outbox_notify after insert on outbox for each statement execute function outbox_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop trigger if exists outbox_notify on outbox`);
    await q.query(`drop function if exists outbox_notify()`);
    await q.query(`drop table if exists outbox`);
  }
}
