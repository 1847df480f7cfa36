import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PROCESSED_EVENTS_SQL, recordTableSql } from '@ndg/registry-kit';

/** One participant per person: enrolment checks it inside its transaction through this index. */
export const PARTICIPANT_PERSONAL_ID_INDEX = 'participant_personal_id';

export class CreateParticipant1763900000300 implements MigrationInterface {
  name = 'CreateParticipant1763900000300';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [...recordTableSql('participant'), ...PROCESSED_EVENTS_SQL]) await q.query(sql);
    // Also the look-up of the citizen-deceased reaction (by the population registry's id).
    await q.query(`create unique index ${PARTICIPANT_PERSONAL_ID_INDEX} on participant ((data->>'personalId'))`);
    await q.query(`create index participant_employer on participant ((data->>'employerEnterpriseCode')) where data ? 'employerEnterpriseCode'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table processed_events');
    await q.query('drop table participant');
  }
}
