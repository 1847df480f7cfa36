import { inRowScope } from '@ndg/policy';
import type { LookupContext, LookupStage } from '../lookup-context.js';

/** Drops records outside the grant's row scope; later stages treat them exactly like missing ones. */
export class RowScopeStage implements LookupStage {
  readonly name = 'row-scope';

  run(ctx: LookupContext): void {
    const grant = ctx.grant;
    if (!grant) throw new Error('row-scope before authorize');
    const visible = new Map<string, Record<string, unknown>>();
    for (const [id, record] of ctx.records ?? new Map<string, Record<string, unknown>>()) {
      if (inRowScope(grant, record)) visible.set(id, record);
    }
    ctx.visible = visible;
  }
}
