import type { Participant } from '@ndg/contracts';
import type { RecordKind } from '@ndg/registry-kit';

export const PARTICIPANT_SCHEMA_ID = 'https://schemas.ndg.gov.vn/insurance/participant.v1.schema.json';

export const PARTICIPANT_KIND: RecordKind<Participant> = {
  table: 'participant',
  aggregateType: 'insurance.participant',
  source: '/registries/insurance',
  recordSchemaId: PARTICIPANT_SCHEMA_ID,
  idOf: (p) => p.socialInsuranceNumber,
  idPattern: /^[0-9]{10}$/,
};
