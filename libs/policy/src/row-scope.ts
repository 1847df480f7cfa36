import type { RowScope, RowScopeValue } from './policy.types.js';

type RecordPredicate = (record: unknown) => boolean;

/** Compiled predicates keyed by the frozen scope object the compiler hands out, so checks stay O(clauses). */
const compiled = new WeakMap<RowScope, RecordPredicate>();

/** Reads a dotted path through plain objects; anything else on the way means "absent". */
export function valueAt(record: unknown, segments: readonly string[]): unknown {
  let current: unknown = record;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function normalise(value: RowScopeValue): RowScopeValue {
  return typeof value === 'string' ? value.normalize('NFC') : value;
}

/** Turns a row scope into a predicate: every path must hold one of its values (strict equality, NFC strings). */
export function compileRowScope(scope: RowScope): RecordPredicate {
  const cached = compiled.get(scope);
  if (cached !== undefined) return cached;
  const clauses = Object.entries(scope).map(([path, values]) => ({
    segments: path.split('.'),
    allowed: new Set<unknown>(values.map(normalise)),
  }));
  const predicate: RecordPredicate = (record) =>
    clauses.every(({ segments, allowed }) => {
      const value = valueAt(record, segments);
      return allowed.has(typeof value === 'string' ? value.normalize('NFC') : value);
    });
  compiled.set(scope, predicate);
  return predicate;
}

/** True when the record is inside the grant's row scope (always true for a grant without `where`). */
export function inRowScope(grant: { readonly rowScope: RowScope | null }, record: unknown): boolean {
  return grant.rowScope === null || compileRowScope(grant.rowScope)(record);
}
