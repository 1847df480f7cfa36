import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { dropDatabase, ensureDatabase, postgresServerUrl, withDatabase } from '@ndg/database';
import { migrateAuditSchema } from '../src/audit-schema.js';
import { BatchedAuditWriter } from '../src/batched-audit-writer.js';
import type { BatchedAuditWriterOptions } from '../src/batched-audit-writer.js';
import { verifyAuditLog } from '../src/audit-log-reader.js';
import { auditRecord } from '../test/audit-fixtures.js';

const ENTRIES = Number(process.env['BENCH_ENTRIES'] ?? 4000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 64);

interface Row {
  name: string;
  perSecond: number;
  p50: number;
  p99: number;
  transactions: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** CONCURRENCY request loops append ENTRIES in total, as gateway requests would. */
async function measure(name: string, options: BatchedAuditWriterOptions): Promise<Row> {
  const url = withDatabase(
    postgresServerUrl(),
    `bench_audit_${process.pid}_${name.replace(/\W/g, '_').toLowerCase()}`,
  );
  await ensureDatabase(url);
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  pool.on('error', () => undefined);
  try {
    await migrateAuditSchema(pool);
    const writer = new BatchedAuditWriter(pool, options);
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < ENTRIES) {
          const i = next++;
          const t0 = performance.now();
          await writer.append(auditRecord(i));
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await writer.close();
    const verified = await verifyAuditLog(pool);
    if (!verified.ok || verified.count !== ENTRIES) throw new Error(`${name}: chain not intact`);
    const tx = await pool.query<{ n: number }>('select count(distinct xmin::text)::int as n from audit_log');
    latencies.sort((a, b) => a - b);
    return {
      name,
      perSecond: ENTRIES / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      transactions: tx.rows[0]?.n ?? 0,
    };
  } finally {
    await pool.end();
    await dropDatabase(url);
  }
}

const rows = [
  await measure('one transaction per entry', { maxBatchSize: 1, maxDelayMs: 0 }),
  await measure('batched (group commit, 2 ms)', {}),
];
console.log(`\n${ENTRIES} appends, ${CONCURRENCY} concurrent callers, one writer, local PostgreSQL\n`);
console.log('| writer | appends/s | p50 ms | p99 ms | transactions |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.transactions} |`,
  );
}
