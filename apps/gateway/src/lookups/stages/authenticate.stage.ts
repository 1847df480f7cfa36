import type { JwtAuthenticator } from '../../auth/jwt-authenticator.js';
import type { LookupContext, LookupStage } from '../lookup-context.js';

/** Verifies the agency's token: who (agency, officer), why (purpose, case), and that it is fresh. */
export class AuthenticateStage implements LookupStage {
  readonly name = 'authenticate';

  constructor(private readonly authenticator: Pick<JwtAuthenticator, 'authenticate'>) {}

  async run(ctx: LookupContext): Promise<void> {
    ctx.principal = await this.authenticator.authenticate(ctx.input.authorization);
  }
}
