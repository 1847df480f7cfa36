import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Put, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Citizen } from '@ndg/contracts';
import { etagOf, parseBody, RECORD_STORE, RecordStore, ruleViolation, versionFromIfMatch } from '@ndg/registry-kit';
import { CITIZEN_SCHEMA_ID } from './citizen.kind.js';
import { changeResidence, correctName, linkHousehold, recordDeath, registerBirth } from './citizen.decisions.js';

/** Dates in the registry are Vietnamese calendar dates (UTC+7). */
function todayInVietnam(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** The officers' API: every change needs the ETag the officer read (If-Match). */
@Controller('citizens')
export class CitizenController {
  constructor(@Inject(RECORD_STORE) private readonly citizens: RecordStore<Citizen>) {}

  private answer(reply: FastifyReply, citizen: Citizen): Citizen {
    void reply.header('etag', etagOf(citizen.version));
    return citizen;
  }

  @Post()
  @HttpCode(201)
  async registerBirth(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<Citizen> {
    if (body && typeof body === 'object' && 'version' in body) throw ruleViolation('/version', 'the registry sets the version');
    const record = parseBody(CITIZEN_SCHEMA_ID, { ...(body as object), version: 1 });
    const { version: _version, ...fields } = record;
    const created = await this.citizens.create(registerBirth(fields), 'population.citizen.born');
    void reply.header('location', `/citizens/${created.personalId}`);
    return this.answer(reply, created);
  }

  @Get(':id')
  async get(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Citizen> {
    return this.answer(reply, await this.citizens.get(id));
  }

  @Post(':id/death')
  @HttpCode(200)
  async recordDeath(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Citizen> {
    this.citizens.assertId(id);
    const cmd = parseBody('https://schemas.ndg.gov.vn/population/record-death-command.v1.schema.json', body);
    const today = todayInVietnam();
    return this.answer(reply, await this.citizens.change(id, versionFromIfMatch(ifMatch), (c) => recordDeath(c, cmd, today)));
  }

  @Put(':id/residence')
  async changeResidence(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Citizen> {
    this.citizens.assertId(id);
    const cmd = parseBody('https://schemas.ndg.gov.vn/population/change-residence-command.v1.schema.json', body);
    return this.answer(reply, await this.citizens.change(id, versionFromIfMatch(ifMatch), (c) => changeResidence(c, cmd)));
  }

  @Put(':id/name')
  async correctName(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Citizen> {
    this.citizens.assertId(id);
    const cmd = parseBody('https://schemas.ndg.gov.vn/population/correct-name-command.v1.schema.json', body);
    return this.answer(reply, await this.citizens.change(id, versionFromIfMatch(ifMatch), (c) => correctName(c, cmd)));
  }

  @Put(':id/household')
  async linkHousehold(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Citizen> {
    this.citizens.assertId(id);
    const cmd = parseBody('https://schemas.ndg.gov.vn/population/link-household-command.v1.schema.json', body);
    return this.answer(reply, await this.citizens.change(id, versionFromIfMatch(ifMatch), (c) => linkHousehold(c, cmd)));
  }
}
