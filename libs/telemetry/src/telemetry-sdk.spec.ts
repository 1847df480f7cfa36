import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { selectedInstrumentations } from './telemetry-sdk.js';

describe('selectedInstrumentations', () => {
  it('runs every instrumentation by default', () => {
    assert.deepEqual(selectedInstrumentations({}), ['http', 'undici', 'pg']);
  });
  it('honours the OTEL_NODE_ENABLED/DISABLED_INSTRUMENTATIONS lists', () => {
    assert.deepEqual(selectedInstrumentations({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'undici, pg' }), [
      'http',
    ]);
    assert.deepEqual(selectedInstrumentations({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,pg' }), [
      'http',
      'pg',
    ]);
  });
  it('refuses a name it does not know, with one clear line', () => {
    assert.throws(
      () => selectedInstrumentations({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'kafkajs' }),
      /unknown instrumentation "kafkajs"/,
    );
  });
});
