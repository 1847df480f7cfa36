import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifySequence } from './processed-events.js';

describe('classifySequence', () => {
  it('accepts the next version, and any version as the first one seen', () => {
    assert.equal(classifySequence(3, 4), 'next');
    assert.equal(classifySequence(0, 7), 'next');
  });
  it('reports a gap when versions are missing upstream', () => {
    assert.equal(classifySequence(3, 6), 'gap');
  });
  it('reports a late older event as stale', () => {
    assert.equal(classifySequence(5, 4), 'stale');
    assert.equal(classifySequence(5, 5), 'stale');
  });
});
