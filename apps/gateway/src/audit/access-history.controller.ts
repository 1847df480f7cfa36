import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import type pg from 'pg';
import { accessHistory, type AccessHistoryPage } from '@ndg/audit';
import { AdminTokenGuard } from '../admin/admin-token.guard.js';
import { GATEWAY_POOL } from '../database/gateway-schema.js';
import { GatewayError } from '../gateway-errors.js';
import { checkQuery, parseId } from '../lookups/lookup-input.js';

/**
 * "Who looked at my record, and why" (DESIGN §7). Citizen authentication is not built yet, so for
 * now only an operator holding the admin token may ask on a citizen's behalf.
 */
@Controller('v1/citizens')
@UseGuards(AdminTokenGuard)
export class AccessHistoryController {
  constructor(@Inject(GATEWAY_POOL) private readonly pool: pg.Pool) {}

  @Get(':personalId/access-history')
  async history(
    @Param('personalId') personalId: string,
    @Query() query: Record<string, unknown>,
  ): Promise<AccessHistoryPage> {
    const subject = parseId('population.citizen', personalId, '/personalId');
    checkQuery(query, ['limit', 'before']);
    const limitRaw = query['limit'];
    const limit = limitRaw === undefined ? 50 : Number(limitRaw);
    if (typeof limitRaw === 'object' || !Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw GatewayError.of('unknownParameter', 'limit must be an integer 1-500', [
        { path: '/query/limit', message: 'must be an integer 1-500' },
      ]);
    }
    const before = query['before'];
    if (before !== undefined && (typeof before !== 'string' || !/^[A-Za-z0-9_-]{1,200}$/.test(before))) {
      throw GatewayError.of('unknownParameter', 'before must be the nextBefore of a previous page', [
        { path: '/query/before', message: 'must be a cursor' },
      ]);
    }
    try {
      return await accessHistory(this.pool, subject, { limit, ...(before !== undefined ? { before } : {}) });
    } catch (err) {
      if (before !== undefined && !(err as { code?: unknown }).code?.toString().match(/^[0-9A-Z]{5}$/)) {
        throw GatewayError.of('unknownParameter', 'before is not a cursor of this endpoint', [
          { path: '/query/before', message: 'must be a nextBefore value' },
        ]);
      }
      throw err;
    }
  }
}
