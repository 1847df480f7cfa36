import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryError } from './registry-errors.js';
import { parsePageQuery, SNAPSHOT_PAGE_DEFAULT, SNAPSHOT_PAGE_MAX } from './internal-lookup.controller.js';

const ID = /^[0-9]{12}$/;

function refusal(query: Record<string, unknown>): RegistryError {
  try {
    parsePageQuery(query, ID);
  } catch (err) {
    assert.ok(err instanceof RegistryError);
    return err;
  }
  assert.fail(`accepted ${JSON.stringify(query)}`);
}

describe('parsePageQuery', () => {
  it('defaults: from the start, a default-size page', () => {
    assert.deepEqual(parsePageQuery({}, ID), { after: null, limit: SNAPSHOT_PAGE_DEFAULT });
    assert.deepEqual(parsePageQuery({ after: '' }, ID), { after: null, limit: SNAPSHOT_PAGE_DEFAULT });
  });
  it('accepts an id of the kind and limits 1..1000', () => {
    assert.deepEqual(parsePageQuery({ after: '001234567890', limit: '1' }, ID), { after: '001234567890', limit: 1 });
    assert.equal(parsePageQuery({ limit: String(SNAPSHOT_PAGE_MAX) }, ID).limit, SNAPSHOT_PAGE_MAX);
  });
  it('refuses ids of another pattern, limits out of bounds, repeated and unknown parameters (400)', () => {
    assert.equal(refusal({ after: '12' }).status, 400);
    assert.equal(refusal({ after: '12' }).code, 'REGISTRY.INVALID_ID');
    for (const limit of ['0', '1001', '-1', '1.5', 'ten', '00000'])
      assert.equal(refusal({ limit }).errors[0]?.path, '/query/limit', limit);
    assert.equal(refusal({ limit: ['1', '2'] }).errors[0]?.path, '/query/limit');
    assert.equal(refusal({ after: ['001234567890', '001234567891'] }).errors[0]?.path, '/query/after');
    const unknown = refusal({ page: '2', after: '001234567890' });
    assert.equal(unknown.code, 'HTTP.BAD_REQUEST');
    assert.equal(unknown.errors[0]?.path, '/query/page');
  });
});
