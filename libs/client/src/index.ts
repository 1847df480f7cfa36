export {
  AgencyTokenSigner,
  DEFAULT_AUDIENCE,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  MAX_TOKEN_LIFETIME_SECONDS,
} from './agency-token.js';
export type {
  AgencyAlgorithm,
  AgencyPrivateKey,
  AgencySignerOptions,
  RequestContext,
} from './agency-token.js';
export { GatewayClient } from './gateway-client.js';
export type { CallOptions, GatewayClientOptions } from './gateway-client.js';
export { GatewayError, gatewayErrorOf } from './gateway-error.js';
export type {
  BatchLookup,
  BatchLookupItem,
  DatasetRecords,
  RecordLookup,
  VerifyClaims,
} from './dataset-records.js';
