import { v7 as uuidv7 } from 'uuid';

/** What a registry records about one change; the relay turns it into a CloudEvent. */
export interface OutboxEvent {
  /** `<domain>.<entity>`: the topic is `registry.<aggregateType>`. */
  aggregateType: string;
  /** The record's id: the CloudEvent subject and the Kafka key. */
  subject: string;
  /** `<domain>.<entity>.<change>`. */
  type: string;
  /** The record's version after this change. */
  sequence: number;
  /** Full new state plus `changedFields`. */
  data: unknown;
  dataschema: string;
  source: string;
  traceparent?: string;
}

/** Anything that runs parameterised SQL inside the caller's transaction (a TypeORM EntityManager does). */
export interface TransactionalQuery {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Appends the event in the caller's transaction: it commits, or rolls back, with the change. Returns the event id. */
export async function appendToOutbox(tx: TransactionalQuery, event: OutboxEvent): Promise<string> {
  const id = uuidv7();
  await tx.query(
    `insert into outbox (id, aggregate_type, aggregate_id, type, sequence, payload, dataschema, source, traceparent)
     values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)`,
    [
      id,
      event.aggregateType,
      event.subject,
      event.type,
      event.sequence,
      JSON.stringify(event.data),
      event.dataschema,
      event.source,
      event.traceparent ?? null,
    ],
  );
  return id;
}
