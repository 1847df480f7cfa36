#!/usr/bin/env node
// npm run seed -- [--citizens N] [--enterprises N] [--participants N] [--seed S] [--with-events]
// Bulk-loads the three registries from the seeded synthetic generator (batched inserts), so the
// cross-references hold: representatives and participants are citizens, employers exist.
// Events go through the outbox only with --with-events.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, fail } from './infra/local-state.mjs';

const load = (path) => import(pathToFileURL(join(repoRoot, path)).href);

function progress(what, total, quiet) {
  const started = Date.now();
  let lastDecile = -1;
  return (loaded) => {
    if (quiet) return;
    const pct = total ? Math.min(100, Math.floor((loaded / total) * 100)) : 100;
    const rate = Math.round(loaded / Math.max(0.001, (Date.now() - started) / 1000));
    const bar = '█'.repeat(Math.floor(pct / 5)).padEnd(20, '░');
    const line = `  ${what.padEnd(13)} ${bar} ${String(pct).padStart(3)}% ${loaded}/${total} (${rate}/s)`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}${loaded >= total ? '\n' : ''}`);
    else if (Math.floor(pct / 10) !== lastDecile || loaded >= total) console.error(line);
    lastDecile = Math.floor(pct / 10);
  };
}

async function openRegistry(serverUrl, seeding) {
  const { DataSource } = await import('typeorm');
  const { ensureDatabase, withDatabase } = await import('@ndg/database');
  const url = withDatabase(serverUrl, seeding.database);
  await ensureDatabase(url);
  const dataSource = new DataSource({ type: 'postgres', url, migrations: seeding.migrations, migrationsRun: true });
  await dataSource.initialize();
  return dataSource;
}

/** Loads all three registries; returns what was loaded. Registries whose build is missing are skipped. */
export async function seedPlatform({ databaseUrl, seed = 42, citizens = 1000, enterprises = 100, participants = 300, withEvents = false, quiet = false }) {
  const { bulkLoad } = await import('@ndg/registry-kit');
  const { Population, generateCitizens, generateEnterprises, generateParticipants } = await import('@ndg/synthetic');
  const targets = [
    ['population-registry', 'POPULATION_SEEDING', 'citizens', citizens],
    ['business-registry', 'BUSINESS_SEEDING', 'enterprises', enterprises],
    ['insurance-registry', 'INSURANCE_SEEDING', 'participants', participants],
  ];
  const seedings = {};
  for (const [app, name] of targets) {
    try {
      seedings[app] = (await load(`apps/${app}/dist/src/seeding.js`))[name];
    } catch {
      if (!quiet) console.error(`  (skipping ${app}: not built)`);
    }
  }
  const population = new Population();
  const results = [];
  const run = async (app, what, total, records) => {
    const seeding = seedings[app];
    if (!seeding) {
      for (const _ of records); // keep the generator streams in step
      return;
    }
    const dataSource = await openRegistry(databaseUrl, seeding);
    try {
      const loaded = await bulkLoad(dataSource, seeding.kind, records, {
        withEvents: withEvents ? { type: seeding.createdEvent } : undefined,
        onProgress: progress(what, total, quiet),
      });
      results.push({ what, loaded, total });
    } finally {
      await dataSource.destroy();
    }
  };
  const citizenStream = (function* () {
    for (const c of generateCitizens(seed, citizens)) {
      population.add(c);
      yield c;
    }
  })();
  await run('population-registry', 'citizens', citizens, citizenStream);
  const enterpriseList = [...generateEnterprises(seed, enterprises, population)];
  await run('business-registry', 'enterprises', enterprises, enterpriseList);
  await run('insurance-registry', 'participants', participants, generateParticipants(seed, participants, population, enterpriseList));
  return results;
}

async function main() {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const n = Number(args[i + 1]);
    if (!Number.isInteger(n) || n < 0) fail(`--${name} needs a whole number`);
    return n;
  };
  const { readState } = await import('./infra/local-state.mjs');
  const databaseUrl = process.env.DATABASE_URL ?? readState().postgres?.url;
  if (!databaseUrl) fail('no PostgreSQL: set DATABASE_URL or run `npm run infra:up`');
  const started = Date.now();
  const results = await seedPlatform({
    databaseUrl,
    seed: option('seed', 42),
    citizens: option('citizens', 10_000),
    enterprises: option('enterprises', 1_000),
    participants: option('participants', 3_000),
    withEvents: args.includes('--with-events'),
  });
  console.log(`✔ ${results.map((r) => `${r.total} ${r.what} (${r.loaded} new)`).join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => fail(err?.message ?? String(err)));
}
