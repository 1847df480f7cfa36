/** Stable error codes of this library; they cross process boundaries, so never rename one. */
export const CONTRACT_ERROR_CODES = {
  violation: 'CONTRACTS.VIOLATION',
  unknownSchema: 'CONTRACTS.UNKNOWN_SCHEMA',
  unknownEventType: 'CONTRACTS.UNKNOWN_EVENT_TYPE',
  invalidSchema: 'CONTRACTS.INVALID_SCHEMA',
} as const;

/** One of {@link CONTRACT_ERROR_CODES}. */
export type ContractErrorCode = (typeof CONTRACT_ERROR_CODES)[keyof typeof CONTRACT_ERROR_CODES];

/** RFC 9457 `type` URI for a value that breaks its contract. */
export const CONTRACT_VIOLATION_TYPE = 'https://errors.ndg.gov.vn/contract-violation';
