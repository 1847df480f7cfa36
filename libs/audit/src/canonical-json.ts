import type { AuditEntryContent } from './audit.types.js';

/**
 * Deterministic JSON: object keys sorted by code unit, strings NFC-normalised, arrays kept in order,
 * no whitespace. Two writers (or a writer and a verifier years later) produce the same bytes for the
 * same entry, whatever order its properties were set in and however its text was composed.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.normalize('NFC'));
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot canonicalise ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item: unknown) => canonicalJson(item)).join(',')}]`;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort();
      return `{${keys.map((key) => `${JSON.stringify(key.normalize('NFC'))}:${canonicalJson(record[key])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`cannot canonicalise a ${typeof value}`);
  }
}

/** Fields an entry's hash covers, so a stored row's extra columns (prevHash, hash) never leak in. */
const HASHED_FIELDS = [
  'agency',
  'at',
  'caseRef',
  'dataset',
  'fieldsDisclosed',
  'grantId',
  'officer',
  'operation',
  'outcome',
  'purpose',
  'reason',
  'seq',
  'subject',
  'traceId',
] as const satisfies readonly (keyof AuditEntryContent)[];

/** The canonical JSON of an entry's hashed fields. */
export function canonicalise(entry: AuditEntryContent): string {
  const picked: Record<string, unknown> = {};
  for (const field of HASHED_FIELDS) picked[field] = entry[field];
  return canonicalJson(picked);
}
