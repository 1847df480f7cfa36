export { CLASSIFICATIONS } from './types.js';
export type {
  Classification,
  FieldError,
  JsonSchema,
  SchemaDocument,
  ValidationResult,
  Validator,
} from './types.js';
export { CONTRACT_ERROR_CODES, CONTRACT_VIOLATION_TYPE } from './error-codes.js';
export type { ContractErrorCode } from './error-codes.js';
export {
  ContractViolation,
  InvalidSchemaError,
  UnknownEventTypeError,
  UnknownSchemaError,
} from './contract-errors.js';
export { contractViolationProblem } from './problem-details.js';
export type { ContractViolationProblemOptions } from './problem-details.js';
export { isNfc } from './ajv-keywords.js';
export { DEFAULT_SCHEMAS_DIR, SCHEMA_ID_BASE, readSchemaDirectory } from './schema-files.js';
export { SchemaResolver } from './schema-resolver.js';
export type { ResolvedSchema } from './schema-resolver.js';
export { computeClassification } from './classification.js';
export { ContractRegistry, getContracts, validate } from './schema-registry.js';
export type { EventType, SchemaId } from './schema-registry.js';
export {
  checkCompatibility,
  checkSchemaFamilies,
  parseSchemaVersion,
} from './compatibility/compatibility-check.js';
export type { CompatibilityCheckInput } from './compatibility/compatibility-check.js';
export { COMPATIBILITY_MODES } from './compatibility/compatibility.types.js';
export type {
  CompatibilityChangeKind,
  CompatibilityConfig,
  CompatibilityIssue,
  CompatibilityMode,
  FamilyCompatibilityReport,
} from './compatibility/compatibility.types.js';
export { CONTRACT_SCHEMA_IDS } from './schema-ids.js';
export { EVENT_DATA_SCHEMA_IDS, SCHEMA_IDS } from './generated/contract-types.js';
export type {
  AccessPolicy,
  Address,
  AmendEnterpriseCommand,
  CaseReference,
  ChangeEnterpriseStatusCommand,
  ChangeResidenceCommand,
  CorrectNameCommand,
  LinkHouseholdCommand,
  RecordBatchRequest,
  RecordPage,
  RecordDeathCommand,
  ChangeEmployerCommand,
  ChangeStatusCommand,
  EndSchemeCommand,
  IssueCardCommand,
  OpenSchemeCommand,
  SchemeName,
  Citizen,
  CitizenBornData,
  CitizenDeceasedData,
  CitizenFieldName,
  CitizenFields,
  CitizenHouseholdLinkedData,
  CitizenNameCorrectedData,
  CitizenRegisteredData,
  CitizenResidenceChangedData,
  CloudEventEnvelope,
  CommuneCode,
  Dataset,
  Enterprise,
  EnterpriseAmendedData,
  EnterpriseCode,
  EnterpriseFieldName,
  EnterpriseFields,
  EnterpriseRegisteredData,
  EnterpriseRepresentativeDeceasedData,
  EnterpriseStatusChangedData,
  EnterpriseV2,
  EnterpriseV2Fields,
  EventDataTypeMap,
  FieldSelector,
  HealthInsuranceCard,
  IdentityCard,
  IsoDate,
  LookupBatchRequest,
  LookupBatchResponse,
  LookupBatchResult,
  LookupRequest,
  LookupResponse,
  MoneyVnd,
  Participant,
  ParticipantCardIssuedData,
  ParticipantEmployerChangedData,
  ParticipantEnrolledData,
  ParticipantFieldName,
  ParticipantFields,
  ParticipantSchemeEndedData,
  ParticipantSchemeOpenedData,
  ParticipantStatusChangedData,
  PersonalId,
  Place,
  PolicyGrant,
  PolicyOperation,
  Problem,
  ProblemFieldError,
  ProvinceCode,
  Purpose,
  RateLimit,
  RecordVersion,
  SchemaTypeMap,
  SchemePeriod,
  Schemes,
  SocialInsuranceNumber,
  Subject,
  SubscriptionDelivery,
  SubscriptionRequest,
  PullDelivery,
  KafkaDelivery,
  WebhookDelivery,
  VerifyRequest,
  VerifyResponse,
  VietnameseName,
  VietnameseText,
} from './generated/contract-types.js';
