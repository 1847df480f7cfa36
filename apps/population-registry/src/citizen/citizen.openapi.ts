import { internalLookupRoutes, type OpenApiSpec } from '@ndg/registry-kit';
import { CITIZEN_SCHEMA_ID } from './citizen.kind.js';

const S = 'https://schemas.ndg.gov.vn/';

export const POPULATION_OPENAPI: OpenApiSpec = {
  title: 'Population registry',
  version: '1',
  description: "The national population register: officers' API and the gateway's internal lookup API.",
  routes: [
    {
      method: 'post',
      path: '/citizens',
      operationId: 'registerBirth',
      summary: 'Register a birth',
      requestSchema: CITIZEN_SCHEMA_ID,
      responseSchema: CITIZEN_SCHEMA_ID,
      status: 201,
      tags: ['officers'],
    },
    {
      method: 'get',
      path: '/citizens/:id',
      operationId: 'getCitizen',
      summary: 'Read a citizen (with its ETag)',
      responseSchema: CITIZEN_SCHEMA_ID,
      tags: ['officers'],
    },
    {
      method: 'post',
      path: '/citizens/:id/death',
      operationId: 'recordDeath',
      summary: 'Record a death',
      requestSchema: `${S}population/record-death-command.v1.schema.json`,
      responseSchema: CITIZEN_SCHEMA_ID,
      conditional: true,
      tags: ['officers'],
    },
    {
      method: 'put',
      path: '/citizens/:id/residence',
      operationId: 'changeResidence',
      summary: 'Change permanent or temporary residence',
      requestSchema: `${S}population/change-residence-command.v1.schema.json`,
      responseSchema: CITIZEN_SCHEMA_ID,
      conditional: true,
      tags: ['officers'],
    },
    {
      method: 'put',
      path: '/citizens/:id/name',
      operationId: 'correctName',
      summary: 'Correct a name',
      requestSchema: `${S}population/correct-name-command.v1.schema.json`,
      responseSchema: CITIZEN_SCHEMA_ID,
      conditional: true,
      tags: ['officers'],
    },
    {
      method: 'put',
      path: '/citizens/:id/household',
      operationId: 'linkHousehold',
      summary: 'Link to a household',
      requestSchema: `${S}population/link-household-command.v1.schema.json`,
      responseSchema: CITIZEN_SCHEMA_ID,
      conditional: true,
      tags: ['officers'],
    },
    ...internalLookupRoutes(CITIZEN_SCHEMA_ID),
  ],
};
