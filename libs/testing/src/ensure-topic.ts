import type { Admin } from 'kafkajs';

/**
 * Creates the topic if needed and waits until every partition has a leader in the metadata. When
 * another client creates it at the same moment (a registry's relay, another suite), createTopics
 * returns at once and a consumer subscribing right after would fail with UNKNOWN_TOPIC_OR_PARTITION.
 */
export async function ensureTopic(
  admin: Admin,
  topic: string,
  partitions = 3,
  timeoutMs = 20_000,
): Promise<void> {
  await admin
    .createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true })
    .catch(() => false);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const meta = await admin.fetchTopicMetadata({ topics: [topic] });
      const parts = meta.topics[0]?.partitions ?? [];
      if (parts.length > 0 && parts.every((p) => p.leader >= 0)) return;
    } catch {
      /* not there yet */
    }
    if (Date.now() > deadline) throw new Error(`topic ${topic} has no leaders after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
