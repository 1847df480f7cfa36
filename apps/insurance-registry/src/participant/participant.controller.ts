import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Put, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { QueryFailedError } from 'typeorm';
import type { Participant } from '@ndg/contracts';
import { etagOf, parseBody, RECORD_STORE, RecordStore, RegistryError, ruleViolation, versionFromIfMatch } from '@ndg/registry-kit';
import { PARTICIPANT_PERSONAL_ID_INDEX } from '../migrations/1763900000300-create-participant.js';
import { PARTICIPANT_SCHEMA_ID } from './participant.kind.js';
import { changeEmployer, changeStatus, endScheme, enrol, issueCard, openScheme } from './participant.decisions.js';

const S = 'https://schemas.ndg.gov.vn/insurance/';

/** Dates in the registry are Vietnamese calendar dates (UTC+7). */
function todayInVietnam(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** The unique index on personalId, violated inside the enrolment's transaction: a person enrols once. */
function isDuplicatePersonalId(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driverError = err.driverError as { code?: unknown; constraint?: unknown } | undefined;
  return driverError?.code === '23505' && driverError.constraint === PARTICIPANT_PERSONAL_ID_INDEX;
}

/** The officers' API: every change needs the ETag the officer read (If-Match). */
@Controller('participants')
export class ParticipantController {
  constructor(@Inject(RECORD_STORE) private readonly participants: RecordStore<Participant>) {}

  private answer(reply: FastifyReply, participant: Participant): Participant {
    void reply.header('etag', etagOf(participant.version));
    return participant;
  }

  @Post()
  @HttpCode(201)
  async enrol(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<Participant> {
    if (body && typeof body === 'object' && 'version' in body) throw ruleViolation('/version', 'the registry sets the version');
    const record = parseBody(PARTICIPANT_SCHEMA_ID, { ...(body as object), version: 1 });
    const { version: _version, ...fields } = record;
    let created: Participant;
    try {
      created = await this.participants.create(enrol(fields), 'insurance.participant.enrolled');
    } catch (err) {
      if (!isDuplicatePersonalId(err)) throw err;
      throw new RegistryError('duplicate', `the person ${fields.personalId} is already enrolled`, [
        { path: '/personalId', message: 'already enrolled under another social-insurance number' },
      ]);
    }
    void reply.header('location', `/participants/${created.socialInsuranceNumber}`);
    return this.answer(reply, created);
  }

  @Get(':id')
  async get(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Participant> {
    return this.answer(reply, await this.participants.get(id));
  }

  @Put(':id/employer')
  async changeEmployer(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Participant> {
    this.participants.assertId(id);
    const cmd = parseBody(`${S}change-employer-command.v1.schema.json`, body);
    return this.answer(reply, await this.participants.change(id, versionFromIfMatch(ifMatch), (p) => changeEmployer(p, cmd)));
  }

  @Post(':id/schemes/open')
  @HttpCode(200)
  async openScheme(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Participant> {
    this.participants.assertId(id);
    const cmd = parseBody(`${S}open-scheme-command.v1.schema.json`, body);
    return this.answer(reply, await this.participants.change(id, versionFromIfMatch(ifMatch), (p) => openScheme(p, cmd)));
  }

  @Post(':id/schemes/end')
  @HttpCode(200)
  async endScheme(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Participant> {
    this.participants.assertId(id);
    const cmd = parseBody(`${S}end-scheme-command.v1.schema.json`, body);
    const today = todayInVietnam();
    return this.answer(reply, await this.participants.change(id, versionFromIfMatch(ifMatch), (p) => endScheme(p, cmd, today)));
  }

  @Put(':id/card')
  async issueCard(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Participant> {
    this.participants.assertId(id);
    const cmd = parseBody(`${S}issue-card-command.v1.schema.json`, body);
    return this.answer(reply, await this.participants.change(id, versionFromIfMatch(ifMatch), (p) => issueCard(p, cmd)));
  }

  @Put(':id/status')
  async changeStatus(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Participant> {
    this.participants.assertId(id);
    const cmd = parseBody(`${S}change-status-command.v1.schema.json`, body);
    return this.answer(reply, await this.participants.change(id, versionFromIfMatch(ifMatch), (p) => changeStatus(p, cmd)));
  }
}
