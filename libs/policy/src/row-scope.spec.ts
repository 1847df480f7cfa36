import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compilePolicies } from './policy-compiler.js';
import { loadPolicyDocuments } from './policy-loader.js';
import { inRowScope } from './row-scope.js';
import { exampleFiles } from '../test/policy-fixtures.js';

const set = compilePolicies(loadPolicyDocuments(exampleFiles()));

describe('inRowScope', () => {
  const moh = set.grant('moh/population.citizen/0');
  assert.ok(moh);

  it('accepts a record whose nested path holds an allowed value', () => {
    assert.equal(inRowScope(moh, { permanentAddress: { provinceCode: '79', communeCode: '26734' } }), true);
    assert.equal(inRowScope(moh, { permanentAddress: { provinceCode: '01' } }), true);
  });

  it('refuses other values, a missing path, and a path through a non-object', () => {
    assert.equal(inRowScope(moh, { permanentAddress: { provinceCode: '48' } }), false);
    assert.equal(inRowScope(moh, { personalId: '001090000001' }), false);
    assert.equal(inRowScope(moh, { permanentAddress: '79' }), false);
    assert.equal(inRowScope(moh, null), false);
  });

  it('compares strictly: the number 79 is not the code "79"', () => {
    assert.equal(inRowScope(moh, { permanentAddress: { provinceCode: 79 } }), false);
  });

  it('requires every clause to hold', () => {
    const scope = { rowScope: { status: ['alive'], 'permanentAddress.provinceCode': ['79'] } };
    assert.equal(inRowScope(scope, { status: 'alive', permanentAddress: { provinceCode: '79' } }), true);
    assert.equal(inRowScope(scope, { status: 'deceased', permanentAddress: { provinceCode: '79' } }), false);
  });

  it('compares Vietnamese text NFC-normalised', () => {
    const scope = { rowScope: { 'placeOfOrigin.name': ['Hà Nội'.normalize('NFD')] } };
    assert.equal(inRowScope(scope, { placeOfOrigin: { name: 'Hà Nội'.normalize('NFC') } }), true);
  });

  it('lets every record through a grant without where', () => {
    assert.equal(inRowScope({ rowScope: null }, {}), true);
    assert.equal(
      inRowScope(set.grant('gdt/business.enterprise/0') ?? { rowScope: {} }, { anything: 1 }),
      true,
    );
  });

  it('scopes the hospital to facilities of its province', () => {
    const vss = set.grant('vss-hospital/insurance.participant/0');
    assert.ok(vss);
    assert.equal(inRowScope(vss, { healthInsuranceCard: { primaryCareFacilityCode: '79001' } }), true);
    assert.equal(inRowScope(vss, { healthInsuranceCard: { primaryCareFacilityCode: '01001' } }), false);
  });
});
