import { AUDIT_ERROR_CODES } from './audit-error-codes.js';

/** The batch holding this record was not committed; the caller must not disclose anything. */
export class AuditWriteError extends Error {
  readonly code = AUDIT_ERROR_CODES.writeFailed;

  constructor(
    readonly batchSize: number,
    cause: unknown,
  ) {
    super(
      `Audit batch of ${batchSize} not committed: ${(cause as Error | undefined)?.message ?? String(cause)}`,
      { cause },
    );
    this.name = 'AuditWriteError';
  }
}

/** append() after close(). */
export class AuditWriterClosedError extends Error {
  readonly code = AUDIT_ERROR_CODES.writerClosed;

  constructor() {
    super('Audit writer is closed');
    this.name = 'AuditWriterClosedError';
  }
}

/** A record the chain cannot hold (bad timestamp, unsafe seq); a programming error in the caller. */
export class InvalidAuditRecordError extends Error {
  readonly code = AUDIT_ERROR_CODES.invalidRecord;

  constructor(reason: string) {
    super(`Invalid audit record: ${reason}`);
    this.name = 'InvalidAuditRecordError';
  }
}

/** audit_head is missing: the schema was never migrated in this database. */
export class AuditSchemaMissingError extends Error {
  readonly code = AUDIT_ERROR_CODES.schemaMissing;

  constructor() {
    super('audit_head has no row: run migrateAuditSchema() against this database');
    this.name = 'AuditSchemaMissingError';
  }
}
