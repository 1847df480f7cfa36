/**
 * Stable reason codes of a denied decision. They cross process boundaries (problem+json, audit log),
 * so never rename one; README.md documents each and a spec checks it does.
 */
export const DENIAL_REASONS = {
  unknownAgency: 'POLICY.UNKNOWN_AGENCY',
  noGrantForDataset: 'POLICY.NO_GRANT_FOR_DATASET',
  operationNotGranted: 'POLICY.OPERATION_NOT_GRANTED',
  purposeNotGranted: 'POLICY.PURPOSE_NOT_GRANTED',
  fieldsNotGranted: 'POLICY.FIELDS_NOT_GRANTED',
  grantNotYetValid: 'POLICY.GRANT_NOT_YET_VALID',
  grantExpired: 'POLICY.GRANT_EXPIRED',
} as const;

/** One of {@link DENIAL_REASONS}. */
export type DenialReason = (typeof DENIAL_REASONS)[keyof typeof DENIAL_REASONS];

/** Codes of errors thrown while loading or compiling policy files. */
export const POLICY_ERROR_CODES = {
  invalidPolicyFiles: 'POLICY.INVALID_POLICY_FILES',
} as const;

/** One of {@link POLICY_ERROR_CODES}. */
export type PolicyErrorCode = (typeof POLICY_ERROR_CODES)[keyof typeof POLICY_ERROR_CODES];
