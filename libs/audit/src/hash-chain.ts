import { createHash } from 'node:crypto';
import { canonicalise } from './canonical-json.js';
import type {
  AuditEntry,
  AuditEntryContent,
  ChainHead,
  ChainProblem,
  ChainVerification,
} from './audit.types.js';

/** prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 hex over prevHash followed by the entry's canonical JSON. */
export function chainHash(prevHash: string, entry: AuditEntryContent): string {
  return createHash('sha256').update(prevHash, 'utf8').update(canonicalise(entry), 'utf8').digest('hex');
}

/** Options for verifying a chain or a slice of one. */
export interface VerifyChainOptions {
  /** Verify a suffix: the record before the first one given (default: genesis, seq 0). */
  readonly from?: ChainHead;
  /**
   * The head the writers recorded (`audit_head`). With it, rows appended behind the writers' back
   * count as inserted and rows cut from the end as deleted; without it, a truncated tail is invisible.
   */
  readonly head?: ChainHead;
}

/**
 * How far from its stored seq a record's hash is searched for: a row renumbered to hide a deletion
 * or an insertion still hashes correctly at its original seq, which tells the two apart from an edit.
 */
const RENUMBER_SEARCH = 64;

function hashMatches(entry: AuditEntry, seq: number = entry.seq): boolean {
  return chainHash(entry.prevHash, seq === entry.seq ? entry : { ...entry, seq }) === entry.hash;
}

/** The seq the record was hashed at, when it is near its stored one; undefined when nothing matches. */
function originalSeq(entry: AuditEntry): number | undefined {
  if (hashMatches(entry)) return entry.seq;
  for (let d = 1; d <= RENUMBER_SEARCH; d++) {
    if (hashMatches(entry, entry.seq + d)) return entry.seq + d;
    if (entry.seq - d >= 1 && hashMatches(entry, entry.seq - d)) return entry.seq - d;
  }
  return undefined;
}

/**
 * Incremental verifier for entries in stored (seq) order, so a large table can be streamed through
 * it. It decides about a record only when the next one has arrived: the successor is what tells an
 * edited record (the successor still links to its stored hash) from an inserted one (the successor
 * links past it) — see README.md for the full table of signatures.
 */
export class ChainVerifier {
  private prevPrev: AuditEntry | undefined;
  private prev: AuditEntry | undefined;
  private pending: AuditEntry | undefined;
  private count = 0;
  private failure: Extract<ChainVerification, { ok: false }> | undefined;
  private readonly start: ChainHead;

  constructor(private readonly options: VerifyChainOptions = {}) {
    this.start = options.from ?? { seq: 0, hash: GENESIS_HASH };
  }

  /** False once a problem was found; further entries are ignored. */
  get healthy(): boolean {
    return this.failure === undefined;
  }

  push(entry: AuditEntry): boolean {
    if (this.failure !== undefined) return false;
    if (this.pending !== undefined) this.examine(this.pending, entry);
    this.pending = entry;
    return this.failure === undefined;
  }

  finish(): ChainVerification {
    if (this.failure === undefined && this.pending !== undefined) this.examine(this.pending, undefined);
    this.pending = undefined;
    if (this.failure !== undefined) return this.failure;
    const head = this.options.head;
    const last = this.prev ?? this.start;
    if (head !== undefined) {
      if (last.seq < head.seq)
        return this.fail(
          last.seq + 1,
          'deleted',
          `the chain ends at ${last.seq} but its head is ${head.seq}`,
        );
      if (last.seq === head.seq && last.hash !== head.hash && this.prev !== undefined) {
        return this.fail(last.seq, 'edited', 'the last record no longer has the hash recorded as head');
      }
    }
    return { ok: true, count: this.count };
  }

  private fail(
    firstBadSeq: number,
    problem: ChainProblem,
    detail: string,
  ): Extract<ChainVerification, { ok: false }> {
    this.failure = { ok: false, firstBadSeq, problem, detail };
    return this.failure;
  }

  private accept(entry: AuditEntry): void {
    this.prevPrev = this.prev;
    this.prev = entry;
    this.count++;
  }

  private examine(b: AuditEntry, c: AuditEntry | undefined): void {
    const a = this.prev;
    const expectedSeq = (a ?? this.start).seq + 1;
    const expectedPrevHash = (a ?? this.start).hash;

    if (b.seq < expectedSeq) {
      if (a !== undefined && b.seq === a.seq) this.fail(b.seq, 'inserted', `seq ${b.seq} appears twice`);
      else this.fail(b.seq, 'reordered', `seq ${b.seq} comes after ${expectedSeq - 1}`);
      return;
    }
    if (b.seq > expectedSeq) {
      if (c !== undefined && c.seq < b.seq)
        this.fail(b.seq, 'reordered', `seq ${b.seq} comes before ${c.seq}`);
      else this.fail(expectedSeq, 'deleted', `seq ${expectedSeq} is missing (next is ${b.seq})`);
      return;
    }
    if (this.options.head !== undefined && b.seq > this.options.head.seq) {
      this.fail(b.seq, 'inserted', `seq ${b.seq} lies beyond the recorded head ${this.options.head.seq}`);
      return;
    }

    const linked = b.prevHash === expectedPrevHash;
    const original = originalSeq(b);
    if (linked && original === b.seq) {
      this.accept(b);
      return;
    }
    if (original !== undefined && original > b.seq) {
      // b was hashed further down the chain: rows before it were removed and the rest renumbered,
      // unless the record that belongs here comes right after it (two rows swapped).
      if (c !== undefined && originalSeq(c) === b.seq)
        this.fail(b.seq, 'reordered', `seq ${b.seq} and ${c.seq} swapped`);
      else this.fail(b.seq, 'deleted', `record ${original} was renumbered to ${b.seq} to hide a deletion`);
      return;
    }
    if (original !== undefined && original < b.seq) {
      // b was pushed up: the record accepted just before it is the one that was slipped in.
      this.fail(a?.seq ?? b.seq, 'inserted', `record ${original} was renumbered to ${b.seq} to make room`);
      return;
    }
    if (c !== undefined && (c.prevHash === expectedPrevHash || originalSeq(c) === c.seq - 1)) {
      this.fail(b.seq, 'inserted', `the record after seq ${b.seq} links past it`);
      return;
    }
    if (!linked && original === b.seq) {
      // b is intact but does not link to a: either a was slipped in (b links to the one before it)
      // or a was rewritten with a fresh hash.
      if (a !== undefined && b.prevHash === (this.prevPrev ?? this.start).hash) {
        this.fail(a.seq, 'inserted', `seq ${b.seq} links past seq ${a.seq}`);
      } else {
        this.fail(
          a?.seq ?? b.seq,
          'edited',
          a ? `seq ${a.seq} was rewritten with a new hash` : 'the first record does not start the chain',
        );
      }
      return;
    }
    this.fail(b.seq, 'edited', `seq ${b.seq} does not match its hash`);
  }
}

/** Verifies entries given in seq order; names the first bad record and what happened to it. */
export function verifyChain(
  entries: Iterable<AuditEntry>,
  options: VerifyChainOptions = {},
): ChainVerification {
  const verifier = new ChainVerifier(options);
  for (const entry of entries) if (!verifier.push(entry)) break;
  return verifier.finish();
}

/** Seals records into entries continuing a chain (the writer uses it inside its transaction). */
export function sealEntries(
  head: ChainHead,
  records: readonly Omit<AuditEntryContent, 'seq'>[],
): AuditEntry[] {
  let seq = head.seq;
  let prevHash = head.hash;
  return records.map((record) => {
    seq += 1;
    const content: AuditEntryContent = { ...record, seq };
    const hash = chainHash(prevHash, content);
    const entry: AuditEntry = { ...content, prevHash, hash };
    prevHash = hash;
    return entry;
  });
}
