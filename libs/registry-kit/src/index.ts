export { loadRegistryConfig, ConfigError } from './registry-config.js';
export type { RegistryConfig, LogLevel } from './registry-config.js';
export {
  REGISTRY_ERRORS,
  RegistryError,
  problemType,
  recordNotFound,
  invalidId,
  ruleViolation,
  invalidState,
} from './registry-errors.js';
export type { RegistryErrorKind } from './registry-errors.js';
export { ProblemDetailsFilter, toProblem, PROBLEM_CONTENT_TYPE } from './problem-details.filter.js';
export { etagOf, versionFromIfMatch } from './etag.js';
export { RecordStore, changedFields, recordTableSql } from './record-store.js';
export type { RecordKind, Change, Versioned } from './record-store.js';
export { PROCESSED_EVENTS_SQL, claimEvent, checkSequence, classifySequence } from './processed-events.js';
export type { SequenceCheck } from './processed-events.js';
export { EventReaction } from './event-reaction.js';
export type { EventReactionOptions } from './event-reaction.js';
export { buildOpenApiDocument, internalLookupRoutes } from './openapi.js';
export type { OpenApiRoute, OpenApiSpec } from './openapi.js';
export { RegistryCoreModule } from './registry-core.module.js';
export { KafkaModule, KAFKA } from './kafka.module.js';
export { REGISTRY_CONFIG } from './registry-tokens.js';
export { startRegistry, runRegistry, startNestService } from './start-registry.js';
export type { RunningRegistry, RunningService, ServiceStartOptions } from './start-registry.js';
export { bulkLoad } from './bulk-load.js';
export type { BulkLoadOptions } from './bulk-load.js';
export { parseBody } from './request-body.js';
export { createInternalLookupController, RECORD_STORE } from './internal-lookup.controller.js';
export { IfMatchVersion, CommandBody, RecordEtagInterceptor } from './command-params.js';
export { reactionService } from './reaction-service.js';
export type { ReactionDefinition } from './reaction-service.js';
export { RetryingStart } from './retrying-start.js';
