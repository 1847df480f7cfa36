import type pg from 'pg';
import type { IHeaders, Producer } from 'kafkajs';
import { QuarantineHeader } from './feed-headers.js';
import type { KafkaPosition } from './feed-types.js';

/** One header as stored: its name and its exact bytes (Kafka headers are bytes and may repeat). */
export interface StoredHeader {
  readonly key: string;
  readonly value: string;
}

/** kafkajs headers → name + base64 of the exact bytes, repeats kept in order. */
export function storeHeaders(headers: IHeaders | undefined): StoredHeader[] {
  const out: StoredHeader[] = [];
  for (const [key, raw] of Object.entries(headers ?? {})) {
    if (raw === undefined) continue;
    for (const v of Array.isArray(raw) ? raw : [raw])
      out.push({ key, value: (typeof v === 'string' ? Buffer.from(v) : v).toString('base64') });
  }
  return out;
}

/** Stored headers → kafkajs headers with the original bytes. */
export function restoreHeaders(stored: readonly StoredHeader[]): Record<string, Buffer | Buffer[]> {
  const out: Record<string, Buffer | Buffer[]> = {};
  for (const { key, value } of stored) {
    const bytes = Buffer.from(value, 'base64');
    const existing = out[key];
    out[key] = existing === undefined ? bytes : [...(Array.isArray(existing) ? existing : [existing]), bytes];
  }
  return out;
}

/** A record that broke its contract, as it arrived. */
export interface QuarantineInput {
  readonly at: KafkaPosition;
  readonly reason: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders | undefined;
}

/**
 * Parks a broken record in the `quarantined_event` table and on the quarantine topic: the original
 * key, value and headers byte for byte, plus the reason and origin headers. Both are durable before
 * the caller's offset commit; a redelivered record is stored once (keyed by topic, partition, offset)
 * and may appear twice on the topic.
 */
export class QuarantineStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly producer: () => Promise<Producer>,
    private readonly topic: string,
  ) {}

  async park(input: QuarantineInput): Promise<void> {
    await this.pool.query(
      `insert into quarantined_event (topic, kafka_partition, kafka_offset, reason, headers, key, value)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict (topic, kafka_partition, kafka_offset) do nothing`,
      [
        input.at.topic,
        input.at.partition,
        input.at.offset,
        input.reason,
        JSON.stringify(storeHeaders(input.headers)),
        input.key,
        input.value,
      ],
    );
    const producer = await this.producer();
    await producer.send({
      topic: this.topic,
      acks: -1,
      messages: [
        {
          key: input.key,
          value: input.value,
          headers: {
            ...input.headers,
            [QuarantineHeader.reason]: input.reason,
            [QuarantineHeader.origin]: `${input.at.topic}/${input.at.partition}/${input.at.offset}`,
          },
        },
      ],
    });
  }
}
