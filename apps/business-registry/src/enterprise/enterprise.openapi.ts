import { internalLookupRoutes, type OpenApiSpec } from '@ndg/registry-kit';
import { ENTERPRISE_SCHEMA_ID } from './enterprise.kind.js';

const S = 'https://schemas.ndg.gov.vn/';

export const BUSINESS_OPENAPI: OpenApiSpec = {
  title: 'Business registry',
  version: '1',
  description: "The national business register: officers' API and the gateway's internal lookup API.",
  routes: [
    {
      method: 'post',
      path: '/enterprises',
      operationId: 'registerEnterprise',
      summary: 'Register an enterprise or branch',
      requestSchema: ENTERPRISE_SCHEMA_ID,
      responseSchema: ENTERPRISE_SCHEMA_ID,
      status: 201,
      tags: ['officers'],
    },
    {
      method: 'get',
      path: '/enterprises/:id',
      operationId: 'getEnterprise',
      summary: 'Read an enterprise (with its ETag)',
      responseSchema: ENTERPRISE_SCHEMA_ID,
      tags: ['officers'],
    },
    {
      method: 'put',
      path: '/enterprises/:id',
      operationId: 'amendEnterprise',
      summary: 'Amend names, head office, capital, industries or legal representatives',
      requestSchema: `${S}business/amend-enterprise-command.v1.schema.json`,
      responseSchema: ENTERPRISE_SCHEMA_ID,
      conditional: true,
      tags: ['officers'],
    },
    {
      method: 'post',
      path: '/enterprises/:id/status',
      operationId: 'changeEnterpriseStatus',
      summary: 'Suspend, dissolve, declare bankrupt or reactivate',
      requestSchema: `${S}business/change-enterprise-status-command.v1.schema.json`,
      responseSchema: ENTERPRISE_SCHEMA_ID,
      conditional: true,
      tags: ['officers'],
    },
    ...internalLookupRoutes(ENTERPRISE_SCHEMA_ID),
  ],
};
