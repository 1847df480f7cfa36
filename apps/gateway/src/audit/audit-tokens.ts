/** Injection token of the app's {@link GatewayAuditor}. */
export const AUDITOR = Symbol('AUDITOR');
