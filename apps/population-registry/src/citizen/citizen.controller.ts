import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ChangeResidenceCommand, Citizen, CorrectNameCommand, LinkHouseholdCommand, RecordDeathCommand } from '@ndg/contracts';
import { CommandBody, IfMatchVersion, parseBody, RECORD_STORE, RecordStore, ruleViolation } from '@ndg/registry-kit';
import { CITIZEN_SCHEMA_ID } from './citizen.kind.js';
import { changeResidence, correctName, linkHousehold, recordDeath, registerBirth } from './citizen.decisions.js';

const S = 'https://schemas.ndg.gov.vn/population/';

/** Dates in the registry are Vietnamese calendar dates (UTC+7). */
function todayInVietnam(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** The officers' API: every change needs the ETag the officer read (If-Match); answers carry the new ETag. */
@Controller('citizens')
export class CitizenController {
  constructor(@Inject(RECORD_STORE) private readonly citizens: RecordStore<Citizen>) {}

  @Post()
  @HttpCode(201)
  async registerBirth(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<Citizen> {
    if (body && typeof body === 'object' && 'version' in body) throw ruleViolation('/version', 'the registry sets the version');
    const { version: _version, ...fields } = parseBody(CITIZEN_SCHEMA_ID, { ...(body as object), version: 1 });
    const created = await this.citizens.create(registerBirth(fields), 'population.citizen.born');
    void reply.header('location', `/citizens/${created.personalId}`);
    return created;
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<Citizen> {
    return this.citizens.get(id);
  }

  @Post(':id/death')
  @HttpCode(200)
  recordDeath(
    @Param('id') id: string,
    @IfMatchVersion() version: number,
    @CommandBody(`${S}record-death-command.v1.schema.json`) cmd: RecordDeathCommand,
  ): Promise<Citizen> {
    const today = todayInVietnam();
    return this.citizens.change(id, version, (c) => recordDeath(c, cmd, today));
  }

  @Put(':id/residence')
  changeResidence(
    @Param('id') id: string,
    @IfMatchVersion() version: number,
    @CommandBody(`${S}change-residence-command.v1.schema.json`) cmd: ChangeResidenceCommand,
  ): Promise<Citizen> {
    return this.citizens.change(id, version, (c) => changeResidence(c, cmd));
  }

  @Put(':id/name')
  correctName(
    @Param('id') id: string,
    @IfMatchVersion() version: number,
    @CommandBody(`${S}correct-name-command.v1.schema.json`) cmd: CorrectNameCommand,
  ): Promise<Citizen> {
    return this.citizens.change(id, version, (c) => correctName(c, cmd));
  }

  @Put(':id/household')
  linkHousehold(
    @Param('id') id: string,
    @IfMatchVersion() version: number,
    @CommandBody(`${S}link-household-command.v1.schema.json`) cmd: LinkHouseholdCommand,
  ): Promise<Citizen> {
    return this.citizens.change(id, version, (c) => linkHousehold(c, cmd));
  }
}
