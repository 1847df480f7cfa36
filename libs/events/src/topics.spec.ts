import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedTopic, registryTopic } from './topics.js';
import { parseBrokerList } from './kafka-config.js';

describe('topic names', () => {
  it('follows DESIGN §5', () => {
    assert.equal(registryTopic('population', 'citizen'), 'registry.population.citizen');
    assert.equal(feedTopic('moh', 'population', 'citizen'), 'feed.moh.population.citizen');
  });

  it('refuses segments that would break the naming scheme', () => {
    assert.throws(() => registryTopic('Population', 'citizen'), /invalid domain/);
    assert.throws(() => feedTopic('a.b', 'population', 'citizen'), /invalid agency id/);
  });
});

describe('parseBrokerList', () => {
  it('accepts host:port lists', () => {
    assert.deepEqual(parseBrokerList(' 127.0.0.1:9092, kafka-2:9093 '), ['127.0.0.1:9092', 'kafka-2:9093']);
  });
  it('refuses anything else with one clear line', () => {
    assert.throws(() => parseBrokerList('localhost'), /KAFKA_BROKERS must be/);
    assert.throws(() => parseBrokerList(''), /KAFKA_BROKERS must be/);
  });
});
