/** How a request ended; only `allowed` means data (or a verify answer) left the gateway. */
export type AuditOutcome = 'allowed' | 'denied' | 'not-found' | 'out-of-scope' | 'error';

/** What the gateway did for an agency. */
export type AuditOperation = 'lookup' | 'verify' | 'subscribe';

/** One decision as the gateway reports it; the writer adds seq and hashes. */
export interface AuditRecord {
  readonly agency: string;
  readonly officer: string;
  readonly purpose: string;
  readonly caseRef: string;
  readonly dataset: string;
  /** Record id asked about; null for requests that name none (e.g. a feed subscription). */
  readonly subject: string | null;
  readonly operation: AuditOperation;
  readonly fieldsDisclosed: readonly string[];
  readonly grantId: string | null;
  readonly outcome: AuditOutcome;
  /** Denial or error code, e.g. `POLICY.PURPOSE_NOT_GRANTED`; null when allowed. */
  readonly reason: string | null;
  readonly traceId: string;
  /** ISO 8601 instant; stored and hashed as `Date#toISOString()` (UTC, milliseconds). */
  readonly at: string;
}

/** The part of an entry its hash covers: the record plus its position in the chain. */
export interface AuditEntryContent extends AuditRecord {
  /** 1, 2, 3, … without gaps; a safe integer (2^53 entries is beyond any retention period). */
  readonly seq: number;
}

/** An entry as stored: hash = SHA-256(prevHash + canonicalise(content)). */
export interface AuditEntry extends AuditEntryContent {
  readonly prevHash: string;
  readonly hash: string;
}

/** Last seq and hash of a chain; the writer keeps it in `audit_head`. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** What a tampered chain looks like at its first bad record. */
export type ChainProblem = 'edited' | 'inserted' | 'deleted' | 'reordered';

/** Outcome of verifying a chain; `firstBadSeq` is the seq of the first record that is wrong or missing. */
export type ChainVerification =
  | { readonly ok: true; readonly count: number }
  | {
      readonly ok: false;
      readonly firstBadSeq: number;
      readonly problem: ChainProblem;
      readonly detail: string;
    };
