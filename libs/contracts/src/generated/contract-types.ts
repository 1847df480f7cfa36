/* eslint-disable */
// GENERATED FILE - DO NOT EDIT.
// Generated from schemas/**/*.schema.json by tools/contracts/generate-types.mjs (npm run contracts:generate).
// npm run contracts:check fails when this file is stale.

/**
 * A person's or organisation's name with diacritics, NFC-normalised, no leading/trailing blanks.
 */
export type VietnameseName = string;
/**
 * Province-level administrative unit code (2 digits, national administrative-unit list).
 */
export type ProvinceCode = string;
/**
 * Commune-level administrative unit code (5 digits, national administrative-unit list).
 */
export type CommuneCode = string;
/**
 * Free Vietnamese text; stored and compared NFC-normalised.
 */
export type VietnameseText = string;
/**
 * An amount in Vietnamese dong (integer, no minor unit).
 */
export type MoneyVnd = number;
/**
 * VSIC 2018 industry codes (4 or 5 digits); the first is the main line of business.
 *
 * @minItems 1
 */
export type IndustryCodes = [string, ...string[]];
/**
 * Personal ids of the legal representatives (citizens in the population registry).
 *
 * @minItems 1
 */
export type LegalRepresentativeIds = [PersonalId, ...PersonalId[]];
/**
 * Personal identification number (số định danh cá nhân): exactly 12 digits.
 */
export type PersonalId = string;
/**
 * Data of business.enterprise.amended: Registration details amended (name, address, capital, industries, representatives). Carries the full new state of the record plus changedFields.
 */
export type EnterpriseAmendedData = EnterpriseFields & BusinessEnterpriseAmendedV1;
/**
 * Enterprise code: 10 digits; a branch or dependent unit adds -NNN.
 */
export type EnterpriseCode = string;
/**
 * A person's or organisation's name with diacritics, NFC-normalised, no leading/trailing blanks.
 */
export type VietnameseName1 = string;
/**
 * Calendar date, RFC 3339 full-date (YYYY-MM-DD).
 */
export type IsoDate = string;
/**
 * An amount in Vietnamese dong (integer, no minor unit).
 */
export type MoneyVnd1 = number;
/**
 * Optimistic-concurrency version of a record: 1 on creation, +1 on every change; equals the event sequence.
 */
export type RecordVersion = number;
/**
 * Name of a top-level enterprise field, as listed in an event's changedFields.
 */
export type EnterpriseFieldName =
  | 'enterpriseCode'
  | 'name'
  | 'foreignName'
  | 'shortName'
  | 'legalForm'
  | 'registrationDate'
  | 'status'
  | 'headOfficeAddress'
  | 'charterCapital'
  | 'industryCodes'
  | 'legalRepresentativeIds'
  | 'legalRepresentativeDeceased'
  | 'version';
/**
 * Data of business.enterprise.registered: A new enterprise or branch was registered. Carries the full new state of the record plus changedFields.
 */
export type EnterpriseRegisteredData = EnterpriseFields & BusinessEnterpriseRegisteredV1;
/**
 * Data of business.enterprise.representative-deceased: A legal representative was reported deceased by the population registry. Carries the full new state of the record plus changedFields.
 */
export type EnterpriseRepresentativeDeceasedData = EnterpriseFields &
  BusinessEnterpriseRepresentativeDeceasedV1;
/**
 * Data of business.enterprise.status-changed: Status changed (suspended, dissolving, dissolved, bankrupt, active again). Carries the full new state of the record plus changedFields.
 */
export type EnterpriseStatusChangedData = EnterpriseFields & BusinessEnterpriseStatusChangedV1;
/**
 * An enterprise (or branch) in the national business registry. The root closes the shape; event data schemas reuse #/$defs/fields and add changedFields.
 */
export type Enterprise = EnterpriseFields;
/**
 * Version 2: adds the optional contactEmail. An enterprise (or branch) in the national business registry. The root closes the shape; event data schemas reuse #/$defs/fields and add changedFields.
 */
export type EnterpriseV2 = EnterpriseV2Fields;
/**
 * A person's or organisation's name with diacritics, NFC-normalised, no leading/trailing blanks.
 */
export type VietnameseName2 = string;
/**
 * An amount in Vietnamese dong (integer, no minor unit).
 */
export type MoneyVnd2 = number;
/**
 * <domain>.<entity> of a registry dataset.
 */
export type Dataset = 'population.citizen' | 'business.enterprise' | 'insurance.participant';
/**
 * Record id: personal id, enterprise code or social-insurance number.
 */
export type Subject = string;
/**
 * Declared purpose of the access, as named in the agency's policy.
 */
export type Purpose = string;
/**
 * The agency's own case or file number, recorded in the audit log.
 */
export type CaseReference = string;
/**
 * A field path (dotted) or a classification name.
 */
export type FieldSelector = string;
export type PolicyOperation = 'lookup' | 'verify' | 'subscribe';
/**
 * How events reach the agency.
 */
export type SubscriptionDelivery = PullDelivery | KafkaDelivery | WebhookDelivery;
export type SchemeName =
  | 'sickness'
  | 'maternity'
  | 'workInjuryOccupationalDisease'
  | 'survivor'
  | 'oldAge'
  | 'unemployment'
  | 'healthInsurance';
/**
 * Data of insurance.participant.card-issued: A health-insurance card was issued or renewed. Carries the full new state of the record plus changedFields.
 */
export type ParticipantCardIssuedData = ParticipantFields & InsuranceParticipantCardIssuedV1;
/**
 * Social-insurance number (mã số BHXH): exactly 10 digits.
 */
export type SocialInsuranceNumber = string;
/**
 * Enterprise code: 10 digits; a branch or dependent unit adds -NNN.
 */
export type EnterpriseCode1 = string;
/**
 * An amount in Vietnamese dong (integer, no minor unit).
 */
export type MoneyVnd3 = number;
/**
 * Name of a top-level participant field, as listed in an event's changedFields.
 */
export type ParticipantFieldName =
  | 'socialInsuranceNumber'
  | 'personalId'
  | 'employerEnterpriseCode'
  | 'schemes'
  | 'healthInsuranceCard'
  | 'contributionSalary'
  | 'status'
  | 'version';
/**
 * Data of insurance.participant.employer-changed: The employer changed or was removed. Carries the full new state of the record plus changedFields.
 */
export type ParticipantEmployerChangedData = ParticipantFields & InsuranceParticipantEmployerChangedV1;
/**
 * Data of insurance.participant.enrolled: A person was enrolled as a participant. Carries the full new state of the record plus changedFields.
 */
export type ParticipantEnrolledData = ParticipantFields & InsuranceParticipantEnrolledV1;
/**
 * Data of insurance.participant.scheme-ended: Coverage under one scheme ended. Carries the full new state of the record plus changedFields.
 */
export type ParticipantSchemeEndedData = ParticipantFields & InsuranceParticipantSchemeEndedV1;
/**
 * Data of insurance.participant.scheme-opened: Coverage under one scheme started. Carries the full new state of the record plus changedFields.
 */
export type ParticipantSchemeOpenedData = ParticipantFields & InsuranceParticipantSchemeOpenedV1;
/**
 * Data of insurance.participant.status-changed: Participant status changed (suspended, ended, retired, deceased). Carries the full new state of the record plus changedFields.
 */
export type ParticipantStatusChangedData = ParticipantFields & InsuranceParticipantStatusChangedV1;
/**
 * A social- and health-insurance participant. The root closes the shape; event data schemas reuse #/$defs/fields and add changedFields.
 */
export type Participant = ParticipantFields;
/**
 * Data of population.citizen.born: A child was born and entered in the registry (birth registration). Carries the full new state of the record plus changedFields.
 */
export type CitizenBornData = CitizenFields & PopulationCitizenBornV1;
/**
 * A person's or organisation's name with diacritics, NFC-normalised, no leading/trailing blanks.
 */
export type VietnameseName3 = string;
/**
 * Calendar date, RFC 3339 full-date (YYYY-MM-DD).
 */
export type IsoDate1 = string;
/**
 * Name of a top-level citizen field, as listed in an event's changedFields.
 */
export type CitizenFieldName =
  | 'personalId'
  | 'fullName'
  | 'dateOfBirth'
  | 'sex'
  | 'nationality'
  | 'ethnicity'
  | 'placeOfOrigin'
  | 'permanentAddress'
  | 'temporaryAddress'
  | 'householdId'
  | 'relationToHouseholdHead'
  | 'fatherId'
  | 'motherId'
  | 'spouseId'
  | 'identityCard'
  | 'status'
  | 'dateOfDeath'
  | 'version';
/**
 * Data of population.citizen.deceased: The citizen died (death registration). Carries the full new state of the record plus changedFields.
 */
export type CitizenDeceasedData = CitizenFields & PopulationCitizenDeceasedV1;
/**
 * Data of population.citizen.household-linked: Household, relation to its head or family links changed. Carries the full new state of the record plus changedFields.
 */
export type CitizenHouseholdLinkedData = CitizenFields & PopulationCitizenHouseholdLinkedV1;
/**
 * Data of population.citizen.name-corrected: Full name corrected. Carries the full new state of the record plus changedFields.
 */
export type CitizenNameCorrectedData = CitizenFields & PopulationCitizenNameCorrectedV1;
/**
 * Data of population.citizen.registered: An existing person was entered in the registry for the first time. Carries the full new state of the record plus changedFields.
 */
export type CitizenRegisteredData = CitizenFields & PopulationCitizenRegisteredV1;
/**
 * Data of population.citizen.residence-changed: Permanent or temporary address changed. Carries the full new state of the record plus changedFields.
 */
export type CitizenResidenceChangedData = CitizenFields & PopulationCitizenResidenceChangedV1;
/**
 * A person in the national population registry. The root closes the shape; event data schemas reuse #/$defs/fields and add changedFields.
 */
export type Citizen = CitizenFields;

/**
 * Generation artefact; use SchemaTypeMap.
 */
export interface GeneratedSchemaIndex {
  AmendEnterpriseCommand: AmendEnterpriseCommand;
  ChangeEnterpriseStatusCommand: ChangeEnterpriseStatusCommand;
  EnterpriseAmendedData: EnterpriseAmendedData;
  EnterpriseRegisteredData: EnterpriseRegisteredData;
  EnterpriseRepresentativeDeceasedData: EnterpriseRepresentativeDeceasedData;
  EnterpriseStatusChangedData: EnterpriseStatusChangedData;
  Enterprise: Enterprise;
  EnterpriseV2: EnterpriseV2;
  Problem: Problem;
  RecordBatchRequest: RecordBatchRequest;
  RecordPage: RecordPage;
  CloudEventEnvelope: CloudEventEnvelope;
  LookupBatchRequest: LookupBatchRequest;
  LookupBatchResponse: LookupBatchResponse;
  LookupRequest: LookupRequest;
  LookupResponse: LookupResponse;
  AccessPolicy: AccessPolicy;
  SubscriptionRequest: SubscriptionRequest;
  VerifyRequest: VerifyRequest;
  VerifyResponse: VerifyResponse;
  ChangeEmployerCommand: ChangeEmployerCommand;
  ChangeStatusCommand: ChangeStatusCommand;
  EndSchemeCommand: EndSchemeCommand;
  IssueCardCommand: IssueCardCommand;
  OpenSchemeCommand: OpenSchemeCommand;
  ParticipantCardIssuedData: ParticipantCardIssuedData;
  ParticipantEmployerChangedData: ParticipantEmployerChangedData;
  ParticipantEnrolledData: ParticipantEnrolledData;
  ParticipantSchemeEndedData: ParticipantSchemeEndedData;
  ParticipantSchemeOpenedData: ParticipantSchemeOpenedData;
  ParticipantStatusChangedData: ParticipantStatusChangedData;
  Participant: Participant;
  ChangeResidenceCommand: ChangeResidenceCommand;
  CitizenBornData: CitizenBornData;
  CitizenDeceasedData: CitizenDeceasedData;
  CitizenHouseholdLinkedData: CitizenHouseholdLinkedData;
  CitizenNameCorrectedData: CitizenNameCorrectedData;
  CitizenRegisteredData: CitizenRegisteredData;
  CitizenResidenceChangedData: CitizenResidenceChangedData;
  Citizen: Citizen;
  CorrectNameCommand: CorrectNameCommand;
  LinkHouseholdCommand: LinkHouseholdCommand;
  RecordDeathCommand: RecordDeathCommand;
}
/**
 * An officer amends an enterprise's registration: any subset of its names, head-office address, charter capital, industry codes and legal representatives. A foreign or short name of null removes it.
 */
export interface AmendEnterpriseCommand {
  name?: VietnameseName;
  foreignName?: string | null;
  shortName?: string | null;
  headOfficeAddress?: Address;
  charterCapital?: MoneyVnd;
  industryCodes?: IndustryCodes;
  legalRepresentativeIds?: LegalRepresentativeIds;
}
/**
 * A postal address: administrative units plus the street-level line.
 */
export interface Address {
  provinceCode: ProvinceCode;
  communeCode: CommuneCode;
  addressLine: VietnameseText;
}
/**
 * An officer records an enterprise's new status (suspended, dissolving, dissolved, bankrupt, or active again). Dissolved and bankrupt are final.
 */
export interface ChangeEnterpriseStatusCommand {
  status: 'active' | 'suspended' | 'dissolving' | 'dissolved' | 'bankrupt';
}
export interface EnterpriseFields {
  enterpriseCode: EnterpriseCode;
  name: VietnameseName1;
  foreignName?: string;
  shortName?: string;
  legalForm:
    | 'sole-proprietorship'
    | 'single-member-llc'
    | 'multi-member-llc'
    | 'joint-stock-company'
    | 'partnership'
    | 'branch';
  registrationDate: IsoDate;
  status: 'active' | 'suspended' | 'dissolving' | 'dissolved' | 'bankrupt';
  headOfficeAddress: Address;
  charterCapital: MoneyVnd1;
  industryCodes: IndustryCodes;
  legalRepresentativeIds: LegalRepresentativeIds;
  /**
   * Set by the business registry when the population registry reports a legal representative deceased.
   */
  legalRepresentativeDeceased: boolean;
  version: RecordVersion;
}
export interface BusinessEnterpriseAmendedV1 {
  /**
   * Top-level fields whose value differs from the previous version (all fields on creation).
   *
   * @minItems 1
   */
  changedFields: [EnterpriseFieldName, ...EnterpriseFieldName[]];
}
export interface BusinessEnterpriseRegisteredV1 {
  /**
   * Top-level fields whose value differs from the previous version (all fields on creation).
   *
   * @minItems 1
   */
  changedFields: [EnterpriseFieldName, ...EnterpriseFieldName[]];
}
export interface BusinessEnterpriseRepresentativeDeceasedV1 {
  /**
   * Top-level fields whose value differs from the previous version (all fields on creation).
   *
   * @minItems 1
   */
  changedFields: [EnterpriseFieldName, ...EnterpriseFieldName[]];
  legalRepresentativeDeceased?: true;
}
export interface BusinessEnterpriseStatusChangedV1 {
  /**
   * Top-level fields whose value differs from the previous version (all fields on creation).
   *
   * @minItems 1
   */
  changedFields: [EnterpriseFieldName, ...EnterpriseFieldName[]];
}
export interface EnterpriseV2Fields {
  enterpriseCode: EnterpriseCode;
  name: VietnameseName2;
  foreignName?: string;
  shortName?: string;
  legalForm:
    | 'sole-proprietorship'
    | 'single-member-llc'
    | 'multi-member-llc'
    | 'joint-stock-company'
    | 'partnership'
    | 'branch';
  registrationDate: IsoDate;
  status: 'active' | 'suspended' | 'dissolving' | 'dissolved' | 'bankrupt';
  headOfficeAddress: Address;
  charterCapital: MoneyVnd2;
  /**
   * VSIC 2018 industry codes (4 or 5 digits); the first is the main line of business.
   *
   * @minItems 1
   */
  industryCodes: [string, ...string[]];
  /**
   * Personal ids of the legal representatives (citizens in the population registry).
   *
   * @minItems 1
   */
  legalRepresentativeIds: [PersonalId, ...PersonalId[]];
  /**
   * Set by the business registry when the population registry reports a legal representative deceased.
   */
  legalRepresentativeDeceased: boolean;
  /**
   * Public contact e-mail published by the enterprise.
   */
  contactEmail?: string;
  version: RecordVersion;
}
/**
 * RFC 9457 problem details (application/problem+json) with the project's extensions: a stable error code, field-level errors and the trace id.
 */
export interface Problem {
  /**
   * Stable URI identifying the problem type.
   */
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /**
   * Stable error code, e.g. CONTRACTS.VIOLATION.
   */
  code?: string;
  traceId?: string;
  errors?: ProblemFieldError[];
}
export interface ProblemFieldError {
  /**
   * JSON pointer to the offending field.
   */
  path: string;
  message: string;
}
/**
 * Internal: the gateway asks a registry for up to 1000 records by id.
 */
export interface RecordBatchRequest {
  /**
   * @minItems 1
   * @maxItems 1000
   */
  ids: [string, ...string[]];
}
/**
 * Internal: one page of a registry's snapshot (GET /internal/records?after&limit), records ordered by id, each at its current version. `next` is the `after` of the following page, null on the last page. The gateway checks each record against its dataset's record contract.
 */
export interface RecordPage {
  /**
   * @maxItems 1000
   */
  records: {
    version: number;
  }[];
  next: string | null;
}
/**
 * CloudEvents 1.0 attributes as carried in ce_* Kafka headers (binary mode). `sequence` is a string of decimal digits because CloudEvents extension attributes travel as header strings and the CloudEvents sequence extension is typed String; parse it as an integer (the record version) to detect gaps. `data` is present only in structured or in-memory form.
 */
export interface CloudEventEnvelope {
  specversion: '1.0';
  /**
   * UUIDv7, unique per event; consumers deduplicate by it.
   */
  id: string;
  /**
   * The emitting registry, e.g. /registries/population.
   */
  source: string;
  /**
   * <domain>.<entity>.<change>, e.g. population.citizen.deceased.
   */
  type: string;
  /**
   * The record's id.
   */
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  /**
   * $id of the data schema.
   */
  dataschema: string;
  /**
   * The record's version after this change (1, 2, 3 ... per subject), as a decimal string.
   */
  sequence: string;
  /**
   * W3C trace context.
   */
  traceparent?: string;
  /**
   * Event data (structured mode only).
   */
  data?: {
    [k: string]: unknown | undefined;
  };
}
/**
 * An agency asks for up to 1000 records of one dataset under one purpose and case.
 */
export interface LookupBatchRequest {
  dataset: Dataset;
  /**
   * @minItems 1
   * @maxItems 1000
   */
  subjects: [Subject, ...Subject[]];
  purpose: Purpose;
  caseReference: CaseReference;
  /**
   * @minItems 1
   */
  fields?: [FieldSelector, ...FieldSelector[]];
}
/**
 * Results in request order; a subject that is not found or not in scope says so without failing the batch.
 */
export interface LookupBatchResponse {
  dataset: Dataset;
  /**
   * @maxItems 1000
   */
  results: LookupBatchResult[];
}
export interface LookupBatchResult {
  subject: Subject;
  found: boolean;
  version?: RecordVersion;
  disclosedFields?: FieldSelector[];
  data?: {};
}
/**
 * An agency asks for one record.
 */
export interface LookupRequest {
  dataset: Dataset;
  subject: Subject;
  purpose: Purpose;
  caseReference: CaseReference;
  /**
   * Fields wanted; omitted means every field the grant allows.
   *
   * @minItems 1
   */
  fields?: [FieldSelector, ...FieldSelector[]];
}
/**
 * One record, projected to the fields the grant allows. `data` is a projection, so it is validated against the record schema before projection, not here.
 */
export interface LookupResponse {
  dataset: Dataset;
  subject: Subject;
  version: RecordVersion;
  dataschema: string;
  disclosedFields: FieldSelector[];
  data: {};
}
/**
 * One agency's access policy file. Default deny: only what a grant names is allowed.
 */
export interface AccessPolicy {
  /**
   * Agency id, e.g. moh.
   */
  agency: string;
  description?: string;
  /**
   * @minItems 1
   */
  grants: [PolicyGrant, ...PolicyGrant[]];
}
export interface PolicyGrant {
  dataset: Dataset;
  /**
   * @minItems 1
   */
  operations: [PolicyOperation, ...PolicyOperation[]];
  /**
   * @minItems 1
   */
  purposes: [Purpose, ...Purpose[]];
  /**
   * Field paths or classification names (identity, contact, address, family, status, sensitive).
   *
   * @minItems 1
   */
  fields: [FieldSelector, ...FieldSelector[]];
  /**
   * Row scope: field path -> allowed values; a record is in scope when every path holds one of its values.
   */
  where?: {
    /**
     * @minItems 1
     */
    [k: string]: [string | number | boolean, ...(string | number | boolean)[]] | undefined;
  };
  rateLimit?: RateLimit;
  validFrom: IsoDate;
  validUntil?: IsoDate;
  legalBasis: string;
}
export interface RateLimit {
  perMinute: number;
}
/**
 * An agency subscribes to the change feed of a dataset, projected to its grant; operation `subscribe`.
 */
export interface SubscriptionRequest {
  dataset: Dataset;
  purpose: Purpose;
  /**
   * Only these event types (e.g. population.citizen.deceased); absent = every type of the dataset.
   *
   * @minItems 1
   * @maxItems 50
   */
  eventTypes?: [string, ...string[]];
  delivery: SubscriptionDelivery;
  /**
   * 'now' = events published after the subscription; { from } = events whose time is at or after it, among those not yet consumed; 'backfill' = the current state of every record in scope first, then the live feed, without a gap or a duplicate at the seam.
   */
  start?:
    | ('now' | 'backfill')
    | {
        from: string;
      };
}
/**
 * The agency polls GET /v1/subscriptions/:id/events with a cursor.
 */
export interface PullDelivery {
  mode: 'pull';
}
/**
 * The gateway produces to feed.<agencyId>.<domain>.<entity>, binary mode, keyed by subject.
 */
export interface KafkaDelivery {
  mode: 'kafka';
}
/**
 * The gateway POSTs each event (structured mode), signed with Standard Webhooks headers.
 */
export interface WebhookDelivery {
  mode: 'webhook';
  /**
   * https URL of the receiver (http only for loopback addresses).
   */
  url: string;
  /**
   * Signing secret `whsec_<base64 of 24-64 bytes>`; generated and returned once when absent.
   */
  secret?: string;
  /**
   * Attempts before an event is parked as a dead letter.
   */
  maxAttempts?: number;
}
/**
 * An agency asks whether a record holds the claimed values (yes/no, nothing disclosed).
 */
export interface VerifyRequest {
  dataset: Dataset;
  subject: Subject;
  purpose: Purpose;
  caseReference: CaseReference;
  /**
   * Field path -> claimed value, e.g. { "fullName": "Nguyễn Văn An", "dateOfBirth": "1990-01-31" }.
   */
  claims: {
    [k: string]: string | number | boolean | undefined;
  };
}
/**
 * Whether every claim matched; never says which claim failed, so nothing is disclosed.
 */
export interface VerifyResponse {
  dataset: Dataset;
  subject: Subject;
  match: boolean;
}
/**
 * An officer records a new employer (null: a voluntary participant without one) and, optionally, the new contribution salary.
 */
export interface ChangeEmployerCommand {
  employerEnterpriseCode: EnterpriseCode | null;
  contributionSalary?: MoneyVnd;
}
/**
 * An officer changes the participant's status (a death is recorded by the population registry, not here).
 */
export interface ChangeStatusCommand {
  status: 'active' | 'suspended' | 'ended' | 'retired' | 'deceased';
}
/**
 * An officer ends coverage under one open scheme, with the date and the reason.
 */
export interface EndSchemeCommand {
  scheme: SchemeName;
  endDate: IsoDate;
  endReason: 'employment-ended' | 'retired' | 'deceased' | 'emigrated' | 'transferred' | 'other';
}
/**
 * An officer issues or renews the participant's health-insurance card; the new card replaces the old one.
 */
export interface IssueCardCommand {
  /**
   * 15 characters: 2-letter beneficiary group, benefit level 1-5, 2-digit province, 10-digit social-insurance number.
   */
  number: string;
  validFrom: IsoDate;
  validUntil: IsoDate;
  /**
   * Registered primary-care facility (2-digit province + 3-digit facility).
   */
  primaryCareFacilityCode: string;
}
/**
 * An officer opens coverage under one scheme (a new one, or again after it ended).
 */
export interface OpenSchemeCommand {
  scheme: SchemeName;
  startDate: IsoDate;
}
export interface ParticipantFields {
  socialInsuranceNumber: SocialInsuranceNumber;
  personalId: PersonalId;
  employerEnterpriseCode?: EnterpriseCode1;
  schemes: Schemes;
  healthInsuranceCard?: HealthInsuranceCard;
  contributionSalary: MoneyVnd3;
  status: 'active' | 'suspended' | 'ended' | 'retired' | 'deceased';
  version: RecordVersion;
}
/**
 * Coverage per scheme; a scheme never joined is absent.
 */
export interface Schemes {
  sickness?: SchemePeriod;
  maternity?: SchemePeriod;
  workInjuryOccupationalDisease?: SchemePeriod;
  survivor?: SchemePeriod;
  oldAge?: SchemePeriod;
  unemployment?: SchemePeriod;
  healthInsurance?: SchemePeriod;
}
/**
 * Coverage of one insurance scheme; endReason requires endDate.
 */
export interface SchemePeriod {
  startDate: IsoDate;
  endDate?: IsoDate;
  endReason?: 'employment-ended' | 'retired' | 'deceased' | 'emigrated' | 'transferred' | 'other';
}
export interface HealthInsuranceCard {
  /**
   * 15 characters: 2-letter beneficiary group, benefit level 1-5, 2-digit province, 10-digit social-insurance number.
   */
  number: string;
  validFrom: IsoDate;
  validUntil: IsoDate;
  /**
   * Registered primary-care facility (2-digit province + 3-digit facility).
   */
  primaryCareFacilityCode: string;
}
export interface InsuranceParticipantCardIssuedV1 {
  /**
   * Top-level fields whose value differs from the previous version (all fields on creation).
   *
   * @minItems 1
   */
  changedFields: [ParticipantFieldName, ...ParticipantFieldName[]];
  healthInsuranceCard: HealthInsuranceCard;
}
export interface InsuranceParticipantEmployerChangedV1 {
  /**
   * Top-level fields whose value differs from the previous version (all fields on creation).
   *
   * @minItems 1
   */
  changedFields: [ParticipantFieldName, ...ParticipantFieldName[]];
}
export interface InsuranceParticipantEnrolledV1 {
  /**
   * Top-level fields whose value differs from the previous version (all fields on creation).
   *
   * @minItems 1
   */
  changedFields: [ParticipantFieldName, ...ParticipantFieldName[]];
}
export interface InsuranceParticipantSchemeEndedV1 {
  /**
   * Top-level fields whose value differs from the previous version (all fields on creation).
   *
   * @minItems 1
   */
  changedFields: [ParticipantFieldName, ...ParticipantFieldName[]];
}
export interface InsuranceParticipantSchemeOpenedV1 {
  /**
   * Top-level fields whose value differs from the previous version (all fields on creation).
   *
   * @minItems 1
   */
  changedFields: [ParticipantFieldName, ...ParticipantFieldName[]];
}
export interface InsuranceParticipantStatusChangedV1 {
  /**
   * Top-level fields whose value differs from the previous version (all fields on creation).
   *
   * @minItems 1
   */
  changedFields: [ParticipantFieldName, ...ParticipantFieldName[]];
}
/**
 * An officer registers a new permanent and/or temporary residence; a temporary residence of null ends it.
 */
export interface ChangeResidenceCommand {
  permanentAddress?: Address;
  temporaryAddress?: Address | null;
}
export interface CitizenFields {
  personalId: PersonalId;
  fullName: VietnameseName;
  dateOfBirth: IsoDate;
  /**
   * Sex as registered.
   */
  sex: 'male' | 'female';
  /**
   * ISO 3166-1 alpha-2 country code.
   */
  nationality: string;
  ethnicity: VietnameseName3;
  placeOfOrigin: Place;
  permanentAddress: Address;
  temporaryAddress?: Address;
  /**
   * Household book identifier.
   */
  householdId: string;
  relationToHouseholdHead:
    'head' | 'spouse' | 'child' | 'parent' | 'sibling' | 'grandchild' | 'grandparent' | 'other';
  fatherId?: PersonalId;
  motherId?: PersonalId;
  spouseId?: PersonalId;
  identityCard?: IdentityCard;
  status: 'alive' | 'deceased';
  dateOfDeath?: IsoDate1;
  version: RecordVersion;
}
/**
 * Quê quán: the family's place of origin.
 */
export interface Place {
  provinceCode: ProvinceCode;
  communeCode: CommuneCode;
}
/**
 * Chip-based citizen identity card (CCCD).
 */
export interface IdentityCard {
  number: string;
  issueDate: IsoDate;
}
export interface PopulationCitizenBornV1 {
  /**
   * Top-level fields whose value differs from the previous version (all fields on creation).
   *
   * @minItems 1
   */
  changedFields: [CitizenFieldName, ...CitizenFieldName[]];
}
export interface PopulationCitizenDeceasedV1 {
  /**
   * Top-level fields whose value differs from the previous version (all fields on creation).
   *
   * @minItems 1
   */
  changedFields: [CitizenFieldName, ...CitizenFieldName[]];
  status?: 'deceased';
}
export interface PopulationCitizenHouseholdLinkedV1 {
  /**
   * Top-level fields whose value differs from the previous version (all fields on creation).
   *
   * @minItems 1
   */
  changedFields: [CitizenFieldName, ...CitizenFieldName[]];
}
export interface PopulationCitizenNameCorrectedV1 {
  /**
   * Top-level fields whose value differs from the previous version (all fields on creation).
   *
   * @minItems 1
   */
  changedFields: [CitizenFieldName, ...CitizenFieldName[]];
}
export interface PopulationCitizenRegisteredV1 {
  /**
   * Top-level fields whose value differs from the previous version (all fields on creation).
   *
   * @minItems 1
   */
  changedFields: [CitizenFieldName, ...CitizenFieldName[]];
}
export interface PopulationCitizenResidenceChangedV1 {
  /**
   * Top-level fields whose value differs from the previous version (all fields on creation).
   *
   * @minItems 1
   */
  changedFields: [CitizenFieldName, ...CitizenFieldName[]];
}
/**
 * An officer corrects a citizen's registered full name.
 */
export interface CorrectNameCommand {
  fullName: VietnameseName;
}
/**
 * An officer links a citizen to a household with their relation to its head.
 */
export interface LinkHouseholdCommand {
  householdId: string;
  relationToHouseholdHead:
    'head' | 'spouse' | 'child' | 'parent' | 'sibling' | 'grandchild' | 'grandparent' | 'other';
}
/**
 * An officer records a citizen's death.
 */
export interface RecordDeathCommand {
  dateOfDeath: IsoDate;
}

/** Maps every schema $id to the type generated from it. */
export interface SchemaTypeMap {
  'https://schemas.ndg.gov.vn/business/amend-enterprise-command.v1.schema.json': AmendEnterpriseCommand;
  'https://schemas.ndg.gov.vn/business/change-enterprise-status-command.v1.schema.json': ChangeEnterpriseStatusCommand;
  'https://schemas.ndg.gov.vn/business/enterprise-amended.v1.schema.json': EnterpriseAmendedData;
  'https://schemas.ndg.gov.vn/business/enterprise-registered.v1.schema.json': EnterpriseRegisteredData;
  'https://schemas.ndg.gov.vn/business/enterprise-representative-deceased.v1.schema.json': EnterpriseRepresentativeDeceasedData;
  'https://schemas.ndg.gov.vn/business/enterprise-status-changed.v1.schema.json': EnterpriseStatusChangedData;
  'https://schemas.ndg.gov.vn/business/enterprise.v1.schema.json': Enterprise;
  'https://schemas.ndg.gov.vn/business/enterprise.v2.schema.json': EnterpriseV2;
  'https://schemas.ndg.gov.vn/common/problem.v1.schema.json': Problem;
  'https://schemas.ndg.gov.vn/common/record-batch-request.v1.schema.json': RecordBatchRequest;
  'https://schemas.ndg.gov.vn/common/record-page.v1.schema.json': RecordPage;
  'https://schemas.ndg.gov.vn/events/cloudevent.v1.schema.json': CloudEventEnvelope;
  'https://schemas.ndg.gov.vn/gateway/lookup-batch-request.v1.schema.json': LookupBatchRequest;
  'https://schemas.ndg.gov.vn/gateway/lookup-batch-response.v1.schema.json': LookupBatchResponse;
  'https://schemas.ndg.gov.vn/gateway/lookup-request.v1.schema.json': LookupRequest;
  'https://schemas.ndg.gov.vn/gateway/lookup-response.v1.schema.json': LookupResponse;
  'https://schemas.ndg.gov.vn/gateway/policy.v1.schema.json': AccessPolicy;
  'https://schemas.ndg.gov.vn/gateway/subscription-request.v1.schema.json': SubscriptionRequest;
  'https://schemas.ndg.gov.vn/gateway/verify-request.v1.schema.json': VerifyRequest;
  'https://schemas.ndg.gov.vn/gateway/verify-response.v1.schema.json': VerifyResponse;
  'https://schemas.ndg.gov.vn/insurance/change-employer-command.v1.schema.json': ChangeEmployerCommand;
  'https://schemas.ndg.gov.vn/insurance/change-status-command.v1.schema.json': ChangeStatusCommand;
  'https://schemas.ndg.gov.vn/insurance/end-scheme-command.v1.schema.json': EndSchemeCommand;
  'https://schemas.ndg.gov.vn/insurance/issue-card-command.v1.schema.json': IssueCardCommand;
  'https://schemas.ndg.gov.vn/insurance/open-scheme-command.v1.schema.json': OpenSchemeCommand;
  'https://schemas.ndg.gov.vn/insurance/participant-card-issued.v1.schema.json': ParticipantCardIssuedData;
  'https://schemas.ndg.gov.vn/insurance/participant-employer-changed.v1.schema.json': ParticipantEmployerChangedData;
  'https://schemas.ndg.gov.vn/insurance/participant-enrolled.v1.schema.json': ParticipantEnrolledData;
  'https://schemas.ndg.gov.vn/insurance/participant-scheme-ended.v1.schema.json': ParticipantSchemeEndedData;
  'https://schemas.ndg.gov.vn/insurance/participant-scheme-opened.v1.schema.json': ParticipantSchemeOpenedData;
  'https://schemas.ndg.gov.vn/insurance/participant-status-changed.v1.schema.json': ParticipantStatusChangedData;
  'https://schemas.ndg.gov.vn/insurance/participant.v1.schema.json': Participant;
  'https://schemas.ndg.gov.vn/population/change-residence-command.v1.schema.json': ChangeResidenceCommand;
  'https://schemas.ndg.gov.vn/population/citizen-born.v1.schema.json': CitizenBornData;
  'https://schemas.ndg.gov.vn/population/citizen-deceased.v1.schema.json': CitizenDeceasedData;
  'https://schemas.ndg.gov.vn/population/citizen-household-linked.v1.schema.json': CitizenHouseholdLinkedData;
  'https://schemas.ndg.gov.vn/population/citizen-name-corrected.v1.schema.json': CitizenNameCorrectedData;
  'https://schemas.ndg.gov.vn/population/citizen-registered.v1.schema.json': CitizenRegisteredData;
  'https://schemas.ndg.gov.vn/population/citizen-residence-changed.v1.schema.json': CitizenResidenceChangedData;
  'https://schemas.ndg.gov.vn/population/citizen.v1.schema.json': Citizen;
  'https://schemas.ndg.gov.vn/population/correct-name-command.v1.schema.json': CorrectNameCommand;
  'https://schemas.ndg.gov.vn/population/link-household-command.v1.schema.json': LinkHouseholdCommand;
  'https://schemas.ndg.gov.vn/population/record-death-command.v1.schema.json': RecordDeathCommand;
}

/** Maps every event type to the type of its data. */
export interface EventDataTypeMap {
  'business.enterprise.amended': SchemaTypeMap['https://schemas.ndg.gov.vn/business/enterprise-amended.v1.schema.json'];
  'business.enterprise.registered': SchemaTypeMap['https://schemas.ndg.gov.vn/business/enterprise-registered.v1.schema.json'];
  'business.enterprise.representative-deceased': SchemaTypeMap['https://schemas.ndg.gov.vn/business/enterprise-representative-deceased.v1.schema.json'];
  'business.enterprise.status-changed': SchemaTypeMap['https://schemas.ndg.gov.vn/business/enterprise-status-changed.v1.schema.json'];
  'insurance.participant.card-issued': SchemaTypeMap['https://schemas.ndg.gov.vn/insurance/participant-card-issued.v1.schema.json'];
  'insurance.participant.employer-changed': SchemaTypeMap['https://schemas.ndg.gov.vn/insurance/participant-employer-changed.v1.schema.json'];
  'insurance.participant.enrolled': SchemaTypeMap['https://schemas.ndg.gov.vn/insurance/participant-enrolled.v1.schema.json'];
  'insurance.participant.scheme-ended': SchemaTypeMap['https://schemas.ndg.gov.vn/insurance/participant-scheme-ended.v1.schema.json'];
  'insurance.participant.scheme-opened': SchemaTypeMap['https://schemas.ndg.gov.vn/insurance/participant-scheme-opened.v1.schema.json'];
  'insurance.participant.status-changed': SchemaTypeMap['https://schemas.ndg.gov.vn/insurance/participant-status-changed.v1.schema.json'];
  'population.citizen.born': SchemaTypeMap['https://schemas.ndg.gov.vn/population/citizen-born.v1.schema.json'];
  'population.citizen.deceased': SchemaTypeMap['https://schemas.ndg.gov.vn/population/citizen-deceased.v1.schema.json'];
  'population.citizen.household-linked': SchemaTypeMap['https://schemas.ndg.gov.vn/population/citizen-household-linked.v1.schema.json'];
  'population.citizen.name-corrected': SchemaTypeMap['https://schemas.ndg.gov.vn/population/citizen-name-corrected.v1.schema.json'];
  'population.citizen.registered': SchemaTypeMap['https://schemas.ndg.gov.vn/population/citizen-registered.v1.schema.json'];
  'population.citizen.residence-changed': SchemaTypeMap['https://schemas.ndg.gov.vn/population/citizen-residence-changed.v1.schema.json'];
}

/** Maps every event type to the $id of its data schema. */
export const EVENT_DATA_SCHEMA_IDS = {
  'business.enterprise.amended': 'https://schemas.ndg.gov.vn/business/enterprise-amended.v1.schema.json',
  'business.enterprise.registered':
    'https://schemas.ndg.gov.vn/business/enterprise-registered.v1.schema.json',
  'business.enterprise.representative-deceased':
    'https://schemas.ndg.gov.vn/business/enterprise-representative-deceased.v1.schema.json',
  'business.enterprise.status-changed':
    'https://schemas.ndg.gov.vn/business/enterprise-status-changed.v1.schema.json',
  'insurance.participant.card-issued':
    'https://schemas.ndg.gov.vn/insurance/participant-card-issued.v1.schema.json',
  'insurance.participant.employer-changed':
    'https://schemas.ndg.gov.vn/insurance/participant-employer-changed.v1.schema.json',
  'insurance.participant.enrolled':
    'https://schemas.ndg.gov.vn/insurance/participant-enrolled.v1.schema.json',
  'insurance.participant.scheme-ended':
    'https://schemas.ndg.gov.vn/insurance/participant-scheme-ended.v1.schema.json',
  'insurance.participant.scheme-opened':
    'https://schemas.ndg.gov.vn/insurance/participant-scheme-opened.v1.schema.json',
  'insurance.participant.status-changed':
    'https://schemas.ndg.gov.vn/insurance/participant-status-changed.v1.schema.json',
  'population.citizen.born': 'https://schemas.ndg.gov.vn/population/citizen-born.v1.schema.json',
  'population.citizen.deceased': 'https://schemas.ndg.gov.vn/population/citizen-deceased.v1.schema.json',
  'population.citizen.household-linked':
    'https://schemas.ndg.gov.vn/population/citizen-household-linked.v1.schema.json',
  'population.citizen.name-corrected':
    'https://schemas.ndg.gov.vn/population/citizen-name-corrected.v1.schema.json',
  'population.citizen.registered': 'https://schemas.ndg.gov.vn/population/citizen-registered.v1.schema.json',
  'population.citizen.residence-changed':
    'https://schemas.ndg.gov.vn/population/citizen-residence-changed.v1.schema.json',
} as const;

/** $id of every schema that describes a value. */
export const SCHEMA_IDS = [
  'https://schemas.ndg.gov.vn/business/amend-enterprise-command.v1.schema.json',
  'https://schemas.ndg.gov.vn/business/change-enterprise-status-command.v1.schema.json',
  'https://schemas.ndg.gov.vn/business/enterprise-amended.v1.schema.json',
  'https://schemas.ndg.gov.vn/business/enterprise-registered.v1.schema.json',
  'https://schemas.ndg.gov.vn/business/enterprise-representative-deceased.v1.schema.json',
  'https://schemas.ndg.gov.vn/business/enterprise-status-changed.v1.schema.json',
  'https://schemas.ndg.gov.vn/business/enterprise.v1.schema.json',
  'https://schemas.ndg.gov.vn/business/enterprise.v2.schema.json',
  'https://schemas.ndg.gov.vn/common/problem.v1.schema.json',
  'https://schemas.ndg.gov.vn/common/record-batch-request.v1.schema.json',
  'https://schemas.ndg.gov.vn/common/record-page.v1.schema.json',
  'https://schemas.ndg.gov.vn/events/cloudevent.v1.schema.json',
  'https://schemas.ndg.gov.vn/gateway/lookup-batch-request.v1.schema.json',
  'https://schemas.ndg.gov.vn/gateway/lookup-batch-response.v1.schema.json',
  'https://schemas.ndg.gov.vn/gateway/lookup-request.v1.schema.json',
  'https://schemas.ndg.gov.vn/gateway/lookup-response.v1.schema.json',
  'https://schemas.ndg.gov.vn/gateway/policy.v1.schema.json',
  'https://schemas.ndg.gov.vn/gateway/subscription-request.v1.schema.json',
  'https://schemas.ndg.gov.vn/gateway/verify-request.v1.schema.json',
  'https://schemas.ndg.gov.vn/gateway/verify-response.v1.schema.json',
  'https://schemas.ndg.gov.vn/insurance/change-employer-command.v1.schema.json',
  'https://schemas.ndg.gov.vn/insurance/change-status-command.v1.schema.json',
  'https://schemas.ndg.gov.vn/insurance/end-scheme-command.v1.schema.json',
  'https://schemas.ndg.gov.vn/insurance/issue-card-command.v1.schema.json',
  'https://schemas.ndg.gov.vn/insurance/open-scheme-command.v1.schema.json',
  'https://schemas.ndg.gov.vn/insurance/participant-card-issued.v1.schema.json',
  'https://schemas.ndg.gov.vn/insurance/participant-employer-changed.v1.schema.json',
  'https://schemas.ndg.gov.vn/insurance/participant-enrolled.v1.schema.json',
  'https://schemas.ndg.gov.vn/insurance/participant-scheme-ended.v1.schema.json',
  'https://schemas.ndg.gov.vn/insurance/participant-scheme-opened.v1.schema.json',
  'https://schemas.ndg.gov.vn/insurance/participant-status-changed.v1.schema.json',
  'https://schemas.ndg.gov.vn/insurance/participant.v1.schema.json',
  'https://schemas.ndg.gov.vn/population/change-residence-command.v1.schema.json',
  'https://schemas.ndg.gov.vn/population/citizen-born.v1.schema.json',
  'https://schemas.ndg.gov.vn/population/citizen-deceased.v1.schema.json',
  'https://schemas.ndg.gov.vn/population/citizen-household-linked.v1.schema.json',
  'https://schemas.ndg.gov.vn/population/citizen-name-corrected.v1.schema.json',
  'https://schemas.ndg.gov.vn/population/citizen-registered.v1.schema.json',
  'https://schemas.ndg.gov.vn/population/citizen-residence-changed.v1.schema.json',
  'https://schemas.ndg.gov.vn/population/citizen.v1.schema.json',
  'https://schemas.ndg.gov.vn/population/correct-name-command.v1.schema.json',
  'https://schemas.ndg.gov.vn/population/link-household-command.v1.schema.json',
  'https://schemas.ndg.gov.vn/population/record-death-command.v1.schema.json',
] as const;
