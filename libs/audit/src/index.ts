export { AUDIT_ERROR_CODES } from './audit-error-codes.js';
export type { AuditErrorCode } from './audit-error-codes.js';
export {
  AuditSchemaMissingError,
  AuditWriteError,
  AuditWriterClosedError,
  InvalidAuditRecordError,
} from './audit-errors.js';
export type {
  AuditEntry,
  AuditEntryContent,
  AuditOperation,
  AuditOutcome,
  AuditRecord,
  ChainHead,
  ChainProblem,
  ChainVerification,
} from './audit.types.js';
export { canonicalJson, canonicalise } from './canonical-json.js';
export { ChainVerifier, GENESIS_HASH, chainHash, sealEntries, verifyChain } from './hash-chain.js';
export type { VerifyChainOptions } from './hash-chain.js';
export { auditSchemaSql, migrateAuditSchema } from './audit-schema.js';
export { BatchedAuditWriter } from './batched-audit-writer.js';
export type { BatchedAuditWriterOptions } from './batched-audit-writer.js';
export { accessHistory, verifyAuditLog } from './audit-log-reader.js';
export type {
  AccessHistoryItem,
  AccessHistoryOptions,
  AccessHistoryPage,
  VerifyAuditLogOptions,
} from './audit-log-reader.js';
export { runVerifyCli } from './verify-cli.js';
export type { CliOutput } from './verify-cli.js';
