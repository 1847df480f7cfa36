import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTRACT_SCHEMA_IDS } from './schema-ids.js';
import { getContracts, validate } from './schema-registry.js';

const contracts = getContracts();

/** The example policy of DESIGN.md section 7, as parsed from YAML (dates as strings). */
const designPolicy = {
  agency: 'moh',
  grants: [
    {
      dataset: 'population.citizen',
      operations: ['lookup', 'verify', 'subscribe'],
      purposes: ['health-insurance-eligibility'],
      fields: ['personalId', 'fullName', 'dateOfBirth', 'status', 'dateOfDeath'],
      where: { 'permanentAddress.provinceCode': ['01', '79'] },
      rateLimit: { perMinute: 600 },
      validFrom: '2026-01-01',
      validUntil: '2027-12-31',
      legalBasis: 'Decree 13/2023 art. 17',
    },
  ],
};

const envelope = {
  specversion: '1.0',
  id: '019a1f6e-8c2b-7d4e-9f00-1a2b3c4d5e6f',
  source: '/registries/population',
  type: 'population.citizen.deceased',
  subject: '001090012345',
  time: '2026-02-01T08:30:00Z',
  datacontenttype: 'application/json',
  dataschema: 'https://schemas.ndg.gov.vn/population/citizen-deceased.v1.schema.json',
  sequence: '2',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
};

function errorPaths(schemaId: string, value: unknown): string[] {
  const result = contracts.validate(schemaId, value);
  return result.ok ? [] : result.errors.map((e) => e.path);
}

describe('gateway, policy and envelope schemas', () => {
  it('accepts the policy example of DESIGN.md section 7', () => {
    assert.deepEqual(errorPaths(CONTRACT_SCHEMA_IDS.policy, designPolicy), []);
  });

  it('rejects policies with an unknown operation, field or missing legal basis', () => {
    const grant = designPolicy.grants[0]!;
    assert.ok(
      errorPaths(CONTRACT_SCHEMA_IDS.policy, {
        ...designPolicy,
        grants: [{ ...grant, operations: ['delete'] }],
      }).includes('/grants/0/operations/0'),
    );
    assert.ok(
      errorPaths(CONTRACT_SCHEMA_IDS.policy, {
        ...designPolicy,
        grants: [{ ...grant, scope: 'all' }],
      }).includes('/grants/0/scope'),
    );
    const { legalBasis: _omitted, ...withoutBasis } = grant;
    assert.ok(
      errorPaths(CONTRACT_SCHEMA_IDS.policy, { ...designPolicy, grants: [withoutBasis] }).includes(
        '/grants/0/legalBasis',
      ),
    );
    assert.ok(
      errorPaths(CONTRACT_SCHEMA_IDS.policy, {
        ...designPolicy,
        grants: [{ ...grant, rateLimit: { perMinute: 0 } }],
      }).includes('/grants/0/rateLimit/perMinute'),
    );
  });

  it('accepts a CloudEvents envelope and wants sequence as a decimal string', () => {
    assert.deepEqual(errorPaths(CONTRACT_SCHEMA_IDS.cloudEvent, envelope), []);
    assert.ok(errorPaths(CONTRACT_SCHEMA_IDS.cloudEvent, { ...envelope, sequence: 2 }).includes('/sequence'));
    assert.ok(
      errorPaths(CONTRACT_SCHEMA_IDS.cloudEvent, {
        ...envelope,
        id: '019a1f6e-8c2b-4d4e-9f00-1a2b3c4d5e6f',
      }).includes('/id'),
    );
    assert.ok(
      errorPaths(CONTRACT_SCHEMA_IDS.cloudEvent, { ...envelope, type: 'CitizenDeceased' }).includes('/type'),
    );
  });

  it('validates lookup, batch and verify requests and responses', () => {
    const lookup = {
      dataset: 'population.citizen',
      subject: '001090012345',
      purpose: 'health-insurance-eligibility',
      caseReference: 'HS-2026-0001',
    };
    assert.equal(validate(CONTRACT_SCHEMA_IDS.lookupRequest, lookup).ok, true);
    assert.ok(
      errorPaths(CONTRACT_SCHEMA_IDS.lookupRequest, { ...lookup, subject: '123' }).includes('/subject'),
    );
    const { subject: _s, ...batchBase } = lookup;
    assert.equal(
      validate(CONTRACT_SCHEMA_IDS.lookupBatchRequest, {
        ...batchBase,
        subjects: ['001090012345', '0101234567'],
      }).ok,
      true,
    );
    assert.equal(
      validate(CONTRACT_SCHEMA_IDS.verifyRequest, {
        ...lookup,
        claims: { fullName: 'Nguyễn Văn An', dateOfBirth: '1990-01-31' },
      }).ok,
      true,
    );
    assert.ok(errorPaths(CONTRACT_SCHEMA_IDS.verifyRequest, { ...lookup, claims: {} }).includes('/claims'));
    assert.equal(
      validate(CONTRACT_SCHEMA_IDS.lookupResponse, {
        dataset: 'population.citizen',
        subject: '001090012345',
        version: 2,
        dataschema: 'https://schemas.ndg.gov.vn/population/citizen.v1.schema.json',
        disclosedFields: ['fullName'],
        data: { fullName: 'Nguyễn Văn An' },
      }).ok,
      true,
    );
    assert.equal(
      validate(CONTRACT_SCHEMA_IDS.lookupBatchResponse, {
        dataset: 'population.citizen',
        results: [
          { subject: '001090012345', found: true, version: 1, disclosedFields: [], data: {} },
          { subject: '001090012346', found: false },
        ],
      }).ok,
      true,
    );
    assert.equal(
      validate(CONTRACT_SCHEMA_IDS.verifyResponse, {
        dataset: 'population.citizen',
        subject: '001090012345',
        match: false,
      }).ok,
      true,
    );
  });
});
