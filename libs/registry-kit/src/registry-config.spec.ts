import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadRegistryConfig } from './registry-config.js';

describe('loadRegistryConfig', () => {
  const base = { DATABASE_URL: 'postgres://u@db:5432/postgres' };
  const load = (env: NodeJS.ProcessEnv) => loadRegistryConfig('population-registry', { port: 3001, database: 'ndg_population' }, env);

  it('works with nothing but a database server', () => {
    const c = load(base);
    assert.equal(c.port, 3001);
    assert.equal(c.databaseUrl, 'postgres://u@db:5432/ndg_population');
    assert.deepEqual(c.kafkaBrokers, ['127.0.0.1:9092']);
    assert.equal(c.logLevel, 'log');
    assert.equal(c.outboxRelay, true);
    assert.equal(c.consumerGroupPrefix, '');
  });

  it('stops on a wrong value with one clear line', () => {
    assert.throws(() => load({ ...base, PORT: 'eighty' }), /PORT must be an integer/);
    assert.throws(() => load({ ...base, LOG_LEVEL: 'loud' }), /LOG_LEVEL must be one of/);
    assert.throws(() => load({ ...base, KAFKA_BROKERS: 'nope' }), /KAFKA_BROKERS must be/);
    assert.throws(() => load({ ...base, OUTBOX_RELAY: 'maybe' }), /OUTBOX_RELAY must be true or false/);
    assert.throws(() => load({ ...base, CONSUMER_GROUP_PREFIX: 'Bad Prefix' }), /CONSUMER_GROUP_PREFIX/);
  });
});
