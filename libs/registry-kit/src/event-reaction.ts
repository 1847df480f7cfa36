import type { DataSource, EntityManager } from 'typeorm';
import type { Consumer, Kafka } from 'kafkajs';
import { Logger } from '@nestjs/common';
import { getContracts } from '@ndg/contracts';
import { fromKafkaRecord, type CloudEvent } from '@ndg/events';
import { claimEvent } from './processed-events.js';

export interface EventReactionOptions {
  /** Consumer group and processed-events key, e.g. `insurance-registry.citizen-deceased`. */
  name: string;
  topic: string;
  eventTypes: readonly string[];
  /** The effect; runs in the transaction that records the event as processed. */
  handle(event: CloudEvent, tx: EntityManager): Promise<void>;
  /** Attempts before an event is recorded as failed and skipped, so one bad event cannot block the rest. */
  maxAttempts?: number;
}

/**
 * Another registry's events, processed at least once with exactly-once effect: the handler's
 * writes and the event id commit in one transaction, and the offset is committed after it.
 */
export class EventReaction {
  private consumer: Consumer | undefined;
  private readonly attempts = new Map<string, number>();
  private readonly logger: Logger;

  constructor(
    private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly options: EventReactionOptions,
  ) {
    this.logger = new Logger(`EventReaction:${options.name}`);
  }

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: this.options.name, allowAutoTopicCreation: true, retry: { retries: 10 } });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [this.options.topic], fromBeginning: true });
    await consumer.run({ eachMessage: ({ message }) => this.process(message) });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private async process(message: Parameters<typeof fromKafkaRecord>[0]): Promise<void> {
    const parsed = fromKafkaRecord(message);
    if (!parsed.ok) {
      this.logger.warn(`skipping a message with a broken envelope: ${parsed.problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
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
        await this.options.handle(event, tx);
      });
      this.attempts.delete(event.id);
    } catch (err) {
      const attempt = (this.attempts.get(event.id) ?? 0) + 1;
      this.attempts.set(event.id, attempt);
      if (attempt < (this.options.maxAttempts ?? 5)) throw err; // kafkajs redelivers from the uncommitted offset
      this.logger.error(`giving up on event ${event.id} after ${attempt} attempts: ${(err as Error).message}`);
      await this.dataSource.transaction((tx) => claimEvent(tx, this.options.name, event.id, 'failed'));
      this.attempts.delete(event.id);
    }
  }
}
