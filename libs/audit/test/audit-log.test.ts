import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { testInfrastructure, type TestInfrastructure } from '@ndg/testing';
import { migrateAuditSchema } from '../src/audit-schema.js';
import { BatchedAuditWriter } from '../src/batched-audit-writer.js';
import { AuditWriteError } from '../src/audit-errors.js';
import { accessHistory, verifyAuditLog } from '../src/audit-log-reader.js';
import { auditRecord } from './audit-fixtures.js';

const run = promisify(execFile);
const VERIFY_MAIN = fileURLToPath(new URL('../src/verify-main.js', import.meta.url));

describe('audit log on PostgreSQL', () => {
  let infra: TestInfrastructure;
  const pools: pg.Pool[] = [];

  before(async () => {
    infra = await testInfrastructure();
  });
  after(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.end()));
    await infra.cleanup();
  });

  function pooled(url: string): pg.Pool {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    // Idle clients see the server drop the database at cleanup; that is not a test failure.
    pool.on('error', () => undefined);
    pools.push(pool);
    return pool;
  }

  async function database(label: string, migrate = true): Promise<{ url: string; pool: pg.Pool }> {
    const db = await infra.freshDatabase(label);
    const pool = pooled(db.url);
    if (migrate) await migrateAuditSchema(pool);
    return { url: db.url, pool };
  }

  /** A database holding `n` chained entries, its append-only triggers disabled for tampering. */
  async function seeded(label: string, n: number): Promise<{ url: string; pool: pg.Pool }> {
    const db = await database(label);
    const writer = new BatchedAuditWriter(db.pool);
    await Promise.all(Array.from({ length: n }, (_, i) => writer.append(auditRecord(i + 1))));
    await writer.close();
    await db.pool.query('alter table audit_log disable trigger audit_log_append_only');
    return db;
  }

  it('keeps one valid chain when two replicas append concurrently, in group commits', async () => {
    const { url, pool } = await database('replicas');
    const second = pooled(url);
    const writers = [new BatchedAuditWriter(pool), new BatchedAuditWriter(second)];
    const perWriter = 150;
    const appends = [];
    for (let i = 0; i < perWriter; i++) {
      for (const [w, writer] of writers.entries())
        appends.push(writer.append(auditRecord(w * perWriter + i)));
      // Spread arrivals over several batches, as requests would.
      if (i % 25 === 24) await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const entries = await Promise.all(appends);
    await Promise.all(writers.map((writer) => writer.close()));

    const seqs = entries.map((e) => e.seq).sort((a, b) => a - b);
    assert.deepEqual(
      seqs,
      Array.from({ length: 2 * perWriter }, (_, i) => i + 1),
    );
    assert.deepEqual(await verifyAuditLog(pool, { pageSize: 64 }), { ok: true, count: 2 * perWriter });
    const transactions = await pool.query<{ n: number }>(
      'select count(distinct xmin::text)::int as n from audit_log',
    );
    const n = transactions.rows[0]?.n ?? 0;
    assert.ok(
      n < (2 * perWriter) / 4,
      `expected group commits, got ${n} transactions for ${2 * perWriter} entries`,
    );
    const head = await pool.query<{ seq: string }>('select seq::text as seq from audit_head');
    assert.equal(head.rows[0]?.seq, String(2 * perWriter));
  });

  it('rejects every waiting append when the batch cannot be committed', async () => {
    const { pool } = await database('unmigrated', false);
    const writer = new BatchedAuditWriter(pool, { maxDelayMs: 5 });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => writer.append(auditRecord(i))),
    );
    assert.ok(results.every((r) => r.status === 'rejected' && r.reason instanceof AuditWriteError));
    assert.match(String((results[0] as PromiseRejectedResult).reason), /audit_head/);
  });

  it('refuses updates and deletes while the append-only triggers are on', async () => {
    const { pool } = await database('append_only');
    const writer = new BatchedAuditWriter(pool);
    await writer.append(auditRecord(1));
    await writer.close();
    await assert.rejects(pool.query("update audit_log set purpose = 'x' where seq = 1"), /append-only/);
    await assert.rejects(pool.query('delete from audit_log where seq = 1'), /append-only/);
    await assert.rejects(pool.query('truncate audit_log'), /append-only/);
  });

  it('detects an edited row', async () => {
    const { pool } = await seeded('edited', 20);
    await pool.query("update audit_log set fields_disclosed = array['personalId'] where seq = $1", [7]);
    assert.deepEqual(pick(await verifyAuditLog(pool)), { firstBadSeq: 7, problem: 'edited' });
  });

  it('detects a deleted row', async () => {
    const { pool } = await seeded('deleted', 20);
    await pool.query('delete from audit_log where seq = $1', [12]);
    assert.deepEqual(pick(await verifyAuditLog(pool, { pageSize: 5 })), {
      firstBadSeq: 12,
      problem: 'deleted',
    });
  });

  it('detects a forged row', async () => {
    const { pool } = await seeded('inserted', 20);
    await pool.query(
      `insert into audit_log (seq, agency, officer, purpose, case_ref, dataset, subject, operation, fields_disclosed,
         grant_id, outcome, reason, trace_id, at, prev_hash, hash)
       select 21, 'moh', 'ghost', purpose, 'HS-FAKE', dataset, subject, operation, fields_disclosed,
         grant_id, outcome, reason, trace_id, now(), hash, repeat('a', 64)
       from audit_log where seq = 20`,
    );
    assert.deepEqual(pick(await verifyAuditLog(pool)), { firstBadSeq: 21, problem: 'inserted' });
  });

  it('has a CLI that exits 0 on an intact chain and 1 on a broken one', async () => {
    const { url, pool } = await seeded('cli', 20);
    const ok = await run(process.execPath, [VERIFY_MAIN], { env: { ...process.env, DATABASE_URL: url } });
    assert.equal(ok.stdout.trim(), 'audit chain OK: 20 records');
    await pool.query("update audit_log set purpose = 'marketing' where seq = $1", [9]);
    await assert.rejects(
      run(process.execPath, [VERIFY_MAIN], { env: { ...process.env, DATABASE_URL: url } }),
      (error: unknown) => {
        const failure = error as { code: number; stdout: string };
        assert.equal(failure.code, 1);
        assert.equal(failure.stdout.trim(), 'audit chain BROKEN at seq 9: edited');
        return true;
      },
    );
    await assert.rejects(
      run(process.execPath, [VERIFY_MAIN], { env: { ...process.env, DATABASE_URL: '' } }),
      { code: 2 },
    );
  });

  it('lists who accessed a record, newest first, allowed accesses only, page by page', async () => {
    const { pool } = await database('history');
    const writer = new BatchedAuditWriter(pool);
    const subject = '001090000042';
    const at = '2026-06-01T08:00:00.000Z';
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) =>
        writer.append(auditRecord(i, { subject, at, caseRef: `HS/${i}` })),
      ),
      writer.append(
        auditRecord(10, {
          subject,
          outcome: 'denied',
          reason: 'POLICY.PURPOSE_NOT_GRANTED',
          fieldsDisclosed: [],
        }),
      ),
      writer.append(auditRecord(11, { subject: '001090000043' })),
      writer.append(auditRecord(12, { subject, at: '2026-06-02T08:00:00.000Z', caseRef: 'HS/latest' })),
    ]);
    await writer.close();
    const first = await accessHistory(pool, subject, { limit: 4 });
    assert.equal(first.items.length, 4);
    assert.equal(first.items[0]?.caseRef, 'HS/latest');
    assert.deepEqual(Object.keys(first.items[0] ?? {}).sort(), [
      'agency',
      'at',
      'caseRef',
      'dataset',
      'fieldsDisclosed',
      'operation',
      'outcome',
      'purpose',
    ]);
    assert.ok(first.nextBefore);
    const second = await accessHistory(pool, subject, { limit: 4, before: first.nextBefore });
    assert.equal(second.nextBefore, null);
    const all = [...first.items, ...second.items];
    assert.equal(all.length, 6, 'five at the same instant plus the latest; the denial is left out');
    assert.equal(new Set(all.map((item) => item.caseRef)).size, 6);
    assert.ok(all.every((item) => item.outcome === 'allowed'));
    await assert.rejects(accessHistory(pool, subject, { before: 'garbage' }), RangeError);
  });
});

function pick(
  result: Awaited<ReturnType<typeof verifyAuditLog>>,
): { firstBadSeq: number; problem: string } | { ok: true } {
  return result.ok ? { ok: true } : { firstBadSeq: result.firstBadSeq, problem: result.problem };
}
