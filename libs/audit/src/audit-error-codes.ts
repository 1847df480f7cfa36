/** Stable error codes of this library; they cross process boundaries, so never rename one. */
export const AUDIT_ERROR_CODES = {
  writeFailed: 'AUDIT.WRITE_FAILED',
  writerClosed: 'AUDIT.WRITER_CLOSED',
  invalidRecord: 'AUDIT.INVALID_RECORD',
  schemaMissing: 'AUDIT.SCHEMA_MISSING',
} as const;

/** One of {@link AUDIT_ERROR_CODES}. */
export type AuditErrorCode = (typeof AUDIT_ERROR_CODES)[keyof typeof AUDIT_ERROR_CODES];
