import type { AuditRecord } from '@ndg/audit';
import { GatewayError } from '../gateway-errors.js';

/** Where decisions are written; the chain waits for it before answering. */
export interface DecisionLog {
  append(record: AuditRecord): Promise<unknown>;
}

/**
 * Appends every record of one decision and resolves only when all are committed. Any failure
 * becomes 503 AUDIT.UNAVAILABLE: what was not audited is not disclosed.
 */
export class GatewayAuditor {
  constructor(
    private readonly log: DecisionLog,
    private readonly observe: (seconds: number) => void = () => undefined,
  ) {}

  async record(records: readonly AuditRecord[]): Promise<void> {
    const started = process.hrtime.bigint();
    try {
      await Promise.all(records.map((r) => this.log.append(r)));
    } catch {
      throw GatewayError.of('auditUnavailable', 'the audit log could not record the decision');
    } finally {
      this.observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
  }
}
