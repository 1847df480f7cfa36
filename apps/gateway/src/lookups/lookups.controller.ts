import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Dataset, LookupBatchResponse, LookupResponse, VerifyResponse } from '@ndg/contracts';
import { fieldCatalogues, type FieldCatalogue } from '@ndg/policy';
import { parseBody } from '@ndg/registry-kit';
import { GatewayError } from '../gateway-errors.js';
import { DATASETS } from './datasets.js';
import type { LookupContext, LookupInput } from './lookup-context.js';
import {
  checkQuery,
  checkSelectors,
  parseDataset,
  parseFieldsParam,
  parseId,
  traceIdOf,
} from './lookup-input.js';
import { LookupService } from './lookup.service.js';

const CATALOGUES = fieldCatalogues();

function catalogue(dataset: Dataset): FieldCatalogue {
  const c = CATALOGUES.get(dataset);
  if (!c) throw GatewayError.of('unknownDataset', `no field catalogue for ${dataset}`);
  return c;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** What agencies call: one record, a batch, or a yes/no verify. Every call passes the same chain. */
@Controller('v1/datasets')
export class LookupsController {
  constructor(private readonly lookups: LookupService) {}

  @Get(':dataset/records/:id')
  async one(
    @Param('dataset') datasetParam: string,
    @Param('id') idParam: string,
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
  ): Promise<LookupResponse> {
    const dataset = parseDataset(datasetParam);
    const subject = parseId(dataset, idParam);
    checkQuery(query, ['fields']);
    const fields = parseFieldsParam(catalogue(dataset), query['fields']);
    const ctx = await this.lookups.run(
      this.input(request, {
        dataset,
        operation: 'lookup',
        subjects: [subject],
        ...(fields ? { fields } : {}),
      }),
    );
    const result = ctx.results?.[0];
    // Out of scope answers exactly like missing: same status, same body.
    if (!result || result.outcome !== 'allowed' || !result.data)
      throw GatewayError.of('notFound', `no ${dataset} record ${subject}`, [
        { path: '/id', message: 'not found' },
      ]);
    return {
      dataset,
      subject,
      version: result.version ?? 0,
      dataschema: DATASETS[dataset].schemaId,
      disclosedFields: [...(ctx.grant?.fields ?? [])],
      data: result.data,
    };
  }

  @Post(':dataset/records/batch')
  @HttpCode(200)
  async batch(
    @Param('dataset') datasetParam: string,
    @Query() query: Record<string, unknown>,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ): Promise<LookupBatchResponse> {
    const dataset = parseDataset(datasetParam);
    checkQuery(query, []);
    const req = parseBody('https://schemas.ndg.gov.vn/gateway/lookup-batch-request.v1.schema.json', body);
    if (req.dataset !== dataset)
      throw GatewayError.of('datasetMismatch', `the body names ${req.dataset}`, [
        { path: '/dataset', message: `must be ${dataset}` },
      ]);
    req.subjects.forEach((s, i) => parseId(dataset, s, `/subjects/${i}`));
    const fields = req.fields ? checkSelectors(catalogue(dataset), req.fields, '/fields') : undefined;
    const ctx = await this.lookups.run(
      this.input(request, {
        dataset,
        operation: 'lookup',
        subjects: req.subjects,
        ...(fields ? { fields } : {}),
        bodyPurpose: req.purpose,
        bodyCaseRef: req.caseReference,
      }),
    );
    const disclosedFields = [...(ctx.grant?.fields ?? [])];
    return {
      dataset,
      results: (ctx.results ?? []).map((r) =>
        r.outcome === 'allowed' && r.data
          ? { subject: r.subject, found: true, version: r.version ?? 0, disclosedFields, data: r.data }
          : { subject: r.subject, found: false },
      ),
    };
  }

  @Post(':dataset/verify')
  @HttpCode(200)
  async verify(
    @Param('dataset') datasetParam: string,
    @Query() query: Record<string, unknown>,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ): Promise<VerifyResponse> {
    const dataset = parseDataset(datasetParam);
    checkQuery(query, []);
    const req = parseBody('https://schemas.ndg.gov.vn/gateway/verify-request.v1.schema.json', body);
    if (req.dataset !== dataset)
      throw GatewayError.of('datasetMismatch', `the body names ${req.dataset}`, [
        { path: '/dataset', message: `must be ${dataset}` },
      ]);
    const subject = parseId(dataset, req.subject, '/subject');
    const cat = catalogue(dataset);
    const unknown = Object.keys(req.claims).filter((path) => !cat.has(path) || cat.hasChildren(path));
    if (unknown.length > 0)
      throw GatewayError.of(
        'unknownField',
        'claims must name single-value fields',
        unknown.map((p) => ({ path: `/claims/${p.slice(0, 60)}`, message: 'not a single-value field' })),
      );
    const ctx = await this.lookups.run(
      this.input(request, {
        dataset,
        operation: 'verify',
        subjects: [subject],
        claims: req.claims as Record<string, string | number | boolean>,
        bodyPurpose: req.purpose,
        bodyCaseRef: req.caseReference,
      }),
    );
    return { dataset, subject, match: ctx.results?.[0]?.match === true };
  }

  private input(
    request: FastifyRequest,
    rest: Omit<LookupInput, 'authorization' | 'traceId'>,
  ): LookupContext {
    return {
      input: {
        ...rest,
        authorization: header(request, 'authorization'),
        traceId: traceIdOf(header(request, 'traceparent')),
      },
      now: Date.now(),
    };
  }
}
