import type pg from 'pg';
import type { AuditEntry, AuditOperation, AuditOutcome, ChainVerification } from './audit.types.js';
import { ChainVerifier } from './hash-chain.js';

interface AuditRow {
  seq: string;
  agency: string;
  officer: string;
  purpose: string;
  case_ref: string;
  dataset: string;
  subject: string | null;
  operation: string;
  fields_disclosed: string[];
  grant_id: string | null;
  outcome: string;
  reason: string | null;
  trace_id: string;
  at: Date;
  prev_hash: string;
  hash: string;
}

const SELECT_ENTRY = `select seq::text as seq, agency, officer, purpose, case_ref, dataset, subject, operation,
  fields_disclosed, grant_id, outcome, reason, trace_id, at, prev_hash, hash from audit_log`;

function toEntry(row: AuditRow): AuditEntry {
  return {
    seq: Number(row.seq),
    agency: row.agency,
    officer: row.officer,
    purpose: row.purpose,
    caseRef: row.case_ref,
    dataset: row.dataset,
    subject: row.subject,
    operation: row.operation as AuditOperation,
    fieldsDisclosed: row.fields_disclosed,
    grantId: row.grant_id,
    outcome: row.outcome as AuditOutcome,
    reason: row.reason,
    traceId: row.trace_id,
    at: row.at.toISOString(),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Options for {@link verifyAuditLog}. */
export interface VerifyAuditLogOptions {
  /** Rows per keyset page. Default 2000. */
  readonly pageSize?: number;
}

/**
 * Streams `audit_log` in seq order through the chain verifier, in keyset pages inside one
 * REPEATABLE READ snapshot: writers keep appending, but the head and the rows are read as of one
 * instant, so a row committed meanwhile is neither half-seen nor mistaken for a forged append.
 */
export async function verifyAuditLog(
  pool: pg.Pool,
  options: VerifyAuditLogOptions = {},
): Promise<ChainVerification> {
  const pageSize = Math.max(1, options.pageSize ?? 2000);
  const client = await pool.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const head = await client.query<{ seq: string; hash: string }>(
      'select seq::text as seq, hash from audit_head where id = 1',
    );
    const headRow = head.rows[0];
    const verifier = new ChainVerifier(
      headRow ? { head: { seq: Number(headRow.seq), hash: headRow.hash } } : {},
    );
    let after = '0';
    for (;;) {
      const page = await client.query<AuditRow>(
        `${SELECT_ENTRY} where seq > $1 order by audit_log.seq limit $2`,
        [after, pageSize],
      );
      for (const row of page.rows) if (!verifier.push(toEntry(row))) break;
      const last = page.rows.at(-1);
      if (last === undefined || page.rows.length < pageSize || !verifier.healthy) break;
      after = last.seq;
    }
    await client.query('commit');
    return verifier.finish();
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** One access to a citizen's record, as the citizen may see it. */
export interface AccessHistoryItem {
  readonly agency: string;
  readonly dataset: string;
  readonly operation: AuditOperation;
  readonly purpose: string;
  readonly caseRef: string;
  readonly fieldsDisclosed: readonly string[];
  readonly at: string;
  readonly outcome: AuditOutcome;
}

/** A page of history, newest first; pass `nextBefore` back as `before` for the next page. */
export interface AccessHistoryPage {
  readonly items: readonly AccessHistoryItem[];
  readonly nextBefore: string | null;
}

/** Paging for {@link accessHistory}. */
export interface AccessHistoryOptions {
  /** 1–500, default 50. */
  readonly limit?: number;
  /** Opaque cursor from a previous page's `nextBefore`. */
  readonly before?: string;
}

function encodeCursor(at: Date, seq: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), seq]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { at: string; seq: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      typeof parsed[0] === 'string' &&
      typeof parsed[1] === 'string' &&
      /^[0-9]+$/.test(parsed[1])
    ) {
      if (!Number.isNaN(Date.parse(parsed[0]))) return { at: parsed[0], seq: parsed[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new RangeError('invalid history cursor');
}

/**
 * "Who accessed my record": the allowed accesses to a subject, newest first. Denied and failed
 * requests disclosed nothing and stay out. Keyset paging on (at, seq) uses the subject index and
 * never skips entries that share a timestamp.
 */
export async function accessHistory(
  pool: pg.Pool,
  subject: string,
  options: AccessHistoryOptions = {},
): Promise<AccessHistoryPage> {
  const limit = Math.min(500, Math.max(1, Math.trunc(options.limit ?? 50)));
  const cursor = options.before === undefined ? null : decodeCursor(options.before);
  const result = await pool.query<AuditRow>(
    `${SELECT_ENTRY}
     where subject = $1 and outcome = 'allowed'
       and ($2::timestamptz is null or (audit_log.at, audit_log.seq) < ($2::timestamptz, $3::bigint))
     order by audit_log.at desc, audit_log.seq desc
     limit $4`,
    [subject, cursor?.at ?? null, cursor?.seq ?? null, limit + 1],
  );
  const rows = result.rows.slice(0, limit);
  const last = rows.at(-1);
  return {
    items: rows.map((row) => ({
      agency: row.agency,
      dataset: row.dataset,
      operation: row.operation as AuditOperation,
      purpose: row.purpose,
      caseRef: row.case_ref,
      fieldsDisclosed: row.fields_disclosed,
      at: row.at.toISOString(),
      outcome: row.outcome as AuditOutcome,
    })),
    nextBefore: result.rows.length > limit && last !== undefined ? encodeCursor(last.at, last.seq) : null,
  };
}
