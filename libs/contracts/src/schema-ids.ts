import type { SchemaId } from './schema-registry.js';

/** $ids of the schemas callers name most, so code does not spell URLs. */
export const CONTRACT_SCHEMA_IDS = {
  citizen: 'https://schemas.ndg.gov.vn/population/citizen.v1.schema.json',
  enterprise: 'https://schemas.ndg.gov.vn/business/enterprise.v1.schema.json',
  participant: 'https://schemas.ndg.gov.vn/insurance/participant.v1.schema.json',
  cloudEvent: 'https://schemas.ndg.gov.vn/events/cloudevent.v1.schema.json',
  lookupRequest: 'https://schemas.ndg.gov.vn/gateway/lookup-request.v1.schema.json',
  lookupResponse: 'https://schemas.ndg.gov.vn/gateway/lookup-response.v1.schema.json',
  lookupBatchRequest: 'https://schemas.ndg.gov.vn/gateway/lookup-batch-request.v1.schema.json',
  lookupBatchResponse: 'https://schemas.ndg.gov.vn/gateway/lookup-batch-response.v1.schema.json',
  verifyRequest: 'https://schemas.ndg.gov.vn/gateway/verify-request.v1.schema.json',
  verifyResponse: 'https://schemas.ndg.gov.vn/gateway/verify-response.v1.schema.json',
  policy: 'https://schemas.ndg.gov.vn/gateway/policy.v1.schema.json',
  problem: 'https://schemas.ndg.gov.vn/common/problem.v1.schema.json',
} as const satisfies Record<string, SchemaId>;
