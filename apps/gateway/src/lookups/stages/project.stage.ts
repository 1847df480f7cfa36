import { project } from '@ndg/policy';
import type { LookupContext, LookupStage, SubjectResult } from '../lookup-context.js';

function valueAt(record: Record<string, unknown>, path: string): unknown {
  let current: unknown = record;
  for (const segment of path.split('.')) {
    if (
      current === null ||
      typeof current !== 'object' ||
      Array.isArray(current) ||
      !Object.hasOwn(current, segment)
    )
      return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function same(actual: unknown, claimed: string | number | boolean): boolean {
  if (typeof actual === 'string' && typeof claimed === 'string')
    return actual.normalize('NFC') === claimed.normalize('NFC');
  return actual === claimed;
}

/**
 * Lookup: copies only the granted fields. Verify: compares the claims and keeps only yes/no.
 * A subject that is missing or out of scope gets the same result shape either way.
 */
export class ProjectStage implements LookupStage {
  readonly name = 'project';

  run(ctx: LookupContext): void {
    const grant = ctx.grant;
    if (!grant) throw new Error('project before authorize');
    const results: SubjectResult[] = ctx.input.subjects.map((subject) => {
      const record = ctx.visible?.get(subject);
      if (record === undefined) {
        const outcome = ctx.records?.has(subject) ? 'out-of-scope' : 'not-found';
        return ctx.input.operation === 'verify' ? { subject, outcome, match: false } : { subject, outcome };
      }
      if (ctx.input.operation === 'verify') {
        const claims = Object.entries(ctx.input.claims ?? {});
        return {
          subject,
          outcome: 'allowed',
          match: claims.length > 0 && claims.every(([path, value]) => same(valueAt(record, path), value)),
        };
      }
      const version = typeof record['version'] === 'number' ? record['version'] : 0;
      return { subject, outcome: 'allowed', data: project(record, grant.fields), version };
    });
    ctx.results = results;
  }
}
