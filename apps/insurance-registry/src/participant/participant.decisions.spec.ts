import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Participant } from '@ndg/contracts';
import { RegistryError } from '@ndg/registry-kit';
import { changeEmployer, changeStatus, endCoverageOnDeath, endScheme, enrol, issueCard, openScheme, openSchemes } from './participant.decisions.js';

const participant: Participant = {
  socialInsuranceNumber: '7912345678',
  personalId: '079203001234',
  employerEnterpriseCode: '0101234567',
  schemes: {
    sickness: { startDate: '2020-03-01' },
    oldAge: { startDate: '2020-03-01' },
    healthInsurance: { startDate: '2020-03-01' },
    unemployment: { startDate: '2018-01-01', endDate: '2019-12-31', endReason: 'employment-ended' },
  },
  healthInsuranceCard: { number: 'DN4797912345678', validFrom: '2026-01-01', validUntil: '2026-12-31', primaryCareFacilityCode: '79001' },
  contributionSalary: 12_000_000,
  status: 'active',
  version: 3,
};
const { version: _v, ...fields } = participant;

/** The RegistryError `fn` throws, for its kind and the field it names. */
function refusal(fn: () => unknown): { status: number; path: string | undefined } {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof RegistryError, `expected a RegistryError, got ${String(err)}`);
    return { status: err.status, path: err.errors[0]?.path };
  }
  assert.fail('expected a refusal');
}

describe('enrol', () => {
  it('accepts an active participant with a consistent card', () => {
    assert.deepEqual(enrol(fields), fields);
  });
  it('refuses a status other than active, a period ending before it starts, and a foreign card', () => {
    assert.deepEqual(refusal(() => enrol({ ...fields, status: 'retired' })), { status: 422, path: '/status' });
    assert.deepEqual(
      refusal(() => enrol({ ...fields, schemes: { oldAge: { startDate: '2020-01-01', endDate: '2019-01-01', endReason: 'other' } } })),
      { status: 422, path: '/schemes/oldAge/endDate' },
    );
    assert.deepEqual(
      refusal(() => enrol({ ...fields, healthInsuranceCard: { ...fields.healthInsuranceCard!, number: 'DN4790000000001' } })),
      { status: 422, path: '/healthInsuranceCard/number' },
    );
  });
});

describe('changeEmployer', () => {
  it('records a new employer and salary, or none for a voluntary participant', () => {
    const moved = changeEmployer(participant, { employerEnterpriseCode: '0309876543', contributionSalary: 15_000_000 });
    assert.equal(moved?.type, 'insurance.participant.employer-changed');
    assert.equal(moved?.next.employerEnterpriseCode, '0309876543');
    assert.equal(moved?.next.contributionSalary, 15_000_000);
    const voluntary = changeEmployer(participant, { employerEnterpriseCode: null });
    assert.equal(voluntary !== undefined && 'employerEnterpriseCode' in voluntary.next, false);
  });
  it('changes nothing when nothing differs', () => {
    assert.equal(changeEmployer(participant, { employerEnterpriseCode: '0101234567' }), undefined);
  });
});

describe('schemes', () => {
  it('opens a scheme never joined, and reopens an ended one after its end', () => {
    const opened = openScheme(participant, { scheme: 'maternity', startDate: '2026-02-01' });
    assert.equal(opened.type, 'insurance.participant.scheme-opened');
    assert.deepEqual(opened.next.schemes.maternity, { startDate: '2026-02-01' });
    assert.deepEqual(openScheme(participant, { scheme: 'unemployment', startDate: '2026-02-01' }).next.schemes.unemployment, { startDate: '2026-02-01' });
    assert.deepEqual(refusal(() => openScheme(participant, { scheme: 'unemployment', startDate: '2019-06-01' })), { status: 422, path: '/startDate' });
  });
  it('refuses to open an open scheme (409)', () => {
    assert.deepEqual(refusal(() => openScheme(participant, { scheme: 'sickness', startDate: '2026-02-01' })), { status: 409, path: '/status' });
  });
  it('ends an open scheme with its date and reason', () => {
    const ended = endScheme(participant, { scheme: 'sickness', endDate: '2026-01-15', endReason: 'employment-ended' }, '2026-02-01');
    assert.equal(ended.type, 'insurance.participant.scheme-ended');
    assert.deepEqual(ended.next.schemes.sickness, { startDate: '2020-03-01', endDate: '2026-01-15', endReason: 'employment-ended' });
  });
  it('refuses to end a closed or absent scheme, before its start, or in the future', () => {
    const today = '2026-02-01';
    assert.equal(refusal(() => endScheme(participant, { scheme: 'unemployment', endDate: '2026-01-15', endReason: 'other' }, today)).status, 409);
    assert.equal(refusal(() => endScheme(participant, { scheme: 'survivor', endDate: '2026-01-15', endReason: 'other' }, today)).status, 409);
    assert.deepEqual(refusal(() => endScheme(participant, { scheme: 'oldAge', endDate: '2019-01-15', endReason: 'other' }, today)), { status: 422, path: '/endDate' });
    assert.deepEqual(refusal(() => endScheme(participant, { scheme: 'oldAge', endDate: '2026-03-01', endReason: 'other' }, today)), { status: 422, path: '/endDate' });
  });
});

describe('issueCard', () => {
  const renewal = { number: 'DN4797912345678', validFrom: '2027-01-01', validUntil: '2027-12-31', primaryCareFacilityCode: '79002' };
  it('renews the card', () => {
    const issued = issueCard(participant, renewal);
    assert.equal(issued?.type, 'insurance.participant.card-issued');
    assert.deepEqual(issued?.next.healthInsuranceCard, renewal);
    assert.equal(issueCard(participant, participant.healthInsuranceCard!), undefined);
  });
  it('refuses a card of another number, a card expiring before it starts, or without open health insurance', () => {
    assert.deepEqual(refusal(() => issueCard(participant, { ...renewal, number: 'DN4790000000001' })), { status: 422, path: '/number' });
    assert.deepEqual(refusal(() => issueCard(participant, { ...renewal, validUntil: '2026-06-01' })), { status: 422, path: '/validUntil' });
    const { healthInsurance: _h, ...others } = participant.schemes;
    assert.equal(refusal(() => issueCard({ ...participant, schemes: others }, renewal)).status, 409);
  });
});

describe('changeStatus', () => {
  it('changes the status; the same status changes nothing', () => {
    assert.equal(changeStatus(participant, { status: 'suspended' })?.next.status, 'suspended');
    assert.equal(changeStatus(participant, { status: 'active' }), undefined);
  });
  it('leaves deaths to the population registry and refuses changes after one', () => {
    assert.deepEqual(refusal(() => changeStatus(participant, { status: 'deceased' })), { status: 422, path: '/status' });
    assert.equal(refusal(() => changeStatus({ ...participant, status: 'deceased' }, { status: 'active' })).status, 409);
  });
});

describe('endCoverageOnDeath', () => {
  it('ends every open scheme on the date of death with reason deceased, in one scheme-ended change', () => {
    const change = endCoverageOnDeath(participant, '2026-01-10');
    assert.equal(change?.type, 'insurance.participant.scheme-ended');
    assert.equal(change?.next.status, 'deceased');
    for (const name of ['sickness', 'oldAge', 'healthInsurance'] as const) {
      assert.deepEqual(change?.next.schemes[name], { startDate: participant.schemes[name]!.startDate, endDate: '2026-01-10', endReason: 'deceased' });
    }
    assert.deepEqual(change?.next.schemes.unemployment, participant.schemes.unemployment, 'an ended scheme keeps its end');
    assert.deepEqual(openSchemes(change!.next), []);
  });
  it('only changes the status when no scheme is open, and nothing the second time', () => {
    const closed = endCoverageOnDeath(participant, '2026-01-10')!.next;
    assert.equal(endCoverageOnDeath(closed, '2026-01-10'), undefined);
    const noCoverage: Participant = { ...participant, schemes: { unemployment: participant.schemes.unemployment! } };
    assert.equal(endCoverageOnDeath(noCoverage, '2026-01-10')?.type, 'insurance.participant.status-changed');
  });
});
