import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Put, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Enterprise } from '@ndg/contracts';
import { etagOf, parseBody, RECORD_STORE, RecordStore, ruleViolation, versionFromIfMatch } from '@ndg/registry-kit';
import { ENTERPRISE_SCHEMA_ID } from './enterprise.kind.js';
import { amendEnterprise, changeStatus, registerEnterprise } from './enterprise.decisions.js';

/** Dates in the registry are Vietnamese calendar dates (UTC+7). */
function todayInVietnam(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** The officers' API: every change needs the ETag the officer read (If-Match). */
@Controller('enterprises')
export class EnterpriseController {
  constructor(@Inject(RECORD_STORE) private readonly enterprises: RecordStore<Enterprise>) {}

  private answer(reply: FastifyReply, enterprise: Enterprise): Enterprise {
    void reply.header('etag', etagOf(enterprise.version));
    return enterprise;
  }

  @Post()
  @HttpCode(201)
  async register(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<Enterprise> {
    if (body && typeof body === 'object' && 'version' in body) throw ruleViolation('/version', 'the registry sets the version');
    // The deceased-representative flag starts false; the registry alone sets it.
    const record = parseBody(ENTERPRISE_SCHEMA_ID, { legalRepresentativeDeceased: false, ...(body as object), version: 1 });
    const { version: _version, ...fields } = record;
    const created = await this.enterprises.create(registerEnterprise(fields, todayInVietnam()), 'business.enterprise.registered');
    void reply.header('location', `/enterprises/${created.enterpriseCode}`);
    return this.answer(reply, created);
  }

  @Get(':id')
  async get(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Enterprise> {
    return this.answer(reply, await this.enterprises.get(id));
  }

  @Put(':id')
  async amend(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Enterprise> {
    this.enterprises.assertId(id);
    const cmd = parseBody('https://schemas.ndg.gov.vn/business/amend-enterprise-command.v1.schema.json', body);
    return this.answer(reply, await this.enterprises.change(id, versionFromIfMatch(ifMatch), (e) => amendEnterprise(e, cmd)));
  }

  @Post(':id/status')
  @HttpCode(200)
  async changeStatus(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Enterprise> {
    this.enterprises.assertId(id);
    const cmd = parseBody('https://schemas.ndg.gov.vn/business/change-enterprise-status-command.v1.schema.json', body);
    return this.answer(reply, await this.enterprises.change(id, versionFromIfMatch(ifMatch), (e) => changeStatus(e, cmd)));
  }
}
