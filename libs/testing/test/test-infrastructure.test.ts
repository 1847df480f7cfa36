import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { testInfrastructure, type TestInfrastructure } from '../src/index.js';

describe('test harness against the real Kafka and Postgres', () => {
  let infra: TestInfrastructure;
  before(async () => {
    infra = await testInfrastructure();
  });
  after(() => infra.cleanup());

  it('gives each call an empty database of its own', async () => {
    const a = await infra.freshDatabase('a');
    const b = await infra.freshDatabase('b');
    assert.notEqual(a.name, b.name);
    const client = new pg.Client({ connectionString: a.url });
    await client.connect();
    try {
      const tables = await client.query("select count(*)::int as n from information_schema.tables where table_schema = 'public'");
      assert.equal(tables.rows[0].n, 0);
      const db = await client.query('select current_database() as name');
      assert.equal(db.rows[0].name, a.name);
    } finally {
      await client.end();
    }
  });

  it('creates unique topics and removes them and the databases on cleanup', async () => {
    const other = await testInfrastructure();
    const topic = await other.uniqueTopic('harness.check', 2);
    const db = await other.freshDatabase('gone');
    const admin = infra.kafka.admin();
    await admin.connect();
    try {
      const meta = await admin.fetchTopicMetadata({ topics: [topic] });
      assert.equal(meta.topics[0]?.partitions.length, 2);
      await other.cleanup();
      const topics = await admin.listTopics();
      assert.ok(!topics.includes(topic), 'topic deleted');
    } finally {
      await admin.disconnect();
    }
    const probe = new pg.Client({ connectionString: infra.postgresUrl });
    await probe.connect();
    try {
      const r = await probe.query('select 1 from pg_database where datname = $1', [db.name]);
      assert.equal(r.rowCount, 0, 'database dropped');
    } finally {
      await probe.end();
    }
  });
});
