import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AmendEnterpriseCommand, ChangeEnterpriseStatusCommand, Enterprise } from '@ndg/contracts';
import { CommandBody, IfMatchVersion, parseBody, RECORD_STORE, RecordStore, ruleViolation } from '@ndg/registry-kit';
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

  @Post()
  @HttpCode(201)
  async register(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<Enterprise> {
    if (body && typeof body === 'object' && 'version' in body) throw ruleViolation('/version', 'the registry sets the version');
    // The deceased-representative flag starts false; the registry alone sets it.
    const record = parseBody(ENTERPRISE_SCHEMA_ID, { legalRepresentativeDeceased: false, ...(body as object), version: 1 });
    const { version: _version, ...fields } = record;
    const created = await this.enterprises.create(registerEnterprise(fields, todayInVietnam()), 'business.enterprise.registered');
    void reply.header('location', `/enterprises/${created.enterpriseCode}`);
    return created;
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<Enterprise> {
    return this.enterprises.get(id);
  }

  @Put(':id')
  amend(
    @Param('id') id: string,
    @IfMatchVersion() version: number,
    @CommandBody('https://schemas.ndg.gov.vn/business/amend-enterprise-command.v1.schema.json') cmd: AmendEnterpriseCommand,
  ): Promise<Enterprise> {
    return this.enterprises.change(id, version, (e) => amendEnterprise(e, cmd));
  }

  @Post(':id/status')
  @HttpCode(200)
  changeStatus(
    @Param('id') id: string,
    @IfMatchVersion() version: number,
    @CommandBody('https://schemas.ndg.gov.vn/business/change-enterprise-status-command.v1.schema.json') cmd: ChangeEnterpriseStatusCommand,
  ): Promise<Enterprise> {
    return this.enterprises.change(id, version, (e) => changeStatus(e, cmd));
  }
}
