import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PROCESSED_EVENTS_SQL, recordTableSql } from '@ndg/registry-kit';

export class CreateEnterprise1763900000200 implements MigrationInterface {
  name = 'CreateEnterprise1763900000200';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [...recordTableSql('enterprise'), ...PROCESSED_EVENTS_SQL]) await q.query(sql);
    // The representative-deceased reaction finds a person's enterprises with `@>` on this array.
    await q.query(`create index enterprise_legal_representatives on enterprise using gin ((data->'legalRepresentativeIds') jsonb_path_ops)`);
    await q.query(`create index enterprise_province on enterprise ((data->'headOfficeAddress'->>'provinceCode'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table processed_events');
    await q.query('drop table enterprise');
  }
}
