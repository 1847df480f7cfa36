// Shared set-up for the outbox suites: a migrated database, a topic of the suite's own, and a
// consumer that collects what reaches the broker.
import { DataSource } from 'typeorm';
import type { Kafka } from 'kafkajs';
import { fromKafkaRecord, type CloudEvent } from '@ndg/events';
import { uniqueSuffix, type TestInfrastructure } from '@ndg/testing';
import { CreateOutbox1763900000000 } from '../src/index.js';
import { appendToOutbox } from '../src/outbox-event.js';

export interface OutboxFixture {
  dataSource: DataSource;
  databaseUrl: string;
  aggregateType: string;
  topic: string;
  close(): Promise<void>;
}

export async function outboxFixture(infra: TestInfrastructure, label: string): Promise<OutboxFixture> {
  const db = await infra.freshDatabase(label);
  const dataSource = new DataSource({
    type: 'postgres',
    url: db.url,
    migrations: [CreateOutbox1763900000000],
    migrationsRun: true,
  });
  await dataSource.initialize();
  const aggregateType = `t${uniqueSuffix()}.citizen`;
  const topic = `registry.${aggregateType}`;
  await infra.createTopic(topic);
  return { dataSource, databaseUrl: db.url, aggregateType, topic, close: () => dataSource.destroy() };
}

/** Writes `count` events spread over `subjects` subjects, each subject's sequence 1, 2, 3 … */
export async function writeEvents(f: OutboxFixture, count: number, subjects: number, startAt = new Map<string, number>()) {
  const next = startAt;
  for (let i = 0; i < count; i++) {
    const subject = `0010${String(i % subjects).padStart(8, '0')}`;
    const sequence = (next.get(subject) ?? 0) + 1;
    next.set(subject, sequence);
    await f.dataSource.transaction((tx) =>
      appendToOutbox(tx, {
        aggregateType: f.aggregateType,
        subject,
        type: 'population.citizen.name-corrected',
        sequence,
        data: { personalId: subject, fullName: 'Lê Thị Hồng', changedFields: ['fullName'], n: i },
        dataschema: 'https://schemas.ndg.gov.vn/population/citizen-name-corrected.v1.schema.json',
        source: '/registries/population',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      }),
    );
  }
  return next;
}

export interface Collector {
  events: CloudEvent[];
  stop(): Promise<void>;
}

/** Reads the topic from the beginning into memory. */
export async function collect(kafka: Kafka, topic: string): Promise<Collector> {
  const consumer = kafka.consumer({ groupId: `${topic}.collector.${uniqueSuffix()}`, allowAutoTopicCreation: true });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const events: CloudEvent[] = [];
  await consumer.run({
    eachMessage: async ({ message }) => {
      const parsed = fromKafkaRecord(message);
      if (!parsed.ok) throw new Error(`relay produced a broken CloudEvent: ${JSON.stringify(parsed.problems)}`);
      events.push(parsed.event);
    },
  });
  return { events, stop: () => consumer.disconnect() };
}

/** First occurrence of each event id, and whether each subject's sequences run 1, 2, 3 … without gaps. */
export function checkOrder(events: CloudEvent[]): { unique: CloudEvent[]; duplicates: number; outOfOrder: string[] } {
  const seen = new Set<string>();
  const unique: CloudEvent[] = [];
  const last = new Map<string, number>();
  const outOfOrder: string[] = [];
  for (const e of events) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    unique.push(e);
    const expected = (last.get(e.subject) ?? 0) + 1;
    if (e.sequence !== expected) outOfOrder.push(`${e.subject}: got ${e.sequence}, expected ${expected}`);
    last.set(e.subject, e.sequence);
  }
  return { unique, duplicates: events.length - unique.length, outOfOrder };
}
