import { Body, Controller, Get, HttpCode, Inject, Param, Post, type Type } from '@nestjs/common';
import { parseBody } from './request-body.js';
import type { RecordStore, Versioned } from './record-store.js';

export const RECORD_STORE = Symbol('RECORD_STORE');

/**
 * The gateway's way in: one record by id, or a batch of ids. Internal only — the gateway
 * authenticates agencies, applies policy and audits; this network path must not be public.
 */
export function createInternalLookupController(): Type<unknown> {
  @Controller('internal/records')
  class InternalLookupController {
    constructor(@Inject(RECORD_STORE) private readonly store: RecordStore<Versioned>) {}

    @Get(':id')
    one(@Param('id') id: string): Promise<Versioned> {
      return this.store.get(id);
    }

    @Post('batch')
    @HttpCode(200)
    async batch(@Body() body: unknown): Promise<{ records: Versioned[]; missing: string[] }> {
      const { ids } = parseBody('https://schemas.ndg.gov.vn/common/record-batch-request.v1.schema.json', body);
      const records = await this.store.getMany(ids);
      const found = new Set(records.map((r) => this.store.kind.idOf(r)));
      return { records, missing: ids.filter((id) => !found.has(id)) };
    }
  }
  return InternalLookupController;
}
