import { GatewayError } from '../../gateway-errors.js';
import type { RateDecision } from '../pg-rate-limiter.js';
import type { LookupContext, LookupStage } from '../lookup-context.js';

/** Per grant, shared by every replica; one token per subject asked about. 429 with Retry-After when empty. */
export class RateLimitStage implements LookupStage {
  readonly name = 'rate-limit';

  constructor(
    private readonly limiter: {
      take(key: string, perMinute: number, now: number, cost?: number): Promise<RateDecision>;
    },
  ) {}

  async run(ctx: LookupContext): Promise<void> {
    const grant = ctx.grant;
    if (!grant) throw new Error('rate-limit before authorize');
    if (!grant.rateLimit) return;
    const decision = await this.limiter.take(
      grant.id,
      grant.rateLimit.perMinute,
      ctx.now,
      ctx.input.subjects.length,
    );
    if (!decision.allowed) {
      throw GatewayError.of(
        'rateLimited',
        `grant ${grant.id} allows ${grant.rateLimit.perMinute} records a minute`,
        [],
        {
          'retry-after': String(decision.retryAfterSeconds),
        },
      );
    }
  }
}
