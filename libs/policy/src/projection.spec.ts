import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { project } from './projection.js';

const citizen = {
  personalId: '001090000001',
  fullName: 'Nguyễn Văn An',
  ethnicity: 'Kinh',
  permanentAddress: { provinceCode: '79', communeCode: '26734', addressLine: '12 Lê Lợi' },
  identityCard: { number: '001090000001', issueDate: '2021-04-01' },
  tags: ['a', 'b'],
};

describe('project', () => {
  it('keeps only the listed top-level fields, with their whole subtrees', () => {
    assert.deepEqual(project(citizen, ['personalId', 'permanentAddress']), {
      personalId: '001090000001',
      permanentAddress: { provinceCode: '79', communeCode: '26734', addressLine: '12 Lê Lợi' },
    });
  });

  it('keeps only the leaf of a nested path', () => {
    assert.deepEqual(project(citizen, ['permanentAddress.provinceCode', 'identityCard.number']), {
      permanentAddress: { provinceCode: '79' },
      identityCard: { number: '001090000001' },
    });
  });

  it('leaves absent fields absent, without empty parents', () => {
    const out = project(citizen, ['dateOfDeath', 'temporaryAddress.provinceCode', 'permanentAddress.ward']);
    assert.deepEqual(out, {});
    assert.ok(!('dateOfDeath' in out));
  });

  it('does not let a narrower path cut down a wider one, in either order', () => {
    const expected = { permanentAddress: citizen.permanentAddress };
    assert.deepEqual(project(citizen, ['permanentAddress', 'permanentAddress.provinceCode']), expected);
    assert.deepEqual(project(citizen, ['permanentAddress.provinceCode', 'permanentAddress']), expected);
  });

  it('copies, so changing the projection never changes the record', () => {
    const out = project(citizen, ['permanentAddress', 'tags']);
    (out['permanentAddress'] as Record<string, unknown>)['provinceCode'] = '01';
    (out['tags'] as string[]).push('c');
    assert.equal(citizen.permanentAddress.provinceCode, '79');
    assert.deepEqual(citizen.tags, ['a', 'b']);
  });

  it('ignores __proto__ paths', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const out = project(hostile, ['__proto__', 'a']);
    assert.deepEqual(out, { a: 1 });
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
  });

  it('keeps null and falsy values that are present', () => {
    assert.deepEqual(project({ a: null, b: 0, c: false, d: '' }, ['a', 'b', 'c', 'd']), {
      a: null,
      b: 0,
      c: false,
      d: '',
    });
  });
});
