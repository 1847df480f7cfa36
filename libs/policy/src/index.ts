export { DENIAL_REASONS, POLICY_ERROR_CODES } from './policy-error-codes.js';
export type { DenialReason, PolicyErrorCode } from './policy-error-codes.js';
export { PolicyLoadError, formatPolicyIssue } from './policy-errors.js';
export type {
  CompiledGrant,
  GrantedAccess,
  PolicyDecision,
  PolicyDocument,
  PolicyIssue,
  PolicyLoadResult,
  PolicyRequest,
  PolicySourceFile,
  RowScope,
  RowScopeValue,
} from './policy.types.js';
export { DATASET_RECORD_SCHEMAS, FieldCatalogue, fieldCatalogues } from './field-catalogue.js';
export { checkPolicyDocuments, loadPolicyDocuments } from './policy-loader.js';
export type { PolicyLoadOptions } from './policy-loader.js';
export { CompiledPolicySet, compilePolicies } from './policy-compiler.js';
export type { CompileOptions } from './policy-compiler.js';
export { evaluate } from './policy-evaluator.js';
export { inRowScope } from './row-scope.js';
export { project } from './projection.js';
export { InMemoryRateLimiter, takeToken, takeTokens } from './rate-limiter.js';
export type { RateLimiter, TokenBucketState, TokenTakeResult } from './rate-limiter.js';
