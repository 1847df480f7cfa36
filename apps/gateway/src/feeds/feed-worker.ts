import { Logger } from '@nestjs/common';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { withConsumerSpan } from '@ndg/telemetry';
import { RetryingStart } from '@ndg/registry-kit';
import type { FeedsConfig } from '../config/gateway.config.js';
import { checkRegistryEvent } from './feed-event-check.js';
import type { FeedFanOut } from './feed-fan-out.js';
import type { FeedKafka } from './feed-kafka.js';
import type { FeedMetrics } from './feed-metrics.js';
import type { QuarantineStore } from './quarantine.js';

/**
 * Ingress: consumes the registry topics in one consumer group, checks every event, parks broken ones
 * in quarantine and fans valid ones out to `feed_delivery`. `eachMessage` resolves only after that
 * work is committed in PostgreSQL (and, for quarantine, acknowledged by Kafka), so the offset kafkajs
 * commits afterwards never covers work that could be lost. A record is never dropped silently.
 */
export class FeedWorker {
  private readonly logger = new Logger('FeedWorker');
  private consumer: Consumer | undefined;
  private readonly starter = new RetryingStart(
    () => this.start(),
    async () => {
      await this.consumer?.disconnect();
      this.consumer = undefined;
    },
    (err, delay) =>
      this.logger.warn(
        `cannot consume the registry topics yet (${(err as Error).message}); retrying in ${delay} ms`,
      ),
  );
  private lagTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: FeedsConfig,
    private readonly kafka: FeedKafka,
    private readonly fanOut: FeedFanOut,
    private readonly quarantine: QuarantineStore,
    private readonly metrics: FeedMetrics,
  ) {}

  /** Starts in the background, retrying with backoff while the broker is away: the gateway serves without Kafka. */
  startInBackground(): void {
    this.starter.begin();
    this.lagTimer = setInterval(
      () => void this.refreshLag().catch(() => undefined),
      this.config.lagIntervalMs,
    );
    this.lagTimer.unref();
  }

  /** Resolves once the consumer has joined its group and holds partitions (tests wait for it). */
  async ready(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.joined) {
      if (Date.now() > deadline) throw new Error('the feed worker did not join its group in time');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private joined = false;

  private async start(): Promise<void> {
    const { consumerGroup: groupId, topics } = this.config;
    await this.kafka.ensureTopics([...topics, this.config.quarantineTopic]);
    if (this.config.startAt === 'latest') await this.pinNewGroupToEnd();
    const consumer = this.kafka.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      retry: { retries: 10 },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.joined = true;
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ topic, partition, message }) =>
        withConsumerSpan(
          { topic, group: groupId, partition, offset: message.offset, headers: message.headers },
          () => this.process(topic, partition, message),
        ),
    });
  }

  /**
   * A brand-new group starting at 'latest' gets its position committed before it joins, so no
   * record produced after this point can be skipped. The positions are read back: start-up fails
   * (and is retried) rather than consume from an unknown position. A partition another replica's
   * member already committed for is left alone.
   */
  private async pinNewGroupToEnd(): Promise<void> {
    const admin = await this.kafka.admin();
    const groupId = this.config.consumerGroup;
    const topics = [...this.config.topics];
    const unsetOf = async () =>
      (await admin.fetchOffsets({ groupId, topics })).flatMap(({ topic, partitions }) =>
        partitions.filter((p) => p.offset === '-1').map((p) => ({ topic, partition: p.partition })),
      );
    const unset = await unsetOf();
    for (const topic of new Set(unset.map((u) => u.topic))) {
      const ends = await this.kafka.endOffsets(topic);
      await admin
        .setOffsets({
          groupId,
          topic,
          partitions: unset
            .filter((u) => u.topic === topic)
            .map((u) => ({ partition: u.partition, offset: ends[String(u.partition)] ?? '0' })),
        })
        .catch((err: unknown) =>
          this.logger.warn(`pinning ${groupId} on ${topic}: ${(err as Error).message}`),
        );
    }
    const still = await unsetOf();
    if (still.length > 0) {
      throw new Error(
        `consumer group ${groupId} has no position on ${still.map((u) => `${u.topic}/${u.partition}`).join(', ')}`,
      );
    }
  }

  /** One record: quarantine or fan out; throws only when the work could not be made durable (redelivered). */
  async process(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    const at = { topic, partition, offset: message.offset };
    const checked = checkRegistryEvent(topic, message);
    if (!checked.ok) {
      await this.quarantine.park({
        at,
        reason: checked.reason,
        key: message.key,
        value: message.value,
        headers: message.headers,
      });
      this.metrics.quarantined(topic, checked.code, checked.contract);
      this.logger.warn(`quarantined ${topic}/${partition}/${message.offset}: ${checked.reason}`);
      return;
    }
    await this.fanOut.fanOut(checked.event, checked.dataset, at);
  }

  private async refreshLag(): Promise<void> {
    const admin = await this.kafka.admin();
    const groupId = this.config.consumerGroup;
    const committed = await admin.fetchOffsets({ groupId, topics: [...this.config.topics] });
    for (const { topic, partitions } of committed) {
      const ends = await admin.fetchTopicOffsets(topic);
      for (const end of ends) {
        const done = partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
        const from = done === '-1' ? BigInt(end.low) : BigInt(done);
        const lag = BigInt(end.high) - from;
        this.metrics.lag(groupId, topic, end.partition, Number(lag < 0n ? 0n : lag));
      }
    }
  }

  /** The record in hand finishes (or is redelivered later), then the consumer leaves the group. */
  async stop(): Promise<void> {
    clearInterval(this.lagTimer);
    await this.starter.stop();
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
    this.joined = false;
  }
}
