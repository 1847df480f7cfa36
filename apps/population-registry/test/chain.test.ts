// Proves the chain every later feature stands on: TypeORM writes to the real Postgres, and
// kafkajs round-trips a message through the real broker.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { testInfrastructure, waitFor, type TestInfrastructure } from '@ndg/testing';

@Entity('chain_probe')
class ChainProbe {
  @PrimaryColumn('text') id!: string;
  @Column('text') fullName!: string;
}

describe('TypeORM → Postgres and Kafka round trip', () => {
  let infra: TestInfrastructure;
  let dataSource: DataSource;
  before(async () => {
    infra = await testInfrastructure();
    const db = await infra.freshDatabase('chain');
    // A throwaway schema for this test only: real services use migrations.
    dataSource = new DataSource({ type: 'postgres', url: db.url, entities: [ChainProbe], synchronize: true });
    await dataSource.initialize();
  });
  after(async () => {
    await dataSource?.destroy();
    await infra.cleanup();
  });

  it('writes a row, publishes it, and consumes the same bytes back', async () => {
    const repo = dataSource.getRepository(ChainProbe);
    await repo.save({ id: '001203004567', fullName: 'Nguyễn Thị Minh Khai' });
    const stored = await repo.findOneByOrFail({ id: '001203004567' });
    assert.equal(stored.fullName, 'Nguyễn Thị Minh Khai');

    const topic = await infra.uniqueTopic('chain.probe');
    const producer = infra.kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({
      topic,
      messages: [{ key: stored.id, value: JSON.stringify(stored), headers: { ce_id: 'probe-1' } }],
    });
    await producer.disconnect();

    const consumer = infra.kafka.consumer({ groupId: `${topic}.g` });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const received: { key: string; value: unknown; ceId: string }[] = [];
    await consumer.run({
      eachMessage: async ({ message }) => {
        received.push({
          key: message.key?.toString() ?? '',
          value: JSON.parse(message.value?.toString() ?? 'null'),
          ceId: message.headers?.['ce_id']?.toString() ?? '',
        });
      },
    });
    try {
      await waitFor(() => (received.length > 0 ? received : undefined), { what: 'the message back' });
    } finally {
      await consumer.disconnect();
    }
    assert.deepEqual(received, [
      {
        key: '001203004567',
        value: { id: '001203004567', fullName: 'Nguyễn Thị Minh Khai' },
        ceId: 'probe-1',
      },
    ]);
  });
});
