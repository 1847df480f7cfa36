import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  const base = { DATABASE_URL: 'postgres://u@db:5432/postgres' };

  it('works with nothing but a database server', () => {
    const c = loadConfig(base);
    assert.equal(c.port, 3001);
    assert.equal(c.databaseUrl, 'postgres://u@db:5432/ndg_population');
    assert.deepEqual(c.kafkaBrokers, ['127.0.0.1:9092']);
    assert.equal(c.logLevel, 'log');
  });

  it('stops on a wrong value with one clear line', () => {
    assert.throws(() => loadConfig({ ...base, PORT: 'eighty' }), /PORT must be an integer/);
    assert.throws(() => loadConfig({ ...base, LOG_LEVEL: 'loud' }), /LOG_LEVEL must be one of/);
    assert.throws(() => loadConfig({ ...base, KAFKA_BROKERS: 'nope' }), /KAFKA_BROKERS must be/);
  });
});
