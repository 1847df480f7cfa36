#!/usr/bin/env node
// `npm start`: brings the whole platform up with its defaults and prints where to look.
// Ctrl-C stops the services, and the Kafka and PostgreSQL it started itself.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { infraUp } from './infra/infra.mjs';
import { kafkaDown } from './infra/kafka.mjs';
import { postgresDown } from './infra/postgres.mjs';
import { repoRoot, sleep, fail } from './infra/local-state.mjs';
import { existsSync } from 'node:fs';
import { PLATFORM_SERVICES } from './platform-services.mjs';
import { zipkinDown, zipkinUp, ZIPKIN_SPANS_ENDPOINT } from './infra/zipkin.mjs';
import { seedPlatform } from './seed.mjs';

console.log('› starting Kafka and PostgreSQL');
const { kafka, postgres } = await infraUp();
console.log(`  Kafka ${kafka.brokers.join(',')} (${kafka.source}); PostgreSQL: ${postgres.source}`);
console.log('› starting Zipkin (trace UI)');
const zipkin = await zipkinUp();

console.log('› building');
const build = spawnSync(join(repoRoot, 'node_modules', '.bin', 'nx'), ['run-many', '-t', 'build', '--outputStyle=static'], {
  cwd: repoRoot,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
});
if (build.status !== 0) fail('build failed: run `npm run build` to see why');

const env = {
  ...process.env,
  KAFKA_BROKERS: kafka.brokers.join(','),
  DATABASE_URL: postgres.url,
  KAFKAJS_NO_PARTITIONER_WARNING: '1',
  OTEL_TRACES_EXPORTER: process.env.OTEL_TRACES_EXPORTER ?? 'zipkin',
  OTEL_EXPORTER_ZIPKIN_ENDPOINT: process.env.OTEL_EXPORTER_ZIPKIN_ENDPOINT ?? ZIPKIN_SPANS_ENDPOINT,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --enable-source-maps --disable-warning=TimeoutNegativeWarning`.trim(),
};

const services = PLATFORM_SERVICES.filter((service) => {
  const built = existsSync(join(repoRoot, service.entry));
  if (!built) console.log(`  (skipping ${service.name}: not built)`);
  return built;
});

const children = services.map((service) => {
  // The telemetry preload must run before NestJS loads (ESM instrumentation hooks).
  const child = spawn(process.execPath, ['--import', '@ndg/telemetry/preload', join(repoRoot, service.entry)], {
    cwd: repoRoot,
    env: { ...env, ...service.env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`✖ ${service.name} exited (${signal ?? code}); stopping the platform`);
    void stop(1);
  });
  return { service, child };
});

async function healthy(url) {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const { child } of children) child.kill('SIGTERM');
  await Promise.all(children.map(({ child }) => (child.exitCode === null ? new Promise((r) => child.once('exit', r)) : undefined)));
  if (zipkin.started) await zipkinDown();
  if (kafka.started) await kafkaDown('single');
  if (postgres.started) await postgresDown();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

const deadline = Date.now() + 60_000;
for (const { service } of children) {
  while (!(await healthy(service.health)) && Date.now() < deadline && !stopping) await sleep(300);
}
if (!stopping && process.env.SEED !== '0') {
  console.log('› seeding a small data set (SEED=0 skips)');
  try {
    const seeded = await seedPlatform({ databaseUrl: postgres.url, seed: 42, citizens: 200, enterprises: 40, participants: 80, quiet: true });
    console.log(`  ${seeded.map((s) => `${s.total} ${s.what} (${s.loaded} new)`).join(', ')}`);
  } catch (err) {
    console.error(`✖ seeding failed: ${err instanceof Error ? err.message : String(err)}`);
    await stop(1);
  }
}
if (!stopping) {
  const rows = services.map((s) => `  ${s.name.padEnd(22)} ${s.url.padEnd(24)} health: ${s.health}  openapi: ${s.openapi}`);
  console.log(
    [
      '',
      '✔ platform is up',
      ...rows,
      `  ${'zipkin (traces)'.padEnd(22)} ${zipkin.url}`,
      `  ${'kafka'.padEnd(22)} ${kafka.brokers.join(',')}`,
      `  ${'metrics'.padEnd(22)} <service url>/metrics`,
      `  ${'admin token'.padEnd(22)} ndg-local-admin-token (local only; gateway /admin)`,
      '',
      'Try a lookup as an agency: npm run demo:agency',
      '',
      'Ctrl-C stops it.',
    ].join('\n'),
  );
}
