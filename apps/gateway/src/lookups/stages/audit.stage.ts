import type { AuditRecord } from '@ndg/audit';
import type { GatewayAuditor } from '../../audit/gateway-auditor.js';
import type { LookupContext, LookupStage } from '../lookup-context.js';

/** One audit record per subject; the answer leaves only after they are committed. */
export class AuditStage implements LookupStage {
  readonly name = 'audit';

  constructor(private readonly auditor: Pick<GatewayAuditor, 'record'>) {}

  async run(ctx: LookupContext): Promise<void> {
    const { principal, grant, results, input } = ctx;
    if (!principal || !grant || !results) throw new Error('audit before project');
    const at = new Date(ctx.now).toISOString();
    const records: AuditRecord[] = results.map((r) => ({
      agency: principal.agency,
      officer: principal.officer,
      purpose: principal.purpose,
      caseRef: principal.caseRef,
      dataset: input.dataset,
      subject: r.subject,
      operation: input.operation,
      // Verify discloses no field, only yes/no.
      fieldsDisclosed: r.outcome === 'allowed' && input.operation === 'lookup' ? [...grant.fields] : [],
      grantId: grant.id,
      outcome: r.outcome,
      reason:
        r.outcome === 'allowed'
          ? null
          : r.outcome === 'not-found'
            ? 'LOOKUP.NOT_FOUND'
            : 'LOOKUP.OUT_OF_SCOPE',
      traceId: input.traceId,
      at,
    }));
    await this.auditor.record(records);
    ctx.audited = true;
  }
}
