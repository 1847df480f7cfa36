import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTRACT_SCHEMA_IDS, getContracts } from '@ndg/contracts';
import { generateCitizens } from './citizen-generator.js';
import { generateDataset } from './dataset-generator.js';
import { createRng } from './random.js';
import { PROVINCES } from './vietnam-data.js';

const contracts = getContracts();
const SAMPLE = 2000;
const dataset = generateDataset({ seed: 42, citizens: 6000, enterprises: SAMPLE, participants: SAMPLE });

describe('createRng', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const seqA = Array.from({ length: 20 }, () => a.next());
    assert.deepEqual(
      seqA,
      Array.from({ length: 20 }, () => b.next()),
    );
    assert.notDeepEqual(
      seqA,
      Array.from({ length: 20 }, () => c.next()),
    );
    for (const value of seqA) assert.ok(value >= 0 && value < 1);
  });
});

describe('generateDataset', () => {
  it('produces identical output for the same seed', () => {
    const again = generateDataset({ seed: 42, citizens: 6000, enterprises: SAMPLE, participants: SAMPLE });
    assert.deepEqual(again, dataset);
    const other = generateDataset({ seed: 43, citizens: 100, enterprises: 10, participants: 10 });
    assert.notDeepEqual(other.citizens.slice(0, 10), dataset.citizens.slice(0, 10));
  });

  it('produces the requested counts', () => {
    assert.equal(dataset.citizens.length, 6000);
    assert.equal(dataset.enterprises.length, SAMPLE);
    assert.equal(dataset.participants.length, SAMPLE);
  });

  const cases = [
    ['citizen', CONTRACT_SCHEMA_IDS.citizen, () => dataset.citizens.slice(0, SAMPLE)],
    ['enterprise', CONTRACT_SCHEMA_IDS.enterprise, () => dataset.enterprises],
    ['participant', CONTRACT_SCHEMA_IDS.participant, () => dataset.participants],
  ] as const;
  for (const [name, schemaId, records] of cases) {
    it(`generates ${name}s that validate against their contract`, () => {
      const validator = contracts.validatorFor(schemaId);
      for (const record of records()) {
        const result = validator.validate(record);
        assert.ok(
          result.ok,
          `${JSON.stringify(record)} -> ${JSON.stringify(result.ok ? [] : result.errors)}`,
        );
      }
    });
  }

  it('uses unique ids', () => {
    assert.equal(new Set(dataset.citizens.map((c) => c.personalId)).size, dataset.citizens.length);
    assert.equal(new Set(dataset.enterprises.map((e) => e.enterpriseCode)).size, dataset.enterprises.length);
    assert.equal(
      new Set(dataset.participants.map((p) => p.socialInsuranceNumber)).size,
      dataset.participants.length,
    );
    assert.equal(new Set(dataset.participants.map((p) => p.personalId)).size, dataset.participants.length);
  });

  it('keeps cross-references consistent', () => {
    const citizens = new Map(dataset.citizens.map((c) => [c.personalId, c]));
    const enterprises = new Map(dataset.enterprises.map((e) => [e.enterpriseCode, e]));
    for (const citizen of dataset.citizens) {
      for (const ref of [citizen.fatherId, citizen.motherId, citizen.spouseId]) {
        if (ref !== undefined) assert.ok(citizens.has(ref), `${citizen.personalId} -> ${ref}`);
      }
      if (citizen.spouseId !== undefined)
        assert.equal(citizens.get(citizen.spouseId)?.spouseId, citizen.personalId);
      if (citizen.fatherId !== undefined) assert.equal(citizens.get(citizen.fatherId)?.sex, 'male');
      if (citizen.motherId !== undefined) assert.equal(citizens.get(citizen.motherId)?.sex, 'female');
    }
    for (const enterprise of dataset.enterprises) {
      for (const id of enterprise.legalRepresentativeIds) {
        const representative = citizens.get(id);
        assert.ok(representative, `${enterprise.enterpriseCode} representative ${id}`);
        assert.equal(representative.status, 'alive');
      }
      if (enterprise.enterpriseCode.includes('-'))
        assert.ok(enterprises.has(enterprise.enterpriseCode.slice(0, 10)));
    }
    for (const participant of dataset.participants) {
      assert.equal(citizens.get(participant.personalId)?.status, 'alive');
      if (participant.employerEnterpriseCode !== undefined) {
        assert.ok(enterprises.has(participant.employerEnterpriseCode), participant.employerEnterpriseCode);
      }
    }
  });

  it('uses real province codes and NFC names with diacritics', () => {
    const codes = new Set(PROVINCES.map((p) => p.code));
    assert.equal(codes.size, 34);
    let withDiacritics = 0;
    for (const citizen of dataset.citizens) {
      assert.ok(codes.has(citizen.permanentAddress.provinceCode));
      assert.equal(citizen.fullName, citizen.fullName.normalize('NFC'));
      if (/[^\x00-\x7f]/.test(citizen.fullName)) withDiacritics += 1;
    }
    assert.ok(withDiacritics > dataset.citizens.length / 2);
  });

  it('encodes birth province, sex, century and year in the personal id', () => {
    const codes = new Set(PROVINCES.map((p) => p.code));
    for (const citizen of dataset.citizens) {
      const id = citizen.personalId;
      assert.ok(codes.has(id.slice(1, 3)), id);
      const year = Number(citizen.dateOfBirth.slice(0, 4));
      assert.equal(Number(id[3]), (year >= 2000 ? 2 : 0) + (citizen.sex === 'female' ? 1 : 0), id);
      assert.equal(id.slice(4, 6), citizen.dateOfBirth.slice(2, 4), id);
    }
  });

  it('streams citizens lazily', () => {
    const iterator = generateCitizens(1, Number.MAX_SAFE_INTEGER);
    const first = iterator.next();
    assert.equal(first.done, false);
    iterator.return(undefined);
  });
});

describe('different seeds', () => {
  it('give different people, enterprises and insured persons, not the same ids again', () => {
    const a = generateDataset({ seed: 1, citizens: 2000, enterprises: 200, participants: 300 });
    const b = generateDataset({ seed: 2, citizens: 2000, enterprises: 200, participants: 300 });
    const overlap = <T>(xs: T[], ys: T[]) => xs.filter((x) => new Set(ys).has(x)).length;
    assert.ok(overlap(a.citizens.map((c) => c.personalId), b.citizens.map((c) => c.personalId)) < 20);
    assert.ok(overlap(a.enterprises.map((e) => e.enterpriseCode), b.enterprises.map((e) => e.enterpriseCode)) < 5);
    assert.ok(
      overlap(a.participants.map((p) => p.socialInsuranceNumber), b.participants.map((p) => p.socialInsuranceNumber)) < 5,
    );
  });
});
