#!/usr/bin/env node
// npm run bench:outbox — committed writes/s with and without the outbox row, relayed events/s
// against a raw kafkajs producer sending the same messages, and commit→broker-ack lag (p50/p99),
// all measured in one run on this machine. Uses the real Kafka and PostgreSQL of `infra:up`.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { ensureDatabase, dropDatabase, withDatabase } from '@ndg/database';
import { DataSource } from 'typeorm';
import { CreateOutbox1763900000000, OutboxRelay, appendToOutbox } from '@ndg/outbox';
import { infraUp } from '../infra/infra.mjs';

const WRITES = Number(process.env.BENCH_WRITES ?? 4000);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 50_000);
const CONCURRENCY = 8;

const pct = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

let run = 0;
async function timedWrites(pool, withOutbox, aggregateType) {
  const latencies = [];
  const runId = run++;
  let next = 0;
  const worker = async () => {
    const client = await pool.connect();
    try {
      while (next < WRITES) {
        const i = next++;
        const t0 = performance.now();
        await client.query('begin');
        await client.query('insert into probe (id, data) values ($1, $2::jsonb)', [`${runId}-${i}`, JSON.stringify({ i, fullName: 'Nguyễn Văn An' })]);
        if (withOutbox) {
          await appendToOutbox(client, {
            aggregateType,
            subject: String(i % 500).padStart(12, '0'),
            type: 'population.citizen.name-corrected',
            sequence: runId * 1000 + Math.floor(i / 500) + 1,
            data: { i, fullName: 'Nguyễn Văn An', changedFields: ['fullName'] },
            dataschema: 'https://schemas.ndg.gov.vn/population/citizen-name-corrected.v1.schema.json',
            source: '/registries/population',
          });
        }
        await client.query('commit');
        latencies.push(performance.now() - t0);
      }
    } finally {
      client.release();
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - t0) / 1000;
  return { perSecond: WRITES / seconds, p50: pct(latencies, 50), p99: pct(latencies, 99) };
}

async function main() {
  const { kafka: k, postgres } = await infraUp();
  const url = withDatabase(postgres.url, `bench_outbox_${Date.now().toString(36)}`);
  await ensureDatabase(url);
  const ds = new DataSource({ type: 'postgres', url, migrations: [CreateOutbox1763900000000], migrationsRun: true });
  await ds.initialize();
  await ds.query('create table probe (id text primary key, data jsonb not null)');
  await ds.destroy();
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY + 2 });
  const suffix = Date.now().toString(36);
  const aggregateType = `bench${suffix}.citizen`;
  const topic = `registry.${aggregateType}`;
  const kafka = new Kafka({ clientId: 'bench', brokers: k.brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }, { topic: `${topic}.raw`, numPartitions: 3 }], waitForLeaders: true });
  const rows = [];
  try {
    // 1. Writes: the cost of the outbox row in the same transaction.
    const plain = await timedWrites(pool, false, aggregateType);
    const outbox = await timedWrites(pool, true, aggregateType);
    rows.push(['committed writes, record only (baseline)', plain.perSecond, plain.p50, plain.p99, 1]);
    rows.push(['committed writes, record + outbox row', outbox.perSecond, outbox.p50, outbox.p99, outbox.perSecond / plain.perSecond]);
    await pool.query('delete from outbox');

    // 2. Relay throughput over a backlog, against a raw producer sending the same bytes.
    await pool.query(
      `insert into outbox (id, aggregate_type, aggregate_id, type, sequence, payload, dataschema, source)
         select gen_random_uuid(), $1, lpad((g % 5000)::text, 12, '0'), 'population.citizen.name-corrected', g / 5000 + 1,
                jsonb_build_object('n', g, 'fullName', 'Trần Thị Bích Ngọc', 'changedFields', jsonb_build_array('fullName')),
                'https://schemas.ndg.gov.vn/population/citizen-name-corrected.v1.schema.json', '/registries/population'
           from generate_series(0, $2::int - 1) g`,
      [aggregateType, BACKLOG],
    );
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const payload = Buffer.from(JSON.stringify({ n: 1, fullName: 'Trần Thị Bích Ngọc', changedFields: ['fullName'] }));
    const rawBatches = [];
    const rawStart = performance.now();
    for (let sent = 0; sent < BACKLOG; sent += 1000) {
      const t0 = performance.now();
      await producer.sendBatch({
        acks: -1,
        topicMessages: [
          {
            topic: `${topic}.raw`,
            messages: Array.from({ length: Math.min(1000, BACKLOG - sent) }, (_, i) => ({
              key: String((sent + i) % 5000).padStart(12, '0'),
              value: payload,
              headers: { ce_id: randomUUID(), ce_type: 'population.citizen.name-corrected' },
            })),
          },
        ],
      });
      rawBatches.push(performance.now() - t0);
    }
    const rawSeconds = (performance.now() - rawStart) / 1000;
    await producer.disconnect();

    const batchTimes = [];
    let last = performance.now();
    const relay = new OutboxRelay({
      databaseUrl: url,
      kafkaBrokers: k.brokers,
      batchSize: 1000,
      onPublished: () => {
        const now = performance.now();
        batchTimes.push(now - last);
        last = now;
      },
    });
    const relayStart = performance.now();
    last = relayStart;
    relay.start();
    for (;;) {
      const { rows: r } = await pool.query('select count(*)::int as n from outbox where sent_at is null');
      if (r[0].n === 0) break;
      await new Promise((res) => setTimeout(res, 20));
    }
    const relaySeconds = (performance.now() - relayStart) / 1000;
    rows.push(['raw producer, 1000-message batches, acks=all (baseline)', BACKLOG / rawSeconds, pct(rawBatches, 50), pct(rawBatches, 99), 1]);
    rows.push(['outbox relay draining a backlog', BACKLOG / relaySeconds, pct(batchTimes, 50), pct(batchTimes, 99), BACKLOG / relaySeconds / (BACKLOG / rawSeconds)]);
    await relay.stop();

    // 3. Lag from commit to the broker's ack, with writers and the relay running together.
    const lags = [];
    const live = new OutboxRelay({ databaseUrl: url, kafkaBrokers: k.brokers, onPublished: (b) => lags.push(...b.lagsMs) });
    live.start();
    await new Promise((res) => setTimeout(res, 500));
    const liveWrites = await timedWrites(pool, true, aggregateType);
    for (let i = 0; i < 200 && lags.length < WRITES; i++) await new Promise((res) => setTimeout(res, 50));
    await live.stop();
    rows.push([`commit → broker ack lag under ${fmt(liveWrites.perSecond)} writes/s (ms per event)`, lags.length, pct(lags, 50), pct(lags, 99), NaN]);
  } finally {
    await admin.deleteTopics({ topics: [topic, `${topic}.raw`] }).catch(() => undefined);
    await admin.disconnect();
    await pool.end();
    await dropDatabase(url);
  }

  console.log(`\n## bench:outbox — ${WRITES} writes × ${CONCURRENCY} connections, backlog ${fmt(BACKLOG)} events, ${new Date().toISOString()}\n`);
  console.log('| measurement | per second (or events) | p50 ms | p99 ms | ratio to baseline |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [name, rate, p50, p99, ratio] of rows) {
    console.log(`| ${name} | ${fmt(rate)} | ${fmt(p50, 2)} | ${fmt(p99, 2)} | ${Number.isNaN(ratio) ? '—' : fmt(ratio, 2)} |`);
  }
  console.log('\np50/p99 columns: per transaction for writes, per 1000-event batch for the producer and relay, per event for lag.');
}

await main();
process.exit(0);
