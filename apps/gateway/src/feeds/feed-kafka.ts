import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import type { FeedsConfig } from '../config/gateway.config.js';

/** The gateway's Kafka client for feeds: one idempotent producer and one admin, connected on first use. */
export class FeedKafka {
  readonly kafka: Kafka;
  private producerReady: Promise<Producer> | undefined;
  private adminReady: Promise<Admin> | undefined;
  private readonly created = new Set<string>();

  constructor(config: FeedsConfig) {
    this.kafka = new Kafka({
      clientId: 'gateway-feeds',
      brokers: [...config.kafkaBrokers],
      // Broker trouble shows in /metrics (lag) and in retries, not as a stack trace per attempt.
      logLevel: logLevel.NOTHING,
      retry: { retries: 5 },
      connectionTimeout: 3000,
    });
  }

  producer(): Promise<Producer> {
    this.producerReady ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: true,
      });
      await producer.connect();
      return producer;
    })().catch((err: unknown) => {
      this.producerReady = undefined;
      throw err;
    });
    return this.producerReady;
  }

  admin(): Promise<Admin> {
    this.adminReady ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((err: unknown) => {
      this.adminReady = undefined;
      throw err;
    });
    return this.adminReady;
  }

  /** Creates topics that do not exist yet (3 partitions locally; production topics are provisioned). */
  async ensureTopics(topics: readonly string[]): Promise<void> {
    const missing = topics.filter((t) => !this.created.has(t));
    if (missing.length === 0) return;
    const admin = await this.admin();
    const existing = new Set(await admin.listTopics());
    const toCreate = missing.filter((t) => !existing.has(t));
    if (toCreate.length > 0) {
      try {
        await admin.createTopics({
          topics: toCreate.map((topic) => ({ topic, numPartitions: 3 })),
          waitForLeaders: true,
        });
      } catch (err) {
        // Another replica (or the registry) created it first.
        if (!/exist/i.test((err as Error).message)) throw err;
      }
    }
    for (const t of missing) this.created.add(t);
  }

  /** partition → end offset (the offset the next record will get). */
  async endOffsets(topic: string): Promise<Record<string, string>> {
    await this.ensureTopics([topic]);
    const admin = await this.admin();
    const offsets = await admin.fetchTopicOffsets(topic);
    return Object.fromEntries(offsets.map((o) => [String(o.partition), o.high]));
  }

  async close(): Promise<void> {
    const producer = this.producerReady;
    const admin = this.adminReady;
    this.producerReady = undefined;
    this.adminReady = undefined;
    await (await producer?.catch(() => undefined))?.disconnect().catch(() => undefined);
    await (await admin?.catch(() => undefined))?.disconnect().catch(() => undefined);
  }
}
