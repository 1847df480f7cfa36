#!/usr/bin/env node
// The outbox relay as its own process: `DATABASE_URL` (the registry's own database) and
// `KAFKA_BROKERS`. Registries also run it in-process; several may run at once (one leads).
import { parseBrokerList } from '@ndg/events';
import { OutboxRelay } from './outbox-relay.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`ndg-outbox-relay: ${name} is required`);
    process.exit(1);
  }
  return value;
}

const batch = Number(process.env['OUTBOX_BATCH_SIZE'] ?? 1000);
if (!Number.isInteger(batch) || batch < 1) {
  console.error(`ndg-outbox-relay: OUTBOX_BATCH_SIZE must be a positive integer, got "${process.env['OUTBOX_BATCH_SIZE']}"`);
  process.exit(1);
}
let kafkaBrokers: string[];
try {
  kafkaBrokers = parseBrokerList(process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092');
} catch (err) {
  console.error(`ndg-outbox-relay: ${(err as Error).message}`);
  process.exit(1);
}
const relay = new OutboxRelay({
  databaseUrl: required('DATABASE_URL'),
  kafkaBrokers,
  batchSize: batch,
  clientId: 'outbox-relay',
  onError: (err) => console.error(JSON.stringify({ msg: 'outbox relay error', error: (err as Error).message })),
});
relay.start();
console.log(JSON.stringify({ msg: 'outbox relay started' }));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void relay.stop().then(() => process.exit(0));
  });
}
