import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { OutageBroker, testInfrastructure, waitFor, type TestInfrastructure } from '@ndg/testing';
import { OutboxRelay } from '../src/index.js';
import { appendToOutbox } from '../src/outbox-event.js';
import { checkOrder, collect, outboxFixture, writeEvents } from './outbox-fixture.js';

const relayMain = fileURLToPath(new URL('../src/relay-main.js', import.meta.url));

async function unsent(f: { dataSource: { query(sql: string): Promise<{ n: number }[]> } }): Promise<number> {
  const [row] = await f.dataSource.query('select count(*)::int as n from outbox where sent_at is null');
  return row?.n ?? -1;
}

describe('OutboxRelay against the real broker and database', { timeout: 170_000 }, () => {
  let infra: TestInfrastructure;
  before(async () => {
    infra = await testInfrastructure();
  });
  after(() => infra.cleanup());

  it('publishes each row as a binary-mode CloudEvent keyed by subject, in sequence order per subject', async () => {
    const f = await outboxFixture(infra, 'relay_basic');
    const relay = new OutboxRelay({ databaseUrl: f.databaseUrl, kafkaBrokers: infra.brokers, batchSize: 7 });
    const seen = await collect(infra.kafka, f.topic);
    try {
      await writeEvents(f, 60, 4);
      relay.start();
      await waitFor(() => (seen.events.length >= 60 ? true : undefined), { what: '60 events', timeoutMs: 30_000 });
      const { unique, duplicates, outOfOrder } = checkOrder(seen.events);
      assert.equal(unique.length, 60);
      assert.equal(duplicates, 0);
      assert.deepEqual(outOfOrder, []);
      const first = unique[0]!;
      assert.match(first.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/, 'UUIDv7 id');
      assert.equal(first.source, '/registries/population');
      assert.equal(first.type, 'population.citizen.name-corrected');
      assert.equal(first.dataschema, 'https://schemas.ndg.gov.vn/population/citizen-name-corrected.v1.schema.json');
      assert.ok(!Number.isNaN(Date.parse(first.time)));
      assert.equal(first.traceparent, '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
      assert.deepEqual((first.data as { changedFields: string[] }).changedFields, ['fullName']);
      assert.equal(await unsent(f), 0, 'every row marked sent after the ack');
    } finally {
      await seen.stop();
      await relay.stop();
      await f.close();
    }
  });

  it('rolls the event back with the change: no change without its event, no event without its change', async () => {
    const f = await outboxFixture(infra, 'relay_rollback');
    await f.dataSource.query('create table probe (id text primary key)');
    await assert.rejects(
      f.dataSource.transaction(async (tx) => {
        await tx.query('insert into probe values ($1)', ['x']);
        await appendToOutbox(tx, {
          aggregateType: f.aggregateType,
          subject: 'x',
          type: 'population.citizen.registered',
          sequence: 1,
          data: {},
          dataschema: 'https://schemas.ndg.gov.vn/population/citizen-registered.v1.schema.json',
          source: '/registries/population',
        });
        throw new Error('officer cancelled');
      }),
      /officer cancelled/,
    );
    const [rows] = await f.dataSource.query('select (select count(*) from probe)::int as p, (select count(*) from outbox)::int as o');
    assert.deepEqual(rows, { p: 0, o: 0 });
    await f.close();
  });

  it('lets only one of several relays publish, so no subject is interleaved', async () => {
    const f = await outboxFixture(infra, 'relay_many');
    const relays = [1, 2, 3].map(
      () => new OutboxRelay({ databaseUrl: f.databaseUrl, kafkaBrokers: infra.brokers, batchSize: 5, pollIntervalMs: 100 }),
    );
    const seen = await collect(infra.kafka, f.topic);
    try {
      relays.forEach((r) => r.start());
      await writeEvents(f, 80, 5);
      await waitFor(() => (seen.events.length >= 80 ? true : undefined), { what: '80 events', timeoutMs: 30_000 });
      assert.equal(relays.filter((r) => r.isLeader).length, 1);
      const { unique, duplicates, outOfOrder } = checkOrder(seen.events);
      assert.equal(unique.length, 80);
      assert.equal(duplicates, 0);
      assert.deepEqual(outOfOrder, []);
    } finally {
      await seen.stop();
      await Promise.all(relays.map((r) => r.stop()));
      await f.close();
    }
  });

  it('loses nothing and keeps order when the relay process is killed mid-batch and restarted', async () => {
    const f = await outboxFixture(infra, 'relay_kill');
    await writeEvents(f, 1500, 10);
    const env = { ...process.env, DATABASE_URL: f.databaseUrl, KAFKA_BROKERS: infra.brokers.join(','), OUTBOX_BATCH_SIZE: '25' };
    const children: ChildProcess[] = [];
    const startRelay = () => {
      const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', relayMain], { env, stdio: ['ignore', 'ignore', 'inherit'] });
      children.push(child);
      return child;
    };
    const stopped = (child: ChildProcess) =>
      child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));
    const seen = await collect(infra.kafka, f.topic);
    try {
      const first = startRelay();
      // Kill it while it is part-way through the backlog: some rows sent, most not.
      await waitFor(async () => ((await unsent(f)) < 1400 ? true : undefined), { what: 'relay progress', intervalMs: 5, timeoutMs: 30_000 });
      first.kill('SIGKILL');
      await stopped(first);
      const left = await unsent(f);
      assert.ok(left > 0, `the kill came mid-stream (${left} rows unsent)`);

      const second = startRelay();
      await waitFor(async () => ((await unsent(f)) === 0 ? true : undefined), { what: 'backlog drained', timeoutMs: 60_000 });
      second.kill('SIGTERM');
      await stopped(second);
      await waitFor(() => (new Set(seen.events.map((e) => e.id)).size >= 1500 ? true : undefined), {
        what: 'all events consumed',
        timeoutMs: 30_000,
      });
      const { unique, outOfOrder } = checkOrder(seen.events);
      assert.equal(unique.length, 1500, 'no event lost');
      assert.deepEqual(outOfOrder, [], 'first delivery of every event is in sequence order per subject');
    } finally {
      for (const child of children) child.kill('SIGKILL');
      await Promise.all(children.map(stopped));
      await seen.stop();
      await f.close();
    }
  });

  it('keeps writes committing through a broker outage and publishes all of them, once, when it returns', async () => {
    const broker = await OutageBroker.start();
    const kafka = new Kafka({ clientId: 'outage-test', brokers: broker.brokers, logLevel: logLevel.NOTHING });
    const f = await outboxFixture(infra, 'relay_outage');
    const relay = new OutboxRelay({ databaseUrl: f.databaseUrl, kafkaBrokers: broker.brokers, batchSize: 50, pollIntervalMs: 200 });
    relay.start();
    try {
      await broker.down();
      await writeEvents(f, 100, 7);
      assert.equal(await unsent(f), 100, 'all 100 writes committed while Kafka was down');
      await broker.up();
      await waitFor(async () => ((await unsent(f)) === 0 ? true : undefined), { what: 'backlog drained', timeoutMs: 60_000 });
      const seen = await collect(kafka, f.topic);
      try {
        await waitFor(() => (seen.events.length >= 100 ? true : undefined), { what: '100 events', timeoutMs: 30_000 });
        const { unique, duplicates, outOfOrder } = checkOrder(seen.events);
        assert.equal(unique.length, 100);
        assert.equal(duplicates, 0, 'none twice');
        assert.deepEqual(outOfOrder, []);
      } finally {
        await seen.stop();
      }
    } finally {
      await relay.stop();
      await f.close();
      await broker.down();
    }
  });
});
