import type { OpenApiSpec } from '@ndg/registry-kit';

/** The gateway's public routes, documented from the same schemas that validate them. */
export const GATEWAY_OPENAPI: OpenApiSpec = {
  title: 'National data gateway',
  version: '0.1.0',
  description:
    'Agencies read registry data here. Every call carries `Authorization: Bearer <JWT>` signed by the agency (ES256 or EdDSA; iss = agency, sub = officer, aud = the gateway, exp ≤ 5 min after iat, unique jti, purpose and case claims). Default deny: the agency policy decides datasets, operations, purposes, fields and row scope; every decision is audited.',
  routes: [
    {
      method: 'get',
      path: '/v1/datasets/:dataset/records/:id',
      operationId: 'lookupRecord',
      summary: 'One record, projected to the granted fields (?fields=a,b narrows it).',
      responseSchema: 'https://schemas.ndg.gov.vn/gateway/lookup-response.v1.schema.json',
      tags: ['lookups'],
    },
    {
      method: 'post',
      path: '/v1/datasets/:dataset/records/batch',
      operationId: 'lookupBatch',
      summary: 'Up to 1000 records; missing and out-of-scope subjects say found: false.',
      requestSchema: 'https://schemas.ndg.gov.vn/gateway/lookup-batch-request.v1.schema.json',
      responseSchema: 'https://schemas.ndg.gov.vn/gateway/lookup-batch-response.v1.schema.json',
      tags: ['lookups'],
    },
    {
      method: 'post',
      path: '/v1/datasets/:dataset/verify',
      operationId: 'verifyRecord',
      summary: 'Yes/no: does the record hold the claimed values? Discloses nothing else.',
      requestSchema: 'https://schemas.ndg.gov.vn/gateway/verify-request.v1.schema.json',
      responseSchema: 'https://schemas.ndg.gov.vn/gateway/verify-response.v1.schema.json',
      tags: ['lookups'],
    },
    {
      method: 'get',
      path: '/v1/citizens/:personalId/access-history',
      operationId: 'accessHistory',
      summary: 'Who accessed a citizen record and why (admin token for now).',
      tags: ['audit'],
    },
    {
      method: 'get',
      path: '/admin/policies/status',
      operationId: 'policyStatus',
      summary: 'Policies and agencies in force, and why the last change was refused.',
      tags: ['admin'],
    },
    {
      method: 'put',
      path: '/admin/policies/:agency',
      operationId: 'putPolicy',
      summary: 'Store an agency policy (validated; 422 with file:line reasons).',
      requestSchema: 'https://schemas.ndg.gov.vn/gateway/policy.v1.schema.json',
      tags: ['admin'],
    },
    {
      method: 'delete',
      path: '/admin/policies/:agency',
      operationId: 'deletePolicy',
      summary: 'Remove a stored policy (a file of that agency applies again).',
      status: 204,
      tags: ['admin'],
    },
    {
      method: 'put',
      path: '/admin/agencies/:id',
      operationId: 'putAgency',
      summary: 'Register an agency with inline public JWKs or a JWKS URL.',
      tags: ['admin'],
    },
    {
      method: 'delete',
      path: '/admin/agencies/:id',
      operationId: 'deleteAgency',
      summary: 'Remove a stored agency.',
      status: 204,
      tags: ['admin'],
    },
    {
      method: 'get',
      path: '/health',
      operationId: 'health',
      summary: 'Postgres and every registry reachable.',
      tags: ['operations'],
    },
  ],
};
