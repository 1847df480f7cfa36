import type { Enterprise } from '@ndg/contracts';
import type { RecordKind } from '@ndg/registry-kit';

export const ENTERPRISE_SCHEMA_ID = 'https://schemas.ndg.gov.vn/business/enterprise.v1.schema.json';

export const ENTERPRISE_KIND: RecordKind<Enterprise> = {
  table: 'enterprise',
  aggregateType: 'business.enterprise',
  source: '/registries/business',
  recordSchemaId: ENTERPRISE_SCHEMA_ID,
  idOf: (e) => e.enterpriseCode,
  idPattern: /^[0-9]{10}(-[0-9]{3})?$/,
};
