import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CONTRACT_SCHEMA_IDS, getContracts } from '@ndg/contracts';
import { compilePolicies } from './policy-compiler.js';
import { evaluate } from './policy-evaluator.js';
import { loadPolicyDocuments } from './policy-loader.js';
import { DENIAL_REASONS } from './policy-error-codes.js';
import { PolicyLoadError } from './policy-errors.js';
import type { PolicyDecision, PolicyRequest } from './policy.types.js';
import { DESIGN_EXAMPLE, exampleFiles } from '../test/policy-fixtures.js';

const NOW = Date.parse('2026-06-01T03:00:00Z');
const examples = compilePolicies(loadPolicyDocuments(exampleFiles()));
const design = compilePolicies(loadPolicyDocuments([{ path: 'moh.yaml', text: DESIGN_EXAMPLE }]));

const mohLookup: PolicyRequest = {
  agency: 'moh',
  dataset: 'population.citizen',
  operation: 'lookup',
  purpose: 'health-insurance-eligibility',
  now: NOW,
};

function denied(decision: PolicyDecision): { reason: string; detail: string } {
  assert.equal(decision.allowed, false, JSON.stringify(decision));
  return decision.allowed ? { reason: '', detail: '' } : decision;
}

function granted(decision: PolicyDecision): { id: string; fields: readonly string[] } {
  assert.equal(decision.allowed, true, JSON.stringify(decision));
  return decision.allowed ? decision.grant : { id: '', fields: [] };
}

function policy(fields: string[]): string {
  return DESIGN_EXAMPLE.replace(
    'fields: [personalId, fullName, dateOfBirth, status, dateOfDeath]',
    `fields: [${fields.join(', ')}]`,
  );
}

describe('evaluate', () => {
  it('allows the DESIGN §7 example and returns the grant to enforce', () => {
    assert.deepEqual(evaluate(design, mohLookup), {
      allowed: true,
      grant: {
        id: 'moh/population.citizen/0',
        legalBasis: 'Decree 13/2023 art. 17',
        fields: ['personalId', 'fullName', 'dateOfBirth', 'status', 'dateOfDeath'],
        rowScope: { 'permanentAddress.provinceCode': ['01', '79'] },
        rateLimit: { perMinute: 600 },
      },
    });
    for (const operation of ['verify', 'subscribe'] as const) {
      assert.equal(evaluate(design, { ...mohLookup, operation }).allowed, true);
    }
  });

  it('denies an agency without a policy', () => {
    const d = denied(evaluate(examples, { ...mohLookup, agency: 'mof' }));
    assert.equal(d.reason, DENIAL_REASONS.unknownAgency);
    assert.match(d.detail, /"mof"/);
  });

  it('denies a dataset the agency has no grant for', () => {
    const d = denied(evaluate(examples, { ...mohLookup, dataset: 'business.enterprise' }));
    assert.equal(d.reason, DENIAL_REASONS.noGrantForDataset);
    assert.equal(
      denied(evaluate(examples, { ...mohLookup, dataset: 'nope.nothing' })).reason,
      DENIAL_REASONS.noGrantForDataset,
    );
  });

  it('denies an operation no grant names', () => {
    const d = denied(
      evaluate(examples, {
        agency: 'vss-hospital',
        dataset: 'insurance.participant',
        operation: 'subscribe',
        purpose: 'hospital-admission',
        now: NOW,
      }),
    );
    assert.equal(d.reason, DENIAL_REASONS.operationNotGranted);
  });

  it('denies a purpose no grant names', () => {
    const d = denied(evaluate(examples, { ...mohLookup, purpose: 'marketing' }));
    assert.equal(d.reason, DENIAL_REASONS.purposeNotGranted);
    assert.match(d.detail, /"marketing"/);
  });

  it('denies fields outside the grant and names exactly those', () => {
    const d = denied(
      evaluate(examples, { ...mohLookup, fields: ['fullName', 'ethnicity', 'permanentAddress'] }),
    );
    assert.equal(d.reason, DENIAL_REASONS.fieldsNotGranted);
    assert.match(d.detail, /: ethnicity, permanentAddress$/);
    assert.equal(
      denied(evaluate(examples, { ...mohLookup, fields: ['nonsense'] })).reason,
      DENIAL_REASONS.fieldsNotGranted,
    );
  });

  it('respects validity bounds in Vietnam time, validUntil inclusive of its whole day', () => {
    const before = denied(evaluate(examples, { ...mohLookup, now: Date.parse('2025-12-31T16:59:59.999Z') }));
    assert.equal(before.reason, DENIAL_REASONS.grantNotYetValid);
    assert.match(before.detail, /moh\/population.citizen\/0/);
    assert.equal(evaluate(examples, { ...mohLookup, now: Date.parse('2025-12-31T17:00:00Z') }).allowed, true);
    assert.equal(
      evaluate(examples, { ...mohLookup, now: Date.parse('2027-12-31T16:59:59.999Z') }).allowed,
      true,
    );
    const after = denied(evaluate(examples, { ...mohLookup, now: Date.parse('2027-12-31T17:00:00Z') }));
    assert.equal(after.reason, DENIAL_REASONS.grantExpired);
  });

  it('reads dates in another zone when told to', () => {
    const utc = compilePolicies(loadPolicyDocuments([{ path: 'moh.yaml', text: DESIGN_EXAMPLE }]), {
      utcOffsetMinutes: 0,
    });
    assert.equal(evaluate(utc, { ...mohLookup, now: Date.parse('2025-12-31T23:59:59Z') }).allowed, false);
    assert.equal(evaluate(utc, { ...mohLookup, now: Date.parse('2026-01-01T00:00:00Z') }).allowed, true);
  });

  it('picks the first grant in file order that allows, and falls through to later ones', () => {
    const gdt: PolicyRequest = {
      agency: 'gdt',
      dataset: 'business.enterprise',
      operation: 'lookup',
      purpose: 'tax-audit',
      now: NOW,
    };
    const plain = granted(evaluate(examples, gdt));
    assert.equal(plain.id, 'gdt/business.enterprise/0');
    assert.ok(!plain.fields.includes('charterCapital'));
    const capital = granted(evaluate(examples, { ...gdt, fields: ['enterpriseCode', 'charterCapital'] }));
    assert.equal(capital.id, 'gdt/business.enterprise/1');
    assert.deepEqual(capital.fields, ['enterpriseCode', 'charterCapital']);
    // In 2027 the audit grant has expired; the remaining grant cannot serve charterCapital.
    const later = denied(
      evaluate(examples, { ...gdt, fields: ['charterCapital'], now: Date.parse('2027-03-01T00:00:00Z') }),
    );
    assert.equal(later.reason, DENIAL_REASONS.fieldsNotGranted);
    assert.match(later.detail, /charterCapital/);
  });

  it('expands classifications to concrete top-level paths in schema order', () => {
    const classes = getContracts().classificationOf(CONTRACT_SCHEMA_IDS.enterprise);
    const explicit = [
      'legalForm',
      'registrationDate',
      'status',
      'industryCodes',
      'legalRepresentativeDeceased',
    ];
    const expected = [...classes]
      .filter(
        ([path, c]) =>
          !path.includes('.') && (['identity', 'address'].includes(c) || explicit.includes(path)),
      )
      .map(([path]) => path);
    const grant = examples.grant('gdt/business.enterprise/0');
    assert.deepEqual(grant?.fields, expected);
    assert.ok(expected.includes('headOfficeAddress') && expected.includes('legalRepresentativeIds'));
    assert.ok(grant?.fieldSet.has('headOfficeAddress.provinceCode'));
    assert.ok(!grant?.fieldSet.has('charterCapital'));
    assert.ok(!grant?.fieldSet.has('version'));
  });

  it('accepts requested classifications and nested paths, returning only what was asked', () => {
    const gdt: PolicyRequest = {
      agency: 'gdt',
      dataset: 'business.enterprise',
      operation: 'verify',
      purpose: 'tax-registration',
      now: NOW,
    };
    assert.deepEqual(granted(evaluate(examples, { ...gdt, fields: ['address'] })).fields, [
      'headOfficeAddress',
    ]);
    assert.deepEqual(
      granted(evaluate(examples, { ...gdt, fields: ['headOfficeAddress.provinceCode'] })).fields,
      ['headOfficeAddress.provinceCode'],
    );
    assert.deepEqual(granted(evaluate(examples, { ...gdt, fields: [] })).fields, []);
    assert.equal(
      denied(evaluate(examples, { ...gdt, fields: ['sensitive'] })).reason,
      DENIAL_REASONS.fieldsNotGranted,
    );
  });

  it('reads a name that is both a field and a classification as the field', () => {
    // citizen `status` is a field and a classification; the classification would also grant `version`.
    const grant = design.grant('moh/population.citizen/0');
    assert.ok(grant?.fieldSet.has('status'));
    assert.ok(!grant?.fieldSet.has('version'));
    assert.equal(
      denied(evaluate(design, { ...mohLookup, fields: ['version'] })).reason,
      DENIAL_REASONS.fieldsNotGranted,
    );
  });

  it('keeps a nested grant nested: the parent is not disclosed', () => {
    const vss: PolicyRequest = {
      agency: 'vss-hospital',
      dataset: 'insurance.participant',
      operation: 'lookup',
      purpose: 'hospital-admission',
      now: NOW,
    };
    const all = granted(evaluate(examples, vss));
    assert.ok(all.fields.includes('schemes.healthInsurance'));
    assert.ok(!all.fields.includes('schemes'));
    assert.equal(
      denied(evaluate(examples, { ...vss, fields: ['schemes'] })).reason,
      DENIAL_REASONS.fieldsNotGranted,
    );
    assert.deepEqual(
      granted(evaluate(examples, { ...vss, fields: ['schemes.healthInsurance.startDate'] })).fields,
      ['schemes.healthInsurance.startDate'],
    );
  });

  it('lists granted leaves as leaves, even when they are all of a parent', () => {
    // Collapsing to the parent would also disclose any property the schema adds to it later.
    const leaves = [
      'permanentAddress.provinceCode',
      'permanentAddress.communeCode',
      'permanentAddress.addressLine',
    ];
    const set = compilePolicies(loadPolicyDocuments([{ path: 'p.yaml', text: policy(leaves) }]));
    assert.deepEqual(set.grant('moh/population.citizen/0')?.fields, leaves);
    const request = { ...mohLookup, now: NOW };
    assert.equal(
      denied(evaluate(set, { ...request, fields: ['permanentAddress'] })).reason,
      DENIAL_REASONS.fieldsNotGranted,
    );
    const whole = compilePolicies(
      loadPolicyDocuments([{ path: 'w.yaml', text: policy(['permanentAddress']) }]),
    );
    assert.deepEqual(whole.grant('moh/population.citizen/0')?.fields, ['permanentAddress']);
  });

  it('numbers grants per agency and dataset and freezes what it compiled', () => {
    assert.deepEqual(
      examples.grantsFor('gdt', 'business.enterprise').map((g) => g.id),
      ['gdt/business.enterprise/0', 'gdt/business.enterprise/1'],
    );
    assert.deepEqual(examples.agencies(), ['gdt', 'moh', 'vss-hospital']);
    const grant = examples.grant('moh/population.citizen/0');
    assert.ok(Object.isFrozen(grant) && Object.isFrozen(grant?.fields) && Object.isFrozen(grant?.rowScope));
    assert.ok(Object.isFrozen(examples.grantsFor('moh', 'population.citizen')));
    assert.throws(() => (grant?.fields as string[]).push('ethnicity'), TypeError);
  });

  it('refuses to compile two policies for one agency', () => {
    const [doc] = loadPolicyDocuments([{ path: 'moh.yaml', text: DESIGN_EXAMPLE }]);
    assert.ok(doc);
    assert.throws(() => compilePolicies([doc, { ...doc, source: 'again.yaml' }]), PolicyLoadError);
  });
});
