import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { canonicalJson, canonicalise } from './canonical-json.js';
import { GENESIS_HASH, chainHash, sealEntries, verifyChain } from './hash-chain.js';
import type { AuditEntry, AuditRecord, ChainHead } from './audit.types.js';

function record(i: number): AuditRecord {
  return {
    agency: i % 2 === 0 ? 'moh' : 'gdt',
    officer: `officer-${i}`,
    purpose: 'health-insurance-eligibility',
    caseRef: `HS-2026/${i}`,
    dataset: 'population.citizen',
    subject: `0010900000${String(i).padStart(2, '0')}`,
    operation: 'lookup',
    fieldsDisclosed: ['personalId', 'fullName'],
    grantId: 'moh/population.citizen/0',
    outcome: 'allowed',
    reason: null,
    traceId: `trace-${i}`,
    at: new Date(Date.UTC(2026, 5, 1, 0, 0, i)).toISOString(),
  };
}

function chain(n: number): AuditEntry[] {
  return sealEntries(
    { seq: 0, hash: GENESIS_HASH },
    Array.from({ length: n }, (_, i) => record(i + 1)),
  );
}

function headOf(entries: AuditEntry[]): ChainHead {
  const last = entries.at(-1) as AuditEntry;
  return { seq: last.seq, hash: last.hash };
}

/** Rewrites one entry and recomputes its own hash, as a careful forger would. */
function reseal(entry: AuditEntry, change: Partial<AuditEntry>): AuditEntry {
  const changed = { ...entry, ...change };
  return { ...changed, hash: chainHash(changed.prevHash, changed) };
}

function renumber(entries: AuditEntry[], delta: number): AuditEntry[] {
  return entries.map((e) => ({ ...e, seq: e.seq + delta }));
}

function broken(entries: AuditEntry[], head?: ChainHead): { firstBadSeq: number; problem: string } {
  const result = verifyChain(entries, head ? { head } : {});
  assert.equal(result.ok, false, 'expected the chain to be broken');
  return result.ok
    ? { firstBadSeq: 0, problem: '' }
    : { firstBadSeq: result.firstBadSeq, problem: result.problem };
}

describe('canonicalise and chainHash', () => {
  it('is independent of key order and Unicode composition', () => {
    assert.equal(canonicalJson({ b: 1, a: ['x', null] }), '{"a":["x",null],"b":1}');
    const entry = { ...record(1), seq: 1, officer: 'Nguyễn Văn An'.normalize('NFD') };
    const reordered = Object.fromEntries(
      Object.entries({ ...entry, officer: 'Nguyễn Văn An' }).reverse(),
    ) as typeof entry;
    assert.equal(canonicalise(entry), canonicalise(reordered));
    assert.equal(chainHash(GENESIS_HASH, entry), chainHash(GENESIS_HASH, reordered));
  });

  it('hashes prevHash followed by the canonical entry with SHA-256', () => {
    const entry = { ...record(1), seq: 1 };
    const expected = createHash('sha256')
      .update(GENESIS_HASH + canonicalise(entry))
      .digest('hex');
    assert.equal(chainHash(GENESIS_HASH, entry), expected);
  });

  it('leaves prevHash and hash out of the canonical form', () => {
    const [entry] = chain(1);
    assert.ok(entry);
    assert.equal(canonicalise(entry), canonicalise({ ...entry, prevHash: 'x', hash: 'y' } as AuditEntry));
    assert.ok(!canonicalise(entry).includes(entry.hash));
  });

  it('refuses values JSON cannot carry exactly', () => {
    assert.throws(() => canonicalJson(Number.NaN), TypeError);
    assert.throws(() => canonicalJson(10n), TypeError);
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and an empty one', () => {
    const entries = chain(20);
    assert.deepEqual(verifyChain(entries), { ok: true, count: 20 });
    assert.deepEqual(verifyChain(entries, { head: headOf(entries) }), { ok: true, count: 20 });
    assert.deepEqual(verifyChain([]), { ok: true, count: 0 });
    assert.deepEqual(
      verifyChain(entries.slice(10), { from: { seq: 10, hash: (entries[9] as AuditEntry).hash } }),
      {
        ok: true,
        count: 10,
      },
    );
  });

  it('names an edited record', () => {
    const entries = chain(10);
    entries[4] = { ...(entries[4] as AuditEntry), purpose: 'marketing' };
    assert.deepEqual(broken(entries), { firstBadSeq: 5, problem: 'edited' });
  });

  it('names an edited record whose hash was recomputed', () => {
    const entries = chain(10);
    entries[4] = reseal(entries[4] as AuditEntry, { fieldsDisclosed: [] });
    assert.deepEqual(broken(entries), { firstBadSeq: 5, problem: 'edited' });
  });

  it('names a record whose hash or prevHash column was overwritten', () => {
    const a = chain(10);
    a[4] = { ...(a[4] as AuditEntry), hash: 'f'.repeat(64) };
    assert.deepEqual(broken(a), { firstBadSeq: 5, problem: 'edited' });
    const b = chain(10);
    b[4] = { ...(b[4] as AuditEntry), prevHash: 'f'.repeat(64) };
    assert.deepEqual(broken(b), { firstBadSeq: 5, problem: 'edited' });
  });

  it('names an edited first and last record', () => {
    const first = chain(5);
    first[0] = { ...(first[0] as AuditEntry), subject: null };
    assert.deepEqual(broken(first), { firstBadSeq: 1, problem: 'edited' });
    const last = chain(5);
    last[4] = { ...(last[4] as AuditEntry), outcome: 'denied' };
    assert.deepEqual(broken(last), { firstBadSeq: 5, problem: 'edited' });
    const resealed = chain(5);
    const head = headOf(resealed);
    resealed[4] = reseal(resealed[4] as AuditEntry, { outcome: 'denied' });
    assert.deepEqual(broken(resealed, head), { firstBadSeq: 5, problem: 'edited' });
  });

  it('names a deleted record by its missing seq', () => {
    const entries = chain(10);
    entries.splice(4, 1);
    assert.deepEqual(broken(entries), { firstBadSeq: 5, problem: 'deleted' });
    const first = chain(10).slice(1);
    assert.deepEqual(broken(first), { firstBadSeq: 1, problem: 'deleted' });
  });

  it('names a deletion hidden by renumbering the rest', () => {
    const entries = chain(10);
    const hidden = [...entries.slice(0, 4), ...renumber(entries.slice(5), -1)];
    assert.deepEqual(broken(hidden), { firstBadSeq: 5, problem: 'deleted' });
  });

  it('names a record cut from the end when the head is known', () => {
    const entries = chain(10);
    const head = headOf(entries);
    assert.deepEqual(broken(entries.slice(0, 8), head), { firstBadSeq: 9, problem: 'deleted' });
    assert.deepEqual(
      verifyChain(entries.slice(0, 8)),
      { ok: true, count: 8 },
      'without the head a cut tail is invisible',
    );
  });

  it('names a forged record appended behind the writers’ back', () => {
    const entries = chain(10);
    const head = headOf(entries);
    const forged = sealEntries(head, [record(99)]);
    assert.deepEqual(broken([...entries, ...forged], head), { firstBadSeq: 11, problem: 'inserted' });
  });

  it('names a record inserted in the middle with the rest renumbered', () => {
    const entries = chain(10);
    const forged: AuditEntry = {
      ...record(99),
      seq: 5,
      prevHash: (entries[3] as AuditEntry).hash,
      hash: 'a'.repeat(64),
    };
    const tampered = [...entries.slice(0, 4), forged, ...renumber(entries.slice(4), 1)];
    assert.deepEqual(broken(tampered), { firstBadSeq: 5, problem: 'inserted' });
  });

  it('names an inserted record even when its own hash is right', () => {
    const entries = chain(10);
    const [forged] = sealEntries({ seq: 4, hash: (entries[3] as AuditEntry).hash }, [record(99)]);
    assert.ok(forged);
    const tampered = [...entries.slice(0, 4), forged, ...renumber(entries.slice(4), 1)];
    assert.deepEqual(broken(tampered), { firstBadSeq: 5, problem: 'inserted' });
  });

  it('names a duplicated seq as inserted', () => {
    const entries = chain(6);
    const tampered = [
      ...entries.slice(0, 3),
      { ...(entries[2] as AuditEntry), officer: 'x' },
      ...entries.slice(3),
    ];
    assert.deepEqual(broken(tampered), { firstBadSeq: 3, problem: 'inserted' });
  });

  it('names records given out of order', () => {
    const entries = chain(10);
    const swapped = [
      ...entries.slice(0, 4),
      entries[5] as AuditEntry,
      entries[4] as AuditEntry,
      ...entries.slice(6),
    ];
    assert.deepEqual(broken(swapped), { firstBadSeq: 6, problem: 'reordered' });
  });

  it('names two records whose seq values were swapped', () => {
    const entries = chain(10);
    const five = entries[4] as AuditEntry;
    const six = entries[5] as AuditEntry;
    const swapped = [...entries.slice(0, 4), { ...six, seq: 5 }, { ...five, seq: 6 }, ...entries.slice(6)];
    assert.deepEqual(broken(swapped), { firstBadSeq: 5, problem: 'reordered' });
  });

  it('reports only the first problem', () => {
    const entries = chain(10);
    entries[2] = { ...(entries[2] as AuditEntry), agency: 'evil' };
    entries.splice(7, 1);
    assert.deepEqual(broken(entries), { firstBadSeq: 3, problem: 'edited' });
  });
});
