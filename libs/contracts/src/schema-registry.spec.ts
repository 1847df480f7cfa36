import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { ContractViolation, UnknownEventTypeError, UnknownSchemaError } from './contract-errors.js';
import { CONTRACT_ERROR_CODES } from './error-codes.js';
import { DEFAULT_SCHEMAS_DIR, readSchemaDirectory } from './schema-files.js';
import { CONTRACT_SCHEMA_IDS } from './schema-ids.js';
import { ContractRegistry, getContracts } from './schema-registry.js';
import { CLASSIFICATIONS } from './types.js';
import { validCitizen, validEnterprise, validParticipant } from './valid-records.fixture.js';

const contracts = getContracts();

function schemaFilesOnDisk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.schema.json'))
    .map((entry) => relative(DEFAULT_SCHEMAS_DIR, join(entry.parentPath, entry.name)));
}

describe('ContractRegistry', () => {
  it('compiles every schema file in strict mode', () => {
    const files = schemaFilesOnDisk(DEFAULT_SCHEMAS_DIR);
    assert.ok(files.length >= 30, `expected the full schema set, found ${files.length}`);
    const fresh = new ContractRegistry(readSchemaDirectory());
    assert.equal(fresh.schemaIds().length, files.length);
    for (const id of fresh.schemaIds()) assert.equal(typeof fresh.validatorFor(id).validate, 'function');
  });

  it('has a data schema for every event type the registries emit', () => {
    const expected = [
      'population.citizen.born',
      'population.citizen.registered',
      'population.citizen.deceased',
      'population.citizen.residence-changed',
      'population.citizen.name-corrected',
      'population.citizen.household-linked',
      'business.enterprise.registered',
      'business.enterprise.amended',
      'business.enterprise.status-changed',
      'business.enterprise.representative-deceased',
      'insurance.participant.enrolled',
      'insurance.participant.employer-changed',
      'insurance.participant.scheme-opened',
      'insurance.participant.scheme-ended',
      'insurance.participant.card-issued',
      'insurance.participant.status-changed',
    ].sort();
    assert.deepEqual(contracts.eventTypes(), expected);
  });

  it('returns the same cached validator on every call', () => {
    assert.equal(
      contracts.validatorFor(CONTRACT_SCHEMA_IDS.citizen),
      contracts.validatorFor(CONTRACT_SCHEMA_IDS.citizen),
    );
    assert.equal(
      contracts.validatorForEvent('population.citizen.deceased'),
      contracts.validatorForEvent('population.citizen.deceased'),
    );
  });

  it('accepts valid records', () => {
    assert.deepEqual(contracts.validate(CONTRACT_SCHEMA_IDS.citizen, validCitizen()), {
      ok: true,
      value: validCitizen(),
    });
    assert.equal(contracts.validate(CONTRACT_SCHEMA_IDS.enterprise, validEnterprise()).ok, true);
    assert.equal(contracts.validate(CONTRACT_SCHEMA_IDS.participant, validParticipant()).ok, true);
    const deceased = { ...validCitizen(), status: 'deceased', dateOfDeath: '2026-02-01' };
    assert.equal(contracts.validate(CONTRACT_SCHEMA_IDS.citizen, deceased).ok, true);
  });

  it('accepts event data that is the full record plus changedFields', () => {
    const data = {
      ...validCitizen(),
      status: 'deceased',
      dateOfDeath: '2026-02-01',
      version: 2,
      changedFields: ['status', 'dateOfDeath', 'version'],
    };
    const result = contracts.validatorForEvent('population.citizen.deceased').validate(data);
    assert.deepEqual(result, { ok: true, value: data });
    const card = { ...validParticipant(), changedFields: ['healthInsuranceCard'] };
    assert.equal(contracts.validatorForEvent('insurance.participant.card-issued').validate(card).ok, true);
  });

  const nfd = 'Nguyễn Thị Hồng Nhung'.normalize('NFD');
  const invalid: { name: string; schemaId: string; value: unknown; path: string }[] = [
    {
      name: 'personal id too short',
      schemaId: CONTRACT_SCHEMA_IDS.citizen,
      value: { ...validCitizen(), personalId: '00109001234' },
      path: '/personalId',
    },
    {
      name: 'personal id with letters',
      schemaId: CONTRACT_SCHEMA_IDS.citizen,
      value: { ...validCitizen(), personalId: '00109001234A' },
      path: '/personalId',
    },
    {
      name: 'unknown field',
      schemaId: CONTRACT_SCHEMA_IDS.citizen,
      value: { ...validCitizen(), nickname: 'Bé' },
      path: '/nickname',
    },
    {
      name: 'unknown nested field',
      schemaId: CONTRACT_SCHEMA_IDS.citizen,
      value: { ...validCitizen(), permanentAddress: { ...validCitizen().permanentAddress, street: 'x' } },
      path: '/permanentAddress/street',
    },
    {
      name: 'impossible date',
      schemaId: CONTRACT_SCHEMA_IDS.citizen,
      value: { ...validCitizen(), dateOfBirth: '1990-02-30' },
      path: '/dateOfBirth',
    },
    {
      name: 'date in wrong format',
      schemaId: CONTRACT_SCHEMA_IDS.citizen,
      value: { ...validCitizen(), dateOfBirth: '31/01/1990' },
      path: '/dateOfBirth',
    },
    {
      name: 'wrong enum',
      schemaId: CONTRACT_SCHEMA_IDS.citizen,
      value: { ...validCitizen(), sex: 'x' },
      path: '/sex',
    },
    {
      name: 'non-NFC name',
      schemaId: CONTRACT_SCHEMA_IDS.citizen,
      value: { ...validCitizen(), fullName: nfd },
      path: '/fullName',
    },
    {
      name: 'non-NFC address line',
      schemaId: CONTRACT_SCHEMA_IDS.citizen,
      value: {
        ...validCitizen(),
        permanentAddress: { ...validCitizen().permanentAddress, addressLine: 'Phố Huế'.normalize('NFD') },
      },
      path: '/permanentAddress/addressLine',
    },
    {
      name: 'version as string',
      schemaId: CONTRACT_SCHEMA_IDS.citizen,
      value: { ...validCitizen(), version: '1' },
      path: '/version',
    },
    {
      name: 'version zero',
      schemaId: CONTRACT_SCHEMA_IDS.citizen,
      value: { ...validCitizen(), version: 0 },
      path: '/version',
    },
    {
      name: 'missing required field',
      schemaId: CONTRACT_SCHEMA_IDS.citizen,
      value: (({ fullName: _f, ...rest }) => rest)(validCitizen()),
      path: '/fullName',
    },
    {
      name: 'deceased without dateOfDeath',
      schemaId: CONTRACT_SCHEMA_IDS.citizen,
      value: { ...validCitizen(), status: 'deceased' },
      path: '/dateOfDeath',
    },
    {
      name: 'dateOfDeath while alive',
      schemaId: CONTRACT_SCHEMA_IDS.citizen,
      value: { ...validCitizen(), dateOfDeath: '2020-01-01' },
      path: '/dateOfDeath',
    },
    {
      name: 'enterprise code of 9 digits',
      schemaId: CONTRACT_SCHEMA_IDS.enterprise,
      value: { ...validEnterprise(), enterpriseCode: '010123456' },
      path: '/enterpriseCode',
    },
    {
      name: 'branch suffix of 2 digits',
      schemaId: CONTRACT_SCHEMA_IDS.enterprise,
      value: { ...validEnterprise(), enterpriseCode: '0101234567-01' },
      path: '/enterpriseCode',
    },
    {
      name: 'charter capital as float',
      schemaId: CONTRACT_SCHEMA_IDS.enterprise,
      value: { ...validEnterprise(), charterCapital: 1.5 },
      path: '/charterCapital',
    },
    {
      name: 'industry code of 3 digits',
      schemaId: CONTRACT_SCHEMA_IDS.enterprise,
      value: { ...validEnterprise(), industryCodes: ['464'] },
      path: '/industryCodes/0',
    },
    {
      name: 'wrong enterprise status',
      schemaId: CONTRACT_SCHEMA_IDS.enterprise,
      value: { ...validEnterprise(), status: 'closed' },
      path: '/status',
    },
    {
      name: 'social-insurance number of 12 digits',
      schemaId: CONTRACT_SCHEMA_IDS.participant,
      value: { ...validParticipant(), socialInsuranceNumber: '011234567890' },
      path: '/socialInsuranceNumber',
    },
    {
      name: 'unknown scheme',
      schemaId: CONTRACT_SCHEMA_IDS.participant,
      value: { ...validParticipant(), schemes: { pension: { startDate: '2020-01-01' } } },
      path: '/schemes/pension',
    },
    {
      name: 'endReason without endDate',
      schemaId: CONTRACT_SCHEMA_IDS.participant,
      value: {
        ...validParticipant(),
        schemes: { oldAge: { startDate: '2020-01-01', endReason: 'retired' } },
      },
      path: '/schemes/oldAge/endDate',
    },
    {
      name: 'schemes as array',
      schemaId: CONTRACT_SCHEMA_IDS.participant,
      value: { ...validParticipant(), schemes: [] },
      path: '/schemes',
    },
    {
      name: 'event without changedFields',
      schemaId: contracts.eventDataSchemaId('population.citizen.name-corrected'),
      value: validCitizen(),
      path: '/changedFields',
    },
    {
      name: 'event with unknown changed field',
      schemaId: contracts.eventDataSchemaId('population.citizen.name-corrected'),
      value: { ...validCitizen(), changedFields: ['nickname'] },
      path: '/changedFields/0',
    },
    {
      name: 'event with unknown property',
      schemaId: contracts.eventDataSchemaId('business.enterprise.amended'),
      value: { ...validEnterprise(), changedFields: ['name'], extra: true },
      path: '/extra',
    },
  ];

  for (const { name, schemaId, value, path } of invalid) {
    it(`rejects ${name} with a path naming the field`, () => {
      const result = contracts.validate(schemaId, value);
      assert.equal(result.ok, false);
      if (result.ok) return;
      const paths = result.errors.map((e) => e.path);
      assert.ok(paths.includes(path), `expected ${path} in ${JSON.stringify(result.errors)}`);
      // A declared field must not be echoed as "unknown" just because a sibling failed.
      assert.ok(
        !result.errors.some((e) => e.message.includes('unknown') && e.path !== path),
        `spurious unknown-property errors: ${JSON.stringify(result.errors)}`,
      );
    });
  }

  it('throws ContractViolation carrying the field errors from assert()', () => {
    const validator = contracts.validatorFor(CONTRACT_SCHEMA_IDS.citizen);
    assert.throws(
      () => validator.assert({ ...validCitizen(), personalId: '1' }),
      (error: unknown) =>
        error instanceof ContractViolation &&
        error.code === CONTRACT_ERROR_CODES.violation &&
        error.errors.some((e) => e.path === '/personalId'),
    );
    assert.equal(validator.is(validCitizen()), true);
    assert.equal(validator.is({}), false);
  });

  it('refuses unknown schema ids and event types with stable codes', () => {
    assert.throws(
      () => contracts.validatorFor('https://schemas.ndg.gov.vn/nope.v1.schema.json'),
      UnknownSchemaError,
    );
    assert.throws(() => contracts.validatorForEvent('population.citizen.moved'), UnknownEventTypeError);
  });

  it('classifies every field of every record schema', () => {
    for (const id of [
      CONTRACT_SCHEMA_IDS.citizen,
      CONTRACT_SCHEMA_IDS.enterprise,
      CONTRACT_SCHEMA_IDS.participant,
    ]) {
      const fields = (contracts.schema(id)['$defs'] as { fields: { properties: Record<string, unknown> } })
        .fields.properties;
      const classification = contracts.classificationOf(id);
      for (const name of Object.keys(fields)) {
        const value = classification.get(name);
        assert.ok(
          value !== undefined && (CLASSIFICATIONS as readonly string[]).includes(value),
          `${id} ${name}`,
        );
      }
    }
  });

  it('maps nested paths to the classification of their parent field', () => {
    const map = contracts.classificationOf(CONTRACT_SCHEMA_IDS.citizen);
    assert.equal(map.get('permanentAddress.provinceCode'), 'address');
    assert.equal(map.get('fullName'), 'identity');
    assert.equal(map.get('fatherId'), 'family');
    assert.equal(map.get('dateOfDeath'), 'status');
    const event = contracts.classificationOf(contracts.eventDataSchemaId('population.citizen.deceased'));
    assert.equal(event.get('fullName'), 'identity');
    assert.equal(
      contracts.classificationOf(CONTRACT_SCHEMA_IDS.participant).get('healthInsuranceCard.number'),
      'sensitive',
    );
  });
});
