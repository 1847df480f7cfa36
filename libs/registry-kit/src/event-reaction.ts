import type { DataSource, EntityManager } from 'typeorm';
import type { Consumer, Kafka } from 'kafkajs';
import { Logger } from '@nestjs/common';
import { getContracts } from '@ndg/contracts';
import { fromKafkaRecord, type CloudEvent } from '@ndg/events';
import { METRIC_CONSUMER_LAG, withConsumerSpan, type Metrics } from '@ndg/telemetry';
import { checkSequence, claimEvent } from './processed-events.js';
import { RetryingStart } from './retrying-start.js';

export interface EventReactionOptions {
  /** Consumer group and processed-events key, e.g. `insurance-registry.citizen-deceased`. */
  name: string;
  topic: string;
  eventTypes: readonly string[];
  /** The effect; runs in the transaction that records the event as processed. */
  handle(event: CloudEvent, tx: EntityManager): Promise<void>;
  /** Attempts before an event is recorded as failed and skipped, so one bad event cannot block the rest. */
  maxAttempts?: number;
  /**
   * Apply events older than one already applied for the subject? Off by default: every event
   * carries the full state, so a late older one would roll the effect back.
   */
  applyStale?: boolean;
  /** When given, the group's lag per partition is published as `ndg_consumer_lag` every 10 s. */
  metrics?: Metrics;
}

/**
 * Another registry's events, processed at least once with exactly-once effect: the handler's
 * writes and the event id commit in one transaction, and the offset is committed after it.
 */
export class EventReaction {
  private consumer: Consumer | undefined;
  private readonly attempts = new Map<string, number>();
  private readonly logger: Logger;
  private readonly starter = new RetryingStart(
    () => this.start(),
    async () => {
      await this.consumer?.disconnect();
      this.consumer = undefined;
    },
    (err, delay) =>
      this.logger.warn(
        `cannot consume ${this.options.topic} yet (${(err as Error).message}); retrying in ${delay} ms`,
      ),
  );
  private lagTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly options: EventReactionOptions,
  ) {
    this.logger = new Logger(`EventReaction:${options.name}`);
  }

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.options.name,
      allowAutoTopicCreation: true,
      retry: { retries: 10 },
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [this.options.topic], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ topic, partition, message }) =>
        withConsumerSpan(
          { topic, group: this.options.name, partition, offset: message.offset, headers: message.headers },
          () => this.process(message),
        ),
    });
  }

  /**
   * Starts consuming in the background, retrying with backoff while the broker is away, so a
   * registry starts (and serves) without Kafka.
   */
  startInBackground(): void {
    this.starter.begin();
    if (this.options.metrics) {
      const gauge = this.options.metrics.gauge(METRIC_CONSUMER_LAG, {
        help: 'Records behind the end of the log, per consumer group and partition',
        labelNames: ['group', 'topic', 'partition'],
      });
      this.lagTimer = setInterval(() => {
        this.lag()
          .then((lags) =>
            lags.forEach((l) =>
              gauge.set(
                { group: this.options.name, topic: this.options.topic, partition: String(l.partition) },
                l.lag,
              ),
            ),
          )
          .catch(() => undefined);
      }, 10_000);
      this.lagTimer.unref();
    }
  }

  /** Records between the group's committed offset and the end of each partition. */
  async lag(): Promise<{ partition: number; lag: number }[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const [ends, committed] = await Promise.all([
        admin.fetchTopicOffsets(this.options.topic),
        admin.fetchOffsets({ groupId: this.options.name, topics: [this.options.topic] }),
      ]);
      const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      return ends.map((e) => {
        const at = done.get(e.partition) ?? -1;
        return { partition: e.partition, lag: Math.max(0, Number(e.high) - (at < 0 ? Number(e.low) : at)) };
      });
    } finally {
      await admin.disconnect();
    }
  }

  /** The message in hand finishes (or is redelivered later), then the consumer leaves the group. */
  async stop(): Promise<void> {
    clearInterval(this.lagTimer);
    await this.starter.stop();
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private async process(message: Parameters<typeof fromKafkaRecord>[0]): Promise<void> {
    const parsed = fromKafkaRecord(message);
    if (!parsed.ok) {
      this.logger.warn(
        `skipping a message with a broken envelope: ${parsed.problems.map((p) => `${p.field} ${p.message}`).join('; ')}`,
      );
      return;
    }
    const event = parsed.event;
    if (!this.options.eventTypes.includes(event.type)) return;
    const valid = getContracts().validatorForEvent(event.type).validate(event.data);
    if (!valid.ok) {
      this.logger.warn(`skipping event ${event.id}: data breaks ${event.dataschema}`);
      return;
    }
    try {
      await this.dataSource.transaction(async (tx) => {
        if (!(await claimEvent(tx, this.options.name, event.id))) return;
        const { check, previous } = await checkSequence(tx, this.options.name, event.subject, event.sequence);
        if (check === 'gap')
          this.logger.warn(`gap for ${event.subject}: sequence ${event.sequence} after ${previous}`);
        if (check === 'stale' && !this.options.applyStale) {
          this.logger.warn(
            `stale event ${event.id} for ${event.subject}: sequence ${event.sequence} after ${previous}; skipped`,
          );
          return;
        }
        await this.options.handle(event, tx);
      });
      this.attempts.delete(event.id);
    } catch (err) {
      const attempt = (this.attempts.get(event.id) ?? 0) + 1;
      this.attempts.set(event.id, attempt);
      if (attempt < (this.options.maxAttempts ?? 5)) throw err; // kafkajs redelivers from the uncommitted offset
      this.logger.error(
        `giving up on event ${event.id} after ${attempt} attempts: ${(err as Error).message}`,
      );
      await this.dataSource.transaction((tx) => claimEvent(tx, this.options.name, event.id, 'failed'));
      this.attempts.delete(event.id);
    }
  }
}
