import type { Citizen } from '@ndg/contracts';
import type { RecordKind } from '@ndg/registry-kit';

export const CITIZEN_SCHEMA_ID = 'https://schemas.ndg.gov.vn/population/citizen.v1.schema.json';

export const CITIZEN_KIND: RecordKind<Citizen> = {
  table: 'citizen',
  aggregateType: 'population.citizen',
  source: '/registries/population',
  recordSchemaId: CITIZEN_SCHEMA_ID,
  idOf: (c) => c.personalId,
  idPattern: /^[0-9]{12}$/,
};
