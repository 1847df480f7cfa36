import pg from 'pg';
import { Kafka, logLevel, type Producer, type TopicMessages } from 'kafkajs';
import { CloudEventHeader, registryTopic, toKafkaRecord, TRACEPARENT_HEADER, type CloudEvent } from '@ndg/events';
import { contextFromTraceparent, withProducerSpan } from '@ndg/telemetry';
import { OUTBOX_CHANNEL } from './outbox.migration.js';

export interface OutboxRelayOptions {
  databaseUrl: string;
  kafkaBrokers: string[];
  clientId?: string;
  /** Rows per Kafka batch. */
  batchSize?: number;
  /** Safety-net poll when no NOTIFY arrives (e.g. a notification lost with a dropped connection). */
  pollIntervalMs?: number;
  /** How long sent rows are kept for inspection before pruning. */
  retentionMs?: number;
  pruneIntervalMs?: number;
  /** Called after each published batch, e.g. to feed metrics or tests. */
  onPublished?: (batch: PublishedBatch) => void;
  onError?: (err: unknown) => void;
}

export interface PublishedBatch {
  count: number;
  /** Commit-to-ack lag of each row, in milliseconds. */
  lagsMs: number[];
}

export interface OutboxBacklog {
  unsent: number;
  oldestUnsentSeconds: number;
}

interface OutboxRow {
  position: string;
  id: string;
  aggregate_type: string;
  aggregate_id: string;
  type: string;
  sequence: string;
  payload: string;
  dataschema: string;
  source: string;
  occurred_at: Date;
  traceparent: string | null;
}

// Same key in every registry database: only one relay per database may publish at a time,
// otherwise two relays could interleave one subject's events.
const LEADER_LOCK_KEY = 727_001;

/**
 * Publishes outbox rows to `registry.<aggregateType>` as binary-mode CloudEvents, in position
 * order (so in sequence order per subject), marking them sent only after the broker's ack.
 */
export class OutboxRelay {
  private readonly pool: pg.Pool;
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private listener: pg.Client | undefined;
  private leader = false;
  private running = false;
  private wake: (() => void) | undefined;
  /** Set by NOTIFY; cleared when a batch query starts, so no commit waits for the next poll. */
  private notified = false;
  private loop: Promise<void> | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly retentionMs: number;
  private readonly pruneIntervalMs: number;

  constructor(private readonly options: OutboxRelayOptions) {
    this.pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
    this.pool.on('error', (err) => this.report(err));
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'outbox-relay',
      brokers: options.kafkaBrokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
    });
    this.batchSize = options.batchSize ?? 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.retentionMs = options.retentionMs ?? 60 * 60 * 1000;
    this.pruneIntervalMs = options.pruneIntervalMs ?? 60 * 1000;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
    this.pruneTimer = setInterval(() => {
      if (this.leader) this.prune().catch((err: unknown) => this.report(err));
    }, this.pruneIntervalMs);
    this.pruneTimer.unref();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.pruneTimer);
    this.wake?.();
    await this.loop;
    await this.dropListener();
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
    await this.pool.end();
  }

  /** Unsent rows and the age of the oldest: the backlog the platform team watches. */
  async backlog(): Promise<OutboxBacklog> {
    const r = await this.pool.query<{ unsent: string; oldest: number | null }>(
      `select count(*) as unsent, extract(epoch from now() - min(occurred_at))::float8 as oldest
         from outbox where sent_at is null`,
    );
    return { unsent: Number(r.rows[0]?.unsent ?? 0), oldestUnsentSeconds: r.rows[0]?.oldest ?? 0 };
  }

  /** Deletes sent rows older than the retention, in chunks so it never holds long locks. */
  async prune(): Promise<number> {
    let total = 0;
    for (;;) {
      const r = await this.pool.query(
        `delete from outbox where position in (
           select position from outbox where sent_at < now() - make_interval(secs => $1) limit 5000)`,
        [this.retentionMs / 1000],
      );
      total += r.rowCount ?? 0;
      if ((r.rowCount ?? 0) < 5000) return total;
    }
  }

  private async run(): Promise<void> {
    let backoffMs = 100;
    while (this.running) {
      try {
        if (!this.leader && !(await this.becomeLeader())) {
          await this.sleep(this.pollIntervalMs);
          continue;
        }
        const published = await this.publishBatch();
        backoffMs = 100;
        if (published < this.batchSize && !this.notified) await this.sleep(this.pollIntervalMs);
      } catch (err) {
        this.report(err);
        // The broker or the database is away: keep the rows, back off, try again.
        await this.producer?.disconnect().catch(() => undefined);
        this.producer = undefined;
        await this.sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 5000);
      }
    }
  }

  /** Takes the advisory lock on the LISTEN connection: if this process dies, the lock goes with it. */
  private async becomeLeader(): Promise<boolean> {
    if (!this.listener) {
      const client = new pg.Client({ connectionString: this.options.databaseUrl });
      client.on('error', (err) => {
        this.report(err);
        void this.dropListener();
      });
      client.on('notification', () => {
        this.notified = true;
        this.wake?.();
      });
      await client.connect();
      this.listener = client;
    }
    const r = await this.listener.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [LEADER_LOCK_KEY]);
    if (!r.rows[0]?.ok) return false;
    await this.listener.query(`listen ${OUTBOX_CHANNEL}`);
    this.leader = true;
    return true;
  }

  private async dropListener(): Promise<void> {
    const client = this.listener;
    this.listener = undefined;
    this.leader = false;
    await client?.end().catch(() => undefined);
  }

  private async connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  private async publishBatch(): Promise<number> {
    this.notified = false;
    const { rows } = await this.pool.query<OutboxRow>(
      `select position, id, aggregate_type, aggregate_id, type, sequence, payload::text as payload,
              dataschema, source, occurred_at, traceparent
         from outbox where sent_at is null order by position limit $1`,
      [this.batchSize],
    );
    if (rows.length === 0) return 0;
    const producer = await this.connectedProducer();
    const topicMessages = toTopicMessages(rows);
    await sendTraced(topicMessages, rows, () => producer.sendBatch({ topicMessages, acks: -1 }));
    const ackedAt = Date.now();
    await this.pool.query('update outbox set sent_at = now() where position = any($1::bigint[])', [
      rows.map((r) => r.position),
    ]);
    this.options.onPublished?.({ count: rows.length, lagsMs: rows.map((r) => ackedAt - r.occurred_at.getTime()) });
    return rows.length;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private report(err: unknown): void {
    this.options.onError?.(err);
  }
}

/**
 * One PRODUCER span per event, each a child of the writer's span stored in the outbox row, so a
 * trace runs from the officer's request through Kafka to every consumer. The spans' contexts go
 * into the messages' headers before the batch is sent, and end when the broker acknowledges it.
 */
async function sendTraced(topicMessages: TopicMessages[], rows: readonly OutboxRow[], send: () => Promise<unknown>): Promise<void> {
  let settle: (err?: unknown) => void = () => undefined;
  const acked = new Promise<void>((resolve, reject) => {
    settle = (err) => (err === undefined ? resolve() : reject(err instanceof Error ? err : new Error(String(err))));
  });
  const rowById = new Map(rows.map((r) => [r.id, r]));
  const spans: Promise<void>[] = [];
  for (const { topic, messages } of topicMessages) {
    for (const message of messages) {
      const headers = message.headers as Record<string, string>;
      const row = rowById.get(headers[CloudEventHeader.id] ?? '')!;
      spans.push(
        withProducerSpan({ topic, messageId: row.id, headers, parent: contextFromTraceparent(row.traceparent) }, () => acked).catch(() => undefined),
      );
      if (headers[TRACEPARENT_HEADER]) headers[CloudEventHeader.traceparent] = headers[TRACEPARENT_HEADER];
    }
  }
  try {
    await send();
    settle();
  } catch (err) {
    settle(err);
    throw err;
  } finally {
    await Promise.all(spans);
  }
}

/** Rows in position order become per-topic message lists that keep that order. */
export function toTopicMessages(rows: readonly OutboxRow[]): TopicMessages[] {
  const byTopic = new Map<string, TopicMessages>();
  for (const row of rows) {
    const [domain = '', entity = ''] = row.aggregate_type.split('.');
    const topic = registryTopic(domain, entity);
    const event: CloudEvent = {
      specversion: '1.0',
      id: row.id,
      source: row.source,
      type: row.type,
      subject: row.aggregate_id,
      time: row.occurred_at.toISOString(),
      dataschema: row.dataschema,
      sequence: Number(row.sequence),
      ...(row.traceparent ? { traceparent: row.traceparent } : {}),
      datacontenttype: 'application/json',
      data: null,
    };
    const record = toKafkaRecord(event);
    // The payload is already JSON text: send it as is rather than parse and re-serialise.
    record.value = Buffer.from(row.payload);
    let entry = byTopic.get(topic);
    if (!entry) {
      entry = { topic, messages: [] };
      byTopic.set(topic, entry);
    }
    entry.messages.push(record);
  }
  return [...byTopic.values()];
}

export type { OutboxRow };
