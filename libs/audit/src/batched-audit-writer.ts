import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import type pg from 'pg';
import {
  AuditSchemaMissingError,
  AuditWriteError,
  AuditWriterClosedError,
  InvalidAuditRecordError,
} from './audit-errors.js';
import type { AuditEntry, AuditRecord } from './audit.types.js';
import { sealEntries } from './hash-chain.js';

/** Tuning for {@link BatchedAuditWriter}. */
export interface BatchedAuditWriterOptions {
  /** Longest an entry waits for companions before its batch is written. Default 2 ms. */
  readonly maxDelayMs?: number;
  /** Most entries in one transaction (16 parameters each; Postgres allows 65535). Default 500. */
  readonly maxBatchSize?: number;
}

interface Pending {
  readonly record: AuditRecord;
  readonly resolve: (entry: AuditEntry) => void;
  readonly reject: (error: Error) => void;
}

const COLUMNS = [
  'seq',
  'agency',
  'officer',
  'purpose',
  'case_ref',
  'dataset',
  'subject',
  'operation',
  'fields_disclosed',
  'grant_id',
  'outcome',
  'reason',
  'trace_id',
  'at',
  'prev_hash',
  'hash',
] as const;

// Two parameters more move the head in the same statement.
const MAX_BATCH = Math.floor((65_535 - 2) / COLUMNS.length);

function nfc(value: string): string {
  return value.normalize('NFC');
}

function nfcOrNull(value: string | null): string | null {
  return value === null ? null : nfc(value);
}

/**
 * Stores text as the verifier will hash it (NFC, `at` as Date#toISOString) so a row read back
 * hashes to the same value it was written with.
 */
function normalise(record: AuditRecord): AuditRecord {
  const at = new Date(record.at);
  if (Number.isNaN(at.getTime()))
    throw new InvalidAuditRecordError(`at is not an instant: ${JSON.stringify(record.at)}`);
  return {
    agency: nfc(record.agency),
    officer: nfc(record.officer),
    purpose: nfc(record.purpose),
    caseRef: nfc(record.caseRef),
    dataset: nfc(record.dataset),
    subject: nfcOrNull(record.subject),
    operation: record.operation,
    fieldsDisclosed: record.fieldsDisclosed.map(nfc),
    grantId: nfcOrNull(record.grantId),
    outcome: record.outcome,
    reason: nfcOrNull(record.reason),
    traceId: nfc(record.traceId),
    at: at.toISOString(),
  };
}

function rowValues(entry: AuditEntry): unknown[] {
  return [
    entry.seq,
    entry.agency,
    entry.officer,
    entry.purpose,
    entry.caseRef,
    entry.dataset,
    entry.subject,
    entry.operation,
    entry.fieldsDisclosed,
    entry.grantId,
    entry.outcome,
    entry.reason,
    entry.traceId,
    entry.at,
    entry.prevHash,
    entry.hash,
  ];
}

/**
 * Appends audit entries with group commit: entries that arrive within `maxDelayMs` (or while the
 * previous batch is committing) go into one transaction with one multi-row INSERT. Each batch locks
 * the chain head row, so replicas sharing the database take turns and extend a single chain.
 *
 * `append` resolves only after COMMIT returned (with `synchronous_commit` forced on), and rejects
 * for every entry of a batch that failed: the gateway must not disclose without its audit record.
 * If the connection drops after the server committed but before the reply, the entry is stored yet
 * the append rejects; the gateway then withholds data that was audited — the safe side.
 */
export class BatchedAuditWriter {
  private readonly maxDelayMs: number;
  private readonly maxBatchSize: number;
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    options: BatchedAuditWriterOptions = {},
  ) {
    this.maxDelayMs = Math.max(0, options.maxDelayMs ?? 2);
    this.maxBatchSize = Math.max(1, Math.min(MAX_BATCH, options.maxBatchSize ?? 500));
  }

  /** Queues a record; resolves with the committed entry (seq and hash) once it is durable. */
  append(record: AuditRecord): Promise<AuditEntry> {
    if (this.closed) return Promise.reject(new AuditWriterClosedError());
    let normalised: AuditRecord;
    try {
      normalised = normalise(record);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise<AuditEntry>((resolve, reject) => {
      this.queue.push({ record: normalised, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when everything queued so far has been written (or has failed). */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.writing !== undefined) {
      if (this.writing === undefined) this.startWriting();
      await this.writing;
    }
  }

  /** Refuses new appends and waits for the queued ones. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private schedule(): void {
    // A batch in flight picks up whatever queued meanwhile as soon as it commits.
    if (this.writing !== undefined) return;
    if (this.queue.length >= this.maxBatchSize || this.maxDelayMs === 0) {
      this.startWriting();
      return;
    }
    this.timer ??= setTimeout(() => this.startWriting(), this.maxDelayMs);
  }

  private startWriting(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.writing !== undefined) return;
    // A batch serves many requests: it is nobody's child in a trace (and costs no spans in theirs).
    this.writing = context
      .with(ROOT_CONTEXT, () => this.drain())
      .finally(() => {
        this.writing = undefined;
        if (this.queue.length > 0) this.schedule();
      });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatchSize);
      try {
        const entries = await this.writeBatch(batch.map((p) => p.record));
        batch.forEach((pending, i) => pending.resolve(entries[i] as AuditEntry));
      } catch (error) {
        const failure = new AuditWriteError(batch.length, error);
        for (const pending of batch) pending.reject(failure);
      }
    }
  }

  private async writeBatch(records: readonly AuditRecord[]): Promise<AuditEntry[]> {
    const client = await this.pool.connect();
    let failed: Error | undefined;
    try {
      // Four round trips a batch: begin, lock the head, insert + move the head, commit.
      await client.query('begin; set local synchronous_commit to on');
      const head = await client.query<{ seq: string; hash: string }>(
        'select seq::text as seq, hash from audit_head where id = 1 for update',
      );
      const row = head.rows[0];
      if (row === undefined) throw new AuditSchemaMissingError();
      const entries = sealEntries({ seq: Number(row.seq), hash: row.hash }, records);
      const last = entries.at(-1) as AuditEntry;
      if (!Number.isSafeInteger(last.seq))
        throw new InvalidAuditRecordError(`seq ${last.seq} is beyond 2^53`);
      const params: unknown[] = [];
      const tuples = entries.map((entry) => {
        const base = params.length;
        params.push(...rowValues(entry));
        return `(${COLUMNS.map((_, i) => `$${base + i + 1}`).join(', ')})`;
      });
      params.push(last.seq, last.hash);
      await client.query(
        `with appended as (insert into audit_log (${COLUMNS.join(', ')}) values ${tuples.join(', ')})
         update audit_head set seq = $${params.length - 1}, hash = $${params.length} where id = 1`,
        params,
      );
      await client.query('commit');
      return entries;
    } catch (error) {
      failed = error as Error;
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      // A connection that failed mid-transaction is in an unknown state: drop it rather than reuse it.
      client.release(failed);
    }
  }
}
