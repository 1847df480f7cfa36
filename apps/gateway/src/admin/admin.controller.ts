import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put, UseGuards } from '@nestjs/common';
import type pg from 'pg';
import { checkPolicyDocuments, formatPolicyIssue } from '@ndg/policy';
import { agencyDefinitionIssues, AGENCY_ID_PATTERN } from '../agencies/agency-definition.js';
import { bumpRevision, GATEWAY_POOL } from '../database/gateway-schema.js';
import { GatewayError } from '../gateway-errors.js';
import { ConfigStore, type LoadStatus } from '../policies/config-store.service.js';
import { AdminTokenGuard } from './admin-token.guard.js';

function agencyId(value: string): string {
  if (!AGENCY_ID_PATTERN.test(value))
    throw GatewayError.of('adminNotFound', 'not an agency id', [
      { path: '/agency', message: `must match ${AGENCY_ID_PATTERN.source}` },
    ]);
  return value;
}

/** Operators manage policies and agency keys here; every replica applies a change within seconds. */
@Controller('admin')
@UseGuards(AdminTokenGuard)
export class AdminController {
  constructor(
    @Inject(GATEWAY_POOL) private readonly pool: pg.Pool,
    private readonly store: ConfigStore,
  ) {}

  @Get('policies/status')
  status(): { policies: LoadStatus; agencies: LoadStatus } {
    return this.store.status();
  }

  @Put('policies/:agency')
  async putPolicy(
    @Param('agency') agencyParam: string,
    @Body() body: unknown,
  ): Promise<{ agency: string; revision: number }> {
    const agency = agencyId(agencyParam);
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw GatewayError.of('invalidPolicy', 'the body must be a policy document', [
        { path: '', message: 'must be a JSON object' },
      ]);
    const path = `admin-api/${agency}.json`;
    const checked = checkPolicyDocuments([{ path, text: JSON.stringify(body, null, 2) }]);
    if (!checked.ok)
      throw GatewayError.of(
        'invalidPolicy',
        checked.issues.map(formatPolicyIssue).join('; ').slice(0, 2000),
        checked.issues.map((i) => ({ path: i.path, message: i.message })),
      );
    if ((body as { agency?: unknown }).agency !== agency)
      throw GatewayError.of('invalidPolicy', 'the document names another agency', [
        { path: '/agency', message: `must be ${agency}` },
      ]);
    const revision = await this.change(async (client, rev) => {
      await client.query(
        `insert into policy_document (agency, document, revision) values ($1, $2, $3)
         on conflict (agency) do update set document = excluded.document, revision = excluded.revision, updated_at = now()`,
        [agency, JSON.stringify(body), rev],
      );
    });
    return { agency, revision };
  }

  @Delete('policies/:agency')
  @HttpCode(204)
  async deletePolicy(@Param('agency') agencyParam: string): Promise<void> {
    const agency = agencyId(agencyParam);
    await this.change(async (client) => {
      const r = await client.query('delete from policy_document where agency = $1', [agency]);
      if (r.rowCount === 0) throw GatewayError.of('adminNotFound', `no stored policy for ${agency}`);
    });
  }

  @Get('agencies')
  agencies(): LoadStatus {
    return this.store.status().agencies;
  }

  @Put('agencies/:id')
  async putAgency(
    @Param('id') idParam: string,
    @Body() body: unknown,
  ): Promise<{ id: string; revision: number }> {
    const id = agencyId(idParam);
    const issues = agencyDefinitionIssues(body);
    if (issues.length > 0)
      throw GatewayError.of(
        'invalidAgency',
        issues.join('; ').slice(0, 2000),
        issues.map((i) => ({ path: i.split(':')[0] ?? '', message: i })),
      );
    if ((body as { id?: unknown }).id !== id)
      throw GatewayError.of('invalidAgency', 'the definition names another id', [
        { path: '/id', message: `must be ${id}` },
      ]);
    const revision = await this.change(async (client, rev) => {
      await client.query(
        `insert into agency (id, definition, revision) values ($1, $2, $3)
         on conflict (id) do update set definition = excluded.definition, revision = excluded.revision, updated_at = now()`,
        [id, JSON.stringify(body), rev],
      );
    });
    return { id, revision };
  }

  @Delete('agencies/:id')
  @HttpCode(204)
  async deleteAgency(@Param('id') idParam: string): Promise<void> {
    const id = agencyId(idParam);
    await this.change(async (client) => {
      const r = await client.query('delete from agency where id = $1', [id]);
      if (r.rowCount === 0) throw GatewayError.of('adminNotFound', `no stored agency ${id}`);
    });
  }

  /** Runs one change with the shared revision bumped in the same transaction, then reloads this replica at once. */
  private async change(work: (client: pg.PoolClient, revision: number) => Promise<void>): Promise<number> {
    const client = await this.pool.connect();
    let revision: number;
    try {
      await client.query('begin');
      revision = await bumpRevision(client);
      await work(client, revision);
      await client.query('commit');
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    await this.store.refresh();
    return revision;
  }
}
