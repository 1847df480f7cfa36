import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Walks up from `start` to the workspace root (the folder holding nx.json). */
export function findWorkspaceRoot(start: string = process.cwd()): string | undefined {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

interface LocalInfraState {
  kafka?: { brokers: string[] };
  postgres?: { url: string };
}

/** What `npm run infra:up` recorded; empty outside a checkout. */
export function readLocalInfraState(): LocalInfraState {
  const root = findWorkspaceRoot();
  const file = root && join(root, '.local', 'infra.json');
  if (!file || !existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LocalInfraState;
  } catch {
    return {};
  }
}

export class DatabaseNotConfiguredError extends Error {
  readonly code = 'DATABASE.NOT_CONFIGURED';
  constructor() {
    super('no PostgreSQL configured: set DATABASE_URL or run `npm run infra:up`');
  }
}

/** The server-level URL (its database is only used to create others). */
export function postgresServerUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env['DATABASE_URL'] ?? readLocalInfraState().postgres?.url;
  if (!url) throw new DatabaseNotConfiguredError();
  return url;
}

/** The URL of the service's own database on the configured server. */
export function serviceDatabaseUrl(database: string, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[`${database.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_DATABASE_URL`];
  if (explicit) return explicit;
  return withDatabase(postgresServerUrl(env), database);
}

/** Same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  assertDatabaseName(database);
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

// Database names end up in DDL, which cannot be parameterised: allow only a safe alphabet.
export function assertDatabaseName(name: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`invalid database name "${name}": use lower-case letters, digits and _ (max 63)`);
  }
}
