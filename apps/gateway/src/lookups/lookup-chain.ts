import type { AuditRecord } from '@ndg/audit';
import type { GatewayAuditor } from '../audit/gateway-auditor.js';
import { AuthError, GatewayError } from '../gateway-errors.js';
import type { LookupContext, LookupStage } from './lookup-context.js';

/** The order every lookup and verify passes through; a test pins it. */
export const LOOKUP_STAGE_ORDER = [
  'authenticate',
  'authorize',
  'rate-limit',
  'fetch',
  'validate-record',
  'row-scope',
  'project',
  'audit',
] as const;

/** Whose refusal is worth auditing: a verified principal, or a token naming a registered agency. */
function refusalRecords(ctx: LookupContext, err: unknown): AuditRecord[] {
  const who = ctx.principal ?? (err instanceof AuthError ? err.knownIssuer : null);
  if (!who) return [];
  const { status, code } = err instanceof GatewayError ? err : { status: 500, code: 'INTERNAL' };
  const outcome = status >= 500 ? 'error' : 'denied';
  const at = new Date(ctx.now).toISOString();
  return ctx.input.subjects.map((subject) => ({
    agency: who.agency,
    officer: who.officer,
    purpose: who.purpose,
    caseRef: who.caseRef,
    dataset: ctx.input.dataset,
    subject,
    operation: ctx.input.operation,
    fieldsDisclosed: [],
    grantId: ctx.grant?.id ?? null,
    outcome,
    reason: code,
    traceId: ctx.input.traceId,
    at,
  }));
}

/**
 * Runs the stages in order. A refusal from any stage is audited (when the caller is known) before it
 * is answered; if that audit fails the caller gets 503 instead, and still nothing is disclosed.
 */
export class LookupChain {
  constructor(
    readonly stages: readonly LookupStage[],
    private readonly auditor: Pick<GatewayAuditor, 'record'>,
  ) {
    const names = stages.map((s) => s.name);
    if (names.join() !== LOOKUP_STAGE_ORDER.join())
      throw new Error(`stages out of order: ${names.join(' → ')}`);
  }

  async run(ctx: LookupContext): Promise<LookupContext> {
    for (const stage of this.stages) {
      try {
        await stage.run(ctx);
      } catch (err) {
        if ((err instanceof GatewayError && err.code === 'AUDIT.UNAVAILABLE') || ctx.audited) throw err;
        const records = refusalRecords(ctx, err);
        if (records.length > 0) {
          if (err instanceof GatewayError) await this.auditor.record(records);
          // A fault of ours is audited on a best-effort basis; the caller gets the 500 either way.
          else await this.auditor.record(records).catch(() => undefined);
        }
        throw err;
      }
    }
    if (!ctx.audited) throw new Error('the chain ended without an audit');
    return ctx;
  }
}
