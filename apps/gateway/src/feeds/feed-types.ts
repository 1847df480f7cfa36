import type { Dataset } from '@ndg/contracts';

/** A subscription row as the feed services read it. */
export interface Subscription {
  readonly id: string;
  readonly agency: string;
  readonly officer: string;
  readonly purpose: string;
  readonly caseRef: string;
  readonly dataset: Dataset;
  readonly eventTypes: readonly string[] | null;
  readonly mode: 'pull' | 'kafka' | 'webhook';
  readonly webhookUrl: string | null;
  readonly maxAttempts: number;
  readonly startKind: 'now' | 'from' | 'backfill';
  readonly startFrom: Date | null;
  /** topic → partition → first offset that belongs to the subscription. */
  readonly startOffsets: Readonly<Record<string, Readonly<Record<string, string>>>> | null;
  readonly status: 'active' | 'deleted';
  readonly createdAt: Date;
  /** Start 'backfill' only: 'running' while the snapshot is paged (delivery waits), then 'done'. */
  readonly backfillState: 'running' | 'done' | null;
}

/** Where a record sat in Kafka. */
export interface KafkaPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** A stored event joined to one of its deliveries. */
export interface DeliveryRow {
  readonly position: string;
  readonly attempts: number;
  readonly audited: boolean;
  readonly status: string;
  readonly subscriptionId: string;
  readonly eventId: string;
  readonly source: string;
  readonly type: string;
  readonly subject: string;
  readonly sequence: number;
  readonly time: Date;
  readonly dataschema: string;
  readonly traceparent: string | null;
  readonly data: Record<string, unknown>;
}

/** SQL column list turning feed_subscription into {@link Subscription}. */
export const SUBSCRIPTION_COLUMNS = `s.id, s.agency, s.officer, s.purpose, s.case_ref as "caseRef", s.dataset,
  s.event_types as "eventTypes", s.mode, s.webhook_url as "webhookUrl", s.max_attempts as "maxAttempts",
  s.start_kind as "startKind", s.start_from as "startFrom", s.start_offsets as "startOffsets", s.status,
  s.created_at as "createdAt", s.backfill_state as "backfillState"`;

/** SQL column list turning feed_delivery d join feed_event e into {@link DeliveryRow}. */
export const DELIVERY_COLUMNS = `d.position::text as position, d.attempts, d.audited, d.status,
  d.subscription_id as "subscriptionId", e.id as "eventId", e.source, e.type, e.subject,
  e.sequence::int as sequence, e.time, e.dataschema, e.traceparent, e.data`;

/**
 * Stores an event once (by id) with where it was read; live fan-out and backfill snapshots both
 * go through here. `traceparent` is the context deliveries continue.
 */
export async function insertFeedEvent(
  client: { query(sql: string, params: unknown[]): Promise<unknown> },
  event: {
    id: string;
    source: string;
    type: string;
    subject: string;
    sequence: number;
    time: string;
    dataschema: string;
    data: unknown;
  },
  traceparent: string | null,
  at: KafkaPosition,
): Promise<void> {
  await client.query(
    `insert into feed_event (id, source, type, subject, sequence, time, dataschema, traceparent, data,
       topic, kafka_partition, kafka_offset)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) on conflict (id) do nothing`,
    [
      event.id,
      event.source,
      event.type,
      event.subject,
      event.sequence,
      event.time,
      event.dataschema,
      traceparent,
      JSON.stringify(event.data),
      at.topic,
      at.partition,
      at.offset,
    ],
  );
}
