import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Metrics } from './metrics.service.js';
import { MetricTypeConflictError, PersonalDataLabelError } from './metrics.errors.js';

describe('Metrics', () => {
  it('returns the same metric to every caller asking for one name', async () => {
    const metrics = new Metrics();
    const a = metrics.counter('ndg_policy_decisions_total', {
      help: 'Policy decisions.',
      labelNames: ['outcome'],
    });
    const b = metrics.counter('ndg_policy_decisions_total', {
      help: 'Policy decisions.',
      labelNames: ['outcome'],
    });
    assert.equal(a, b);
    a.inc({ outcome: 'deny' });
    b.inc({ outcome: 'deny' });
    assert.match(await metrics.exposition(), /^ndg_policy_decisions_total\{outcome="deny"\} 2$/m);
  });

  it('refuses one name as two kinds of metric', () => {
    const metrics = new Metrics();
    metrics.gauge('ndg_outbox_backlog', { help: 'Unsent outbox rows.' });
    assert.throws(() => metrics.counter('ndg_outbox_backlog', { help: 'x' }), MetricTypeConflictError);
  });

  it('refuses label names that would identify people', () => {
    const metrics = new Metrics();
    for (const label of ['national_id', 'citizen', 'email', 'person_name']) {
      assert.throws(
        () => metrics.counter(`c_${label}`, { help: 'x', labelNames: [label] }),
        PersonalDataLabelError,
      );
    }
    assert.doesNotThrow(() => metrics.counter('ok_total', { help: 'x', labelNames: ['agency', 'outcome'] }));
  });

  it('keeps registries of two apps in one process apart', () => {
    const one = new Metrics();
    const two = new Metrics();
    assert.notEqual(one.histogram('h_seconds', { help: 'x' }), two.histogram('h_seconds', { help: 'x' }));
  });
});
