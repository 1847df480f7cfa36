import { internalLookupRoutes, type OpenApiSpec } from '@ndg/registry-kit';
import { PARTICIPANT_SCHEMA_ID } from './participant.kind.js';

const S = 'https://schemas.ndg.gov.vn/';

export const INSURANCE_OPENAPI: OpenApiSpec = {
  title: 'Insurance registry',
  version: '1',
  description:
    "The social- and health-insurance register: officers' API and the gateway's internal lookup API.",
  routes: [
    {
      method: 'post',
      path: '/participants',
      operationId: 'enrolParticipant',
      summary: 'Enrol a participant',
      requestSchema: PARTICIPANT_SCHEMA_ID,
      responseSchema: PARTICIPANT_SCHEMA_ID,
      status: 201,
      tags: ['officers'],
    },
    {
      method: 'get',
      path: '/participants/:id',
      operationId: 'getParticipant',
      summary: 'Read a participant (with its ETag)',
      responseSchema: PARTICIPANT_SCHEMA_ID,
      tags: ['officers'],
    },
    {
      method: 'put',
      path: '/participants/:id/employer',
      operationId: 'changeEmployer',
      summary: 'Change the employer (and contribution salary)',
      requestSchema: `${S}insurance/change-employer-command.v1.schema.json`,
      responseSchema: PARTICIPANT_SCHEMA_ID,
      conditional: true,
      tags: ['officers'],
    },
    {
      method: 'post',
      path: '/participants/:id/schemes/open',
      operationId: 'openScheme',
      summary: 'Open coverage under a scheme',
      requestSchema: `${S}insurance/open-scheme-command.v1.schema.json`,
      responseSchema: PARTICIPANT_SCHEMA_ID,
      conditional: true,
      tags: ['officers'],
    },
    {
      method: 'post',
      path: '/participants/:id/schemes/end',
      operationId: 'endScheme',
      summary: 'End coverage under a scheme, with a reason',
      requestSchema: `${S}insurance/end-scheme-command.v1.schema.json`,
      responseSchema: PARTICIPANT_SCHEMA_ID,
      conditional: true,
      tags: ['officers'],
    },
    {
      method: 'put',
      path: '/participants/:id/card',
      operationId: 'issueCard',
      summary: 'Issue or renew the health-insurance card',
      requestSchema: `${S}insurance/issue-card-command.v1.schema.json`,
      responseSchema: PARTICIPANT_SCHEMA_ID,
      conditional: true,
      tags: ['officers'],
    },
    {
      method: 'put',
      path: '/participants/:id/status',
      operationId: 'changeStatus',
      summary: 'Change the participant status',
      requestSchema: `${S}insurance/change-status-command.v1.schema.json`,
      responseSchema: PARTICIPANT_SCHEMA_ID,
      conditional: true,
      tags: ['officers'],
    },
    ...internalLookupRoutes(PARTICIPANT_SCHEMA_ID),
  ],
};
