import { getContracts } from '@ndg/contracts';

export interface OpenApiRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  operationId: string;
  summary: string;
  /** `$id` of the request body schema. */
  requestSchema?: string;
  /** `$id` of the 2xx response schema. */
  responseSchema?: string;
  status?: number;
  /** The route changes a record: If-Match required, ETag returned. */
  conditional?: boolean;
  tags?: string[];
}

export interface OpenApiSpec {
  title: string;
  version: string;
  description: string;
  routes: readonly OpenApiRoute[];
}

const PROBLEM_ID = 'https://schemas.ndg.gov.vn/common/problem.v1.schema.json';

/** The internal routes every registry serves the gateway (createInternalLookupController). */
export function internalLookupRoutes(recordSchemaId: string): OpenApiRoute[] {
  const common = 'https://schemas.ndg.gov.vn/common/';
  return [
    {
      method: 'get',
      path: '/internal/records/:id',
      operationId: 'lookupRecord',
      summary: 'Gateway: one record by id',
      responseSchema: recordSchemaId,
      tags: ['internal'],
    },
    {
      method: 'post',
      path: '/internal/records/batch',
      operationId: 'lookupRecords',
      summary: 'Gateway: records by id',
      requestSchema: `${common}record-batch-request.v1.schema.json`,
      tags: ['internal'],
    },
    {
      method: 'get',
      path: '/internal/records',
      operationId: 'pageRecords',
      summary: 'Gateway: snapshot page (?after=<id>&limit=1..1000), ordered by id, for change-feed backfill',
      responseSchema: `${common}record-page.v1.schema.json`,
      tags: ['internal'],
    },
  ];
}

/**
 * OpenAPI 3.1 built from the contracts themselves (3.1 speaks JSON Schema 2020-12), so the
 * documented shapes are exactly the validated ones.
 */
export function buildOpenApiDocument(spec: OpenApiSpec): Record<string, unknown> {
  const contracts = getContracts();
  const schemas: Record<string, unknown> = {};
  const ref = (id: string) => {
    const name = id
      .replace(/^https:\/\/[^/]+\//, '')
      .replace(/\.schema\.json$/, '')
      .replace(/[^A-Za-z0-9.]/g, '_');
    schemas[name] = contracts.schema(id);
    return { $ref: `#/components/schemas/${name}` };
  };
  // Referenced files (shared defs) travel along, identified by their $id.
  for (const id of contracts.schemaIds()) if (id.includes('/common/') || id.includes('/defs.')) ref(id);
  const problem = { content: { 'application/problem+json': { schema: ref(PROBLEM_ID) } } };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of spec.routes) {
    const path = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const params = [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (r.conditional)
      params.push({ name: 'If-Match', in: 'header', required: true, schema: { type: 'string' } });
    const ok = String(r.status ?? 200);
    paths[path] ??= {};
    paths[path][r.method] = {
      operationId: r.operationId,
      summary: r.summary,
      ...(r.tags ? { tags: r.tags } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(r.requestSchema
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: ref(r.requestSchema) } },
            },
          }
        : {}),
      responses: {
        [ok]: {
          description: 'OK',
          ...(r.responseSchema ? { content: { 'application/json': { schema: ref(r.responseSchema) } } } : {}),
          ...(r.conditional || r.method === 'get'
            ? { headers: { ETag: { schema: { type: 'string' } } } }
            : {}),
        },
        '4XX': { description: 'The request was refused; see the problem type', ...problem },
        '5XX': { description: 'Server fault', ...problem },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: spec.title, version: spec.version, description: spec.description },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: { schemas },
  };
}
