// The three-broker mode the fault tests stand on: real brokers, replication 3,
// min.insync.replicas=2, and a cluster that keeps accepting acks=all writes with one node dead.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { brokersOf, kafkaDown, kafkaPids, kafkaUp, killKafkaNode } from './kafka.mjs';

describe('local Kafka, three-broker mode', { timeout: 170_000 }, () => {
  let startedHere = false;
  let kafka;
  before(async () => {
    startedHere = (await kafkaUp('cluster')).started;
    kafka = new Kafka({ clientId: 'cluster-test', brokers: brokersOf('cluster'), logLevel: logLevel.NOTHING });
  });
  after(async () => {
    if (startedHere) await kafkaDown('cluster');
  });

  it('starts nothing twice', async () => {
    const before = kafkaPids('cluster').map((p) => p.pid);
    const again = await kafkaUp('cluster');
    assert.equal(again.started, false);
    assert.deepEqual(kafkaPids('cluster').map((p) => p.pid), before);
  });

  it('replicates three ways with min.insync.replicas=2 and survives one dead broker', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const topic = `cluster-check-${Date.now()}`;
    try {
      assert.equal((await admin.describeCluster()).brokers.length, 3);
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      const meta = await admin.fetchTopicMetadata({ topics: [topic] });
      assert.equal(meta.topics[0].partitions[0].replicas.length, 3);
      const configs = await admin.describeConfigs({ resources: [{ type: 2, name: topic }], includeSynonyms: false });
      const minIsr = configs.resources[0].configEntries.find((e) => e.configName === 'min.insync.replicas');
      assert.equal(minIsr.configValue, '2');

      // A producer that is already running when a broker dies, as in production.
      const producer = kafka.producer({ idempotent: true, retry: { retries: 30, maxRetryTime: 2000 } });
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'before' }] });
      await killKafkaNode('cluster', 3);
      const [ack] = await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'after' }] });
      await producer.disconnect();
      assert.equal(ack.errorCode, 0);
      await admin.deleteTopics({ topics: [topic] });
    } finally {
      await admin.disconnect();
    }
  });
});
