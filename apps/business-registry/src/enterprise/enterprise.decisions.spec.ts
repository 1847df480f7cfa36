import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Enterprise } from '@ndg/contracts';
import { getContracts } from '@ndg/contracts';
import { RegistryError } from '@ndg/registry-kit';
import { amendEnterprise, changeStatus, flagRepresentativeDeceased, registerEnterprise, STATUS_TRANSITIONS } from './enterprise.decisions.js';
import { ENTERPRISE_SCHEMA_ID } from './enterprise.kind.js';

const TODAY = '2026-03-01';

const enterprise = (over: Partial<Enterprise> = {}): Enterprise => ({
  enterpriseCode: '0101234567',
  name: 'Công ty TNHH Thương mại Sông Hồng',
  legalForm: 'multi-member-llc',
  registrationDate: '2015-06-01',
  status: 'active',
  headOfficeAddress: { provinceCode: '01', communeCode: '00004', addressLine: 'Số 1 Tràng Tiền' },
  charterCapital: 5_000_000_000,
  industryCodes: ['4610'],
  legalRepresentativeIds: ['001085012345'],
  legalRepresentativeDeceased: false,
  version: 1,
  ...over,
});

function refusedWith(kind: 'REGISTRY.RULE_VIOLATION' | 'REGISTRY.INVALID_STATE', path: string) {
  return (err: unknown) => {
    assert.ok(err instanceof RegistryError, String(err));
    assert.equal(err.code, kind);
    assert.equal(err.errors[0]?.path, path);
    return true;
  };
}

describe('enterprise decisions', () => {
  it('the fixture is a valid enterprise', () => {
    assert.ok(getContracts().validate(ENTERPRISE_SCHEMA_ID, enterprise()).ok);
  });

  it('registers an active enterprise dated today or earlier', () => {
    const { version: _v, ...fields } = enterprise();
    assert.deepEqual(registerEnterprise(fields, TODAY), fields);
    const { version: _b, ...branch } = enterprise({ enterpriseCode: '0101234567-001', legalForm: 'branch', charterCapital: 0 });
    assert.deepEqual(registerEnterprise(branch, TODAY), branch);
  });

  it('refuses registrations that break a rule, naming the field', () => {
    const fields = (over: Partial<Enterprise>) => {
      const { version: _v, ...f } = enterprise(over);
      return f;
    };
    assert.throws(() => registerEnterprise(fields({ status: 'suspended' }), TODAY), refusedWith('REGISTRY.RULE_VIOLATION', '/status'));
    assert.throws(() => registerEnterprise(fields({ legalRepresentativeDeceased: true }), TODAY), refusedWith('REGISTRY.RULE_VIOLATION', '/legalRepresentativeDeceased'));
    assert.throws(() => registerEnterprise(fields({ registrationDate: '2026-03-02' }), TODAY), refusedWith('REGISTRY.RULE_VIOLATION', '/registrationDate'));
    assert.throws(() => registerEnterprise(fields({ legalForm: 'branch' }), TODAY), refusedWith('REGISTRY.RULE_VIOLATION', '/legalForm'));
    assert.throws(() => registerEnterprise(fields({ enterpriseCode: '0101234567-002' }), TODAY), refusedWith('REGISTRY.RULE_VIOLATION', '/legalForm'));
    assert.throws(
      () => registerEnterprise(fields({ legalForm: 'sole-proprietorship', legalRepresentativeIds: ['001085012345', '001085012346'] }), TODAY),
      refusedWith('REGISTRY.RULE_VIOLATION', '/legalRepresentativeIds'),
    );
  });

  it('amends any subset of fields, removes names sent as null, and sees no-ops', () => {
    const current = enterprise({ foreignName: 'Song Hong Trading Company Limited', shortName: 'SONGHONG CO' });
    const change = amendEnterprise(current, { name: 'Công ty TNHH Sông Hồng', charterCapital: 6_000_000_000, foreignName: null });
    assert.equal(change?.type, 'business.enterprise.amended');
    assert.equal(change?.next.name, 'Công ty TNHH Sông Hồng');
    assert.equal(change?.next.charterCapital, 6_000_000_000);
    assert.equal('foreignName' in (change?.next ?? {}), false);
    assert.equal(change?.next.shortName, 'SONGHONG CO');
    assert.equal(amendEnterprise(current, { name: current.name }), undefined);
    assert.equal(amendEnterprise(enterprise(), { foreignName: null }), undefined);
  });

  it('new legal representatives clear the deceased flag; the same ones in another order change nothing', () => {
    const flagged = enterprise({ legalRepresentativeIds: ['001085012345', '001085099999'], legalRepresentativeDeceased: true });
    assert.equal(amendEnterprise(flagged, { legalRepresentativeIds: ['001085099999', '001085012345'] }), undefined);
    const change = amendEnterprise(flagged, { legalRepresentativeIds: ['001085099999'] });
    assert.deepEqual(change?.next.legalRepresentativeIds, ['001085099999']);
    assert.equal(change?.next.legalRepresentativeDeceased, false);
  });

  it('refuses to amend a dissolved or bankrupt enterprise', () => {
    for (const status of ['dissolved', 'bankrupt'] as const) {
      assert.throws(() => amendEnterprise(enterprise({ status }), { name: 'Tên mới' }), refusedWith('REGISTRY.INVALID_STATE', '/status'));
    }
    assert.ok(amendEnterprise(enterprise({ status: 'suspended' }), { name: 'Tên mới' }));
  });

  it('changes status along the allowed transitions only; dissolved and bankrupt are final', () => {
    assert.equal(changeStatus(enterprise(), { status: 'suspended' })?.next.status, 'suspended');
    assert.equal(changeStatus(enterprise({ status: 'suspended' }), { status: 'active' })?.type, 'business.enterprise.status-changed');
    assert.equal(changeStatus(enterprise({ status: 'dissolving' }), { status: 'dissolved' })?.next.status, 'dissolved');
    assert.equal(changeStatus(enterprise(), { status: 'active' }), undefined);
    assert.throws(() => changeStatus(enterprise({ status: 'dissolving' }), { status: 'suspended' }), refusedWith('REGISTRY.INVALID_STATE', '/status'));
    for (const final of ['dissolved', 'bankrupt'] as const) {
      assert.deepEqual(STATUS_TRANSITIONS[final], []);
      assert.throws(() => changeStatus(enterprise({ status: final }), { status: 'active' }), refusedWith('REGISTRY.INVALID_STATE', '/status'));
    }
  });

  it('flags an enterprise once when one of its representatives dies', () => {
    const current = enterprise({ legalRepresentativeIds: ['001085012345', '001085099999'] });
    const change = flagRepresentativeDeceased(current, '001085099999');
    assert.equal(change?.type, 'business.enterprise.representative-deceased');
    assert.equal(change?.next.legalRepresentativeDeceased, true);
    assert.equal(flagRepresentativeDeceased({ ...current, legalRepresentativeDeceased: true }, '001085012345'), undefined);
    assert.equal(flagRepresentativeDeceased(current, '001085000000'), undefined);
  });
});
