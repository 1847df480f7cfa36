#!/usr/bin/env node
// `npm start`: brings the whole platform up with its defaults and prints where to look.
// Ctrl-C stops the services, and the Kafka and PostgreSQL it started itself.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { infraUp } from './infra/infra.mjs';
import { kafkaDown } from './infra/kafka.mjs';
import { postgresDown } from './infra/postgres.mjs';
import { repoRoot, sleep, fail } from './infra/local-state.mjs';
import { PLATFORM_SERVICES } from './platform-services.mjs';

console.log('› starting Kafka and PostgreSQL');
const { kafka, postgres } = await infraUp();
console.log(`  Kafka ${kafka.brokers.join(',')} (${kafka.source}); PostgreSQL: ${postgres.source}`);

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
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --enable-source-maps --disable-warning=TimeoutNegativeWarning`.trim(),
};

const children = PLATFORM_SERVICES.map((service) => {
  const child = spawn(process.execPath, [join(repoRoot, service.entry)], {
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
if (!stopping) {
  const rows = PLATFORM_SERVICES.map((s) => `  ${s.name.padEnd(22)} ${s.url.padEnd(24)} health: ${s.health}`);
  console.log(['', '✔ platform is up', ...rows, `  ${'kafka'.padEnd(22)} ${kafka.brokers.join(',')}`, '', 'Ctrl-C stops it.'].join('\n'));
}
