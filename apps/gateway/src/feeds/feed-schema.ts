/**
 * Change-feed tables, created with the rest of the gateway schema.
 *
 * - `feed_subscription`: what an agency subscribed to and how it is delivered. `start_offsets` holds
 *   the registry topic's end offset per partition at subscription time: events at or after them are
 *   the subscription's (start 'now').
 * - `feed_event`: each accepted event once (full data: projection and row scope are re-applied at
 *   delivery time against the policy then in force).
 * - `feed_delivery`: the outbox of deliveries, one row per (subscription, event), inserted in the
 *   transaction that precedes the offset commit. `position` orders a subscription's rows; fan-out
 *   locks the subscription rows first, so positions of one subscription commit in increasing order
 *   and a pull cursor never skips a row that commits later.
 *   `snapshot` marks rows queued by a backfill (synthetic events at no Kafka position).
 * - `backfill_*` on `feed_subscription`: state, last committed page (`backfill_after`) and the lease of
 *   the replica paging through the registry's snapshot.
 * - `quarantined_event`: envelopes or data that broke their contract, byte-exact.
 */
export const FEED_SCHEMA_SQL = `
create table if not exists feed_subscription (
  id uuid primary key,
  agency text not null,
  officer text not null,
  purpose text not null,
  case_ref text not null,
  dataset text not null,
  event_types text[],
  mode text not null check (mode in ('pull', 'kafka', 'webhook')),
  webhook_url text,
  webhook_secret text,
  max_attempts integer not null default 10,
  start_kind text not null check (start_kind in ('now', 'from', 'backfill')),
  start_from timestamptz,
  start_offsets jsonb,
  status text not null default 'active' check (status in ('active', 'deleted')),
  created_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index if not exists feed_subscription_dataset on feed_subscription (dataset) where status = 'active';

create table if not exists feed_event (
  id text primary key,
  source text not null,
  type text not null,
  subject text not null,
  sequence bigint not null,
  time timestamptz not null,
  dataschema text not null,
  traceparent text,
  data jsonb not null,
  topic text not null,
  kafka_partition integer not null,
  kafka_offset bigint not null,
  received_at timestamptz not null default now()
);

create table if not exists feed_delivery (
  position bigserial primary key,
  subscription_id uuid not null references feed_subscription (id),
  event_id text not null references feed_event (id),
  subject text not null,
  sequence bigint not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'dead', 'dropped')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  lease_until timestamptz,
  audited boolean not null default false,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  unique (subscription_id, event_id)
);
create index if not exists feed_delivery_due on feed_delivery (subscription_id, subject, position)
  where status = 'pending';
create index if not exists feed_delivery_dead on feed_delivery (subscription_id) where status = 'dead';

-- Backfill (start 'backfill'): progress of the snapshot paging, and which rows are snapshot rows.
alter table feed_subscription add column if not exists backfill_state text
  check (backfill_state in ('running', 'done'));
alter table feed_subscription add column if not exists backfill_after text;
alter table feed_subscription add column if not exists backfill_lease_until timestamptz;
alter table feed_subscription add column if not exists backfill_error text;
alter table feed_delivery add column if not exists snapshot boolean not null default false;
create index if not exists feed_delivery_snapshot on feed_delivery (subscription_id, subject, sequence)
  where snapshot;
-- Retention: delivered rows by age, events by whether any delivery still refers to them.
create index if not exists feed_delivery_done on feed_delivery (delivered_at)
  where status in ('delivered', 'dropped');
create index if not exists feed_delivery_event on feed_delivery (event_id);

create table if not exists quarantined_event (
  id bigserial primary key,
  topic text not null,
  kafka_partition integer not null,
  kafka_offset bigint not null,
  reason text not null,
  headers jsonb not null,
  key bytea,
  value bytea,
  quarantined_at timestamptz not null default now(),
  replayed_at timestamptz,
  replay_headers jsonb,
  unique (topic, kafka_partition, kafka_offset)
);
`;
