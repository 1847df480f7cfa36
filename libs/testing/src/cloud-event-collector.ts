import type { Kafka } from 'kafkajs';
import { fromKafkaRecord, type CloudEvent } from '@ndg/events';
import { uniqueSuffix } from './test-infrastructure.js';
import { ensureTopic } from './ensure-topic.js';

export interface CloudEventCollector {
  events: CloudEvent[];
  /** Waits until `predicate` holds over the events collected so far; returns them. */
  until(
    predicate: (events: CloudEvent[]) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<CloudEvent[]>;
  stop(): Promise<void>;
}

/**
 * Reads binary-mode CloudEvents from a topic into memory (from the beginning), keeping those
 * `keep` accepts; suites that share a topic keep only their own subjects.
 */
export async function collectCloudEvents(
  kafka: Kafka,
  topic: string,
  keep: (event: CloudEvent) => boolean = () => true,
): Promise<CloudEventCollector> {
  // Subscribing to a topic that does not exist yet fails; registries' topics appear with the first event.
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopic(admin, topic);
  } finally {
    await admin.disconnect();
  }
  const consumer = kafka.consumer({ groupId: `collector.${uniqueSuffix()}`, allowAutoTopicCreation: true });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
  } catch (err) {
    await consumer.disconnect();
    throw err;
  }
  const events: CloudEvent[] = [];
  await consumer.run({
    eachMessage: async ({ message }) => {
      const parsed = fromKafkaRecord(message);
      if (parsed.ok && keep(parsed.event)) events.push(parsed.event);
    },
  });
  return {
    events,
    async until(predicate, what, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(events)) {
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what}; have ${events.length} events`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return events;
    },
    stop: () => consumer.disconnect(),
  };
}
