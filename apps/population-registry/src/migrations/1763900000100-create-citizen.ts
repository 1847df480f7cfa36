import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PROCESSED_EVENTS_SQL, recordTableSql } from '@ndg/registry-kit';

export class CreateCitizen1763900000100 implements MigrationInterface {
  name = 'CreateCitizen1763900000100';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [...recordTableSql('citizen'), ...PROCESSED_EVENTS_SQL]) await q.query(sql);
    // Household and province look-ups by officers and reactions.
    await q.query(`create index citizen_household on citizen ((data->>'householdId')) where data ? 'householdId'`);
    await q.query(`create index citizen_province on citizen ((data->'permanentAddress'->>'provinceCode'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table processed_events');
    await q.query('drop table citizen');
  }
}
