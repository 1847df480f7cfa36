#!/usr/bin/env node
// `npm test`: the one command that runs every check and suite. It starts the Kafka and
// Postgres the suites need (reusing ones already running), builds, checks the contracts,
// runs every unit and integration suite with node's test runner, and stops what it started.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { infraUp } from './infra/infra.mjs';
import { kafkaDown, kafkaWipe } from './infra/kafka.mjs';
import { postgresDown } from './infra/postgres.mjs';
import { repoRoot } from './infra/local-state.mjs';

function step(title, command, args, env = process.env) {
  console.log(`\n› ${title}`);
  const res = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', env });
  return res.status ?? 1;
}

// A compiled suite whose TypeScript source was deleted must not run from a stale dist/.
function hasSource(path) {
  if (path.endsWith('.mjs')) return true;
  const m = /^(.*)[\\/]dist[\\/](.*)\.js$/.exec(path);
  return m ? existsSync(join(m[1], `${m[2]}.ts`)) : true;
}

/** Compiled suites: `*.spec.js` (units, beside the code) and `test/**\/*.test.js` (integration). */
function suites() {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(spec|test)\.m?js$/.test(entry) && hasSource(path)) found.push(relative(repoRoot, path));
    }
  };
  walk(join(repoRoot, 'tools'));
  for (const group of ['libs', 'apps']) {
    const base = join(repoRoot, group);
    if (!existsSync(base)) continue;
    for (const project of readdirSync(base)) {
      const dist = join(base, project, 'dist');
      if (existsSync(dist)) walk(dist);
    }
  }
  return found.sort();
}

const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);
let exitCode = 1;
let started = { kafka: false, postgres: false };
try {
  console.log("› starting the test run's Kafka and PostgreSQL (reused when already running)");
  // A broker of the run's own (127.0.0.1:19092) unless KAFKA_BROKERS names one: the suites'
  // events stay out of the topics `npm start` reads, and both can run at once.
  const { kafka, postgres } = await infraUp({ kafkaMode: 'test' });
  started = { kafka: kafka.started, postgres: postgres.started };
  console.log(`  Kafka ${kafka.brokers.join(',')} (${kafka.source}); PostgreSQL: ${postgres.source}`);

  const env = {
    ...process.env,
    KAFKA_BROKERS: kafka.brokers.join(','),
    DATABASE_URL: postgres.url,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    // kafkajs schedules timers with negative delays on Node >= 23; harmless, but noisy.
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --enable-source-maps --disable-warning=TimeoutNegativeWarning`.trim(),
  };

  if (step('build (nx run-many -t build)', bin('nx'), ['run-many', '-t', 'build', '--outputStyle=static'], env) !== 0) {
    throw new Error('build failed');
  }
  if (existsSync(join(repoRoot, 'tools', 'contracts', 'check.mjs'))) {
    if (step('contracts: generated types up to date, versions compatible', process.execPath, ['tools/contracts/check.mjs'], env) !== 0) {
      throw new Error('contracts check failed');
    }
  }
  if (step('lint (eslint)', bin('eslint'), ['--max-warnings=0', '.'], env) !== 0) throw new Error('lint failed');

  const files = suites();
  exitCode = step(
    `${files.length} test files (node --test)`,
    process.execPath,
    ['--test', `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 3}`, '--test-timeout=180000', ...files],
    env,
  );
} catch (err) {
  console.error(`✖ ${err instanceof Error ? err.message : String(err)}`);
  exitCode = 1;
} finally {
  if (started.kafka) {
    await kafkaDown('test');
    kafkaWipe('test');
  }
  if (started.postgres) await postgresDown();
}
process.exit(exitCode);
