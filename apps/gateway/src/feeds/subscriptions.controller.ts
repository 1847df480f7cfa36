import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { parseBody } from '@ndg/registry-kit';
import { GatewayError } from '../gateway-errors.js';
import { checkQuery, traceIdOf } from '../lookups/lookup-input.js';
import { FeedsService, type PullPage, type SubscriptionView } from './feeds.service.js';

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function intParam(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'string' && /^[0-9]{1,6}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw GatewayError.of('unknownParameter', `${name} must be an integer ${min}-${max}`, [
      { path: `/${name}`, message: `must be an integer ${min}-${max}` },
    ]);
  return n;
}

/** Agencies subscribe to change feeds here; every call carries the agency's signed token. */
@Controller('v1/subscriptions')
export class SubscriptionsController {
  constructor(private readonly feeds: FeedsService) {}

  @Post()
  @HttpCode(201)
  async create(@Body() body: unknown, @Req() request: FastifyRequest): Promise<SubscriptionView> {
    const principal = await this.feeds.authenticate(header(request, 'authorization'));
    const req = parseBody('https://schemas.ndg.gov.vn/gateway/subscription-request.v1.schema.json', body);
    return this.feeds.create(principal, req, traceIdOf(header(request, 'traceparent')));
  }

  @Get()
  async list(@Req() request: FastifyRequest): Promise<{ subscriptions: SubscriptionView[] }> {
    const principal = await this.feeds.authenticate(header(request, 'authorization'));
    return { subscriptions: await this.feeds.list(principal) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string, @Req() request: FastifyRequest): Promise<void> {
    const principal = await this.feeds.authenticate(header(request, 'authorization'));
    await this.feeds.remove(principal, id);
  }

  @Get(':id/events')
  async events(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
  ): Promise<PullPage> {
    checkQuery(query, ['cursor', 'limit', 'wait']);
    const cursor = typeof query['cursor'] === 'string' ? query['cursor'] : undefined;
    const limit = intParam('limit', query['limit'], 100, 1, 1000);
    const wait = intParam('wait', query['wait'], 0, 0, 30);
    const principal = await this.feeds.authenticate(header(request, 'authorization'));
    return this.feeds.pull(principal, id, cursor ?? '', limit, wait);
  }
}
