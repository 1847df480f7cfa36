import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, type Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { parseBody } from './request-body.js';
import type { RecordStore, Versioned } from './record-store.js';
import { RegistryError, invalidId } from './registry-errors.js';

export const RECORD_STORE = Symbol('RECORD_STORE');

/** Largest snapshot page; the default when `limit` is absent. */
export const SNAPSHOT_PAGE_MAX = 1000;
export const SNAPSHOT_PAGE_DEFAULT = 100;

/** One page of the snapshot: records ordered by id, `next` = the `after` of the following page. */
export interface RecordPage<T> {
  records: T[];
  next: string | null;
}

/** `after` and `limit` of a snapshot page request, or a 400 naming the offending parameter. */
export function parsePageQuery(query: Record<string, unknown>, idPattern: RegExp): { after: string | null; limit: number } {
  const unknown = Object.keys(query).filter((k) => k !== 'after' && k !== 'limit');
  if (unknown.length > 0)
    throw new RegistryError(
      'badRequest',
      `unknown query parameter ${unknown.map((k) => k.slice(0, 40)).join(', ')}`,
      unknown.map((k) => ({ path: `/query/${k.slice(0, 40)}`, message: 'unknown parameter' })),
    );
  const rawAfter = query['after'];
  const rawLimit = query['limit'];
  if (rawAfter !== undefined && typeof rawAfter !== 'string')
    throw new RegistryError('badRequest', 'after must be given once', [{ path: '/query/after', message: 'must be given once' }]);
  if (rawLimit !== undefined && typeof rawLimit !== 'string')
    throw new RegistryError('badRequest', 'limit must be given once', [{ path: '/query/limit', message: 'must be given once' }]);
  let after: string | null = null;
  if (rawAfter !== undefined && rawAfter !== '') {
    if (!idPattern.test(rawAfter)) {
      const e = invalidId(rawAfter, idPattern.source);
      throw new RegistryError('invalidId', e.detail, [{ path: '/query/after', message: `must match ${idPattern.source}` }]);
    }
    after = rawAfter;
  }
  let limit = SNAPSHOT_PAGE_DEFAULT;
  if (rawLimit !== undefined) {
    const n = /^[0-9]{1,4}$/.test(rawLimit) ? Number(rawLimit) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > SNAPSHOT_PAGE_MAX)
      throw new RegistryError('badRequest', `limit must be an integer 1-${SNAPSHOT_PAGE_MAX}`, [
        { path: '/query/limit', message: `must be an integer 1-${SNAPSHOT_PAGE_MAX}` },
      ]);
    limit = n;
  }
  return { after, limit };
}

/**
 * The gateway's way in: one record by id, a batch of ids, or the whole register page by page
 * (keyset paging by id, for change-feed backfill). Internal only — the gateway authenticates
 * agencies, applies policy and audits; this network path must not be public.
 */
export function createInternalLookupController(): Type<unknown> {
  @Controller('internal/records')
  class InternalLookupController {
    constructor(
      @Inject(RECORD_STORE) private readonly store: RecordStore<Versioned>,
      @Inject(DataSource) private readonly dataSource: DataSource,
    ) {}

    /**
     * `GET /internal/records?after=<id>&limit=1..1000` → `{ records, next }`: records with an id
     * greater than `after`, ordered by id, each at its current version. `next` is the last id of
     * the page when more may follow, else null. Keyset paging: a record written meanwhile appears
     * in a later page when its id is still ahead of the cursor (its change event covers the rest).
     */
    @Get()
    async page(@Query() query: Record<string, unknown>): Promise<RecordPage<Versioned>> {
      const { after, limit } = parsePageQuery(query, this.store.kind.idPattern);
      // The table name was checked by the RecordStore constructor.
      const rows: { id: string; data: Versioned }[] = await this.dataSource.query(
        `select id, data from ${this.store.kind.table} where ($1::text is null or id > $1::text) order by id limit $2`,
        [after, limit + 1],
      );
      const records = rows.slice(0, limit);
      const next = rows.length > limit ? (records.at(-1)?.id ?? null) : null;
      return { records: records.map((r) => r.data), next };
    }

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
