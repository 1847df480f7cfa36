import pg from 'pg';
import { verifyAuditLog } from './audit-log-reader.js';

/** Where the CLI writes; tests pass their own. */
export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

/**
 * Verifies the audit chain in DATABASE_URL. Exit codes: 0 intact, 1 broken, 2 could not check
 * (missing configuration or database error) — so a cron job can tell tampering from an outage.
 */
export async function runVerifyCli(env: NodeJS.ProcessEnv, out: CliOutput = console): Promise<number> {
  const url = env['DATABASE_URL'];
  if (url === undefined || url === '') {
    out.error('DATABASE_URL is required');
    return 2;
  }
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const result = await verifyAuditLog(pool);
    if (result.ok) {
      out.log(`audit chain OK: ${result.count} records`);
      return 0;
    }
    out.log(`audit chain BROKEN at seq ${result.firstBadSeq}: ${result.problem}`);
    out.error(result.detail);
    return 1;
  } catch (error) {
    out.error(`audit chain could not be checked: ${(error as Error).message}`);
    return 2;
  } finally {
    await pool.end();
  }
}
