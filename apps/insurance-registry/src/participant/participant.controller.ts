import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { QueryFailedError } from 'typeorm';
import type { ChangeEmployerCommand, ChangeStatusCommand, EndSchemeCommand, IssueCardCommand, OpenSchemeCommand, Participant } from '@ndg/contracts';
import { CommandBody, IfMatchVersion, parseBody, RECORD_STORE, RecordStore, RegistryError, ruleViolation } from '@ndg/registry-kit';
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
    return created;
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<Participant> {
    return this.participants.get(id);
  }

  @Put(':id/employer')
  changeEmployer(
    @Param('id') id: string,
    @IfMatchVersion() version: number,
    @CommandBody(`${S}change-employer-command.v1.schema.json`) cmd: ChangeEmployerCommand,
  ): Promise<Participant> {
    return this.participants.change(id, version, (p) => changeEmployer(p, cmd));
  }

  @Post(':id/schemes/open')
  @HttpCode(200)
  openScheme(
    @Param('id') id: string,
    @IfMatchVersion() version: number,
    @CommandBody(`${S}open-scheme-command.v1.schema.json`) cmd: OpenSchemeCommand,
  ): Promise<Participant> {
    return this.participants.change(id, version, (p) => openScheme(p, cmd));
  }

  @Post(':id/schemes/end')
  @HttpCode(200)
  endScheme(
    @Param('id') id: string,
    @IfMatchVersion() version: number,
    @CommandBody(`${S}end-scheme-command.v1.schema.json`) cmd: EndSchemeCommand,
  ): Promise<Participant> {
    const today = todayInVietnam();
    return this.participants.change(id, version, (p) => endScheme(p, cmd, today));
  }

  @Put(':id/card')
  issueCard(
    @Param('id') id: string,
    @IfMatchVersion() version: number,
    @CommandBody(`${S}issue-card-command.v1.schema.json`) cmd: IssueCardCommand,
  ): Promise<Participant> {
    return this.participants.change(id, version, (p) => issueCard(p, cmd));
  }

  @Put(':id/status')
  changeStatus(
    @Param('id') id: string,
    @IfMatchVersion() version: number,
    @CommandBody(`${S}change-status-command.v1.schema.json`) cmd: ChangeStatusCommand,
  ): Promise<Participant> {
    return this.participants.change(id, version, (p) => changeStatus(p, cmd));
  }
}
