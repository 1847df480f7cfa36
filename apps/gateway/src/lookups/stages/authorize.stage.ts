import { evaluate, type CompiledPolicySet } from '@ndg/policy';
import { GatewayError, PolicyDeniedError } from '../../gateway-errors.js';
import type { LookupContext, LookupStage } from '../lookup-context.js';

/** Default deny: the agency's policy must grant this dataset, operation, purpose (from the token) and fields. */
export class AuthorizeStage implements LookupStage {
  readonly name = 'authorize';

  constructor(
    private readonly policies: () => CompiledPolicySet,
    private readonly onDecision: (outcome: 'allowed' | 'denied') => void = () => undefined,
  ) {}

  run(ctx: LookupContext): void {
    const principal = ctx.principal;
    if (!principal) throw new Error('authorize before authenticate');
    const { input } = ctx;
    if (input.bodyPurpose !== undefined && input.bodyPurpose !== principal.purpose) {
      throw GatewayError.of('tokenMismatch', 'the body names another purpose than the token', [
        { path: '/purpose', message: "must equal the token's purpose claim" },
      ]);
    }
    if (input.bodyCaseRef !== undefined && input.bodyCaseRef !== principal.caseRef) {
      throw GatewayError.of('tokenMismatch', 'the body names another case than the token', [
        { path: '/caseReference', message: "must equal the token's case claim" },
      ]);
    }
    const fields = input.operation === 'verify' ? Object.keys(input.claims ?? {}) : input.fields;
    const decision = evaluate(this.policies(), {
      agency: principal.agency,
      dataset: input.dataset,
      operation: input.operation,
      purpose: principal.purpose,
      ...(fields ? { fields } : {}),
      now: ctx.now,
    });
    this.onDecision(decision.allowed ? 'allowed' : 'denied');
    if (!decision.allowed) throw new PolicyDeniedError(decision.reason, decision.detail);
    ctx.grant = decision.grant;
  }
}
