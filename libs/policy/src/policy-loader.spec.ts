import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkPolicyDocuments, loadPolicyDocuments } from './policy-loader.js';
import { PolicyLoadError } from './policy-errors.js';
import type { PolicyIssue, PolicySourceFile } from './policy.types.js';
import { DESIGN_EXAMPLE, exampleFiles } from '../test/policy-fixtures.js';

function issuesOf(files: PolicySourceFile[]): readonly PolicyIssue[] {
  const result = checkPolicyDocuments(files);
  assert.equal(result.ok, false, 'expected the files to be refused');
  return result.ok ? [] : result.issues;
}

function only(issues: readonly PolicyIssue[]): PolicyIssue {
  assert.equal(issues.length, 1, JSON.stringify(issues));
  return issues[0] as PolicyIssue;
}

describe('loadPolicyDocuments', () => {
  it('loads the DESIGN §7 example with dates kept as strings', () => {
    const [doc] = loadPolicyDocuments([{ path: 'moh.yaml', text: DESIGN_EXAMPLE }]);
    assert.equal(doc?.source, 'moh.yaml');
    assert.equal(doc?.policy.agency, 'moh');
    assert.equal(doc?.policy.grants[0].validFrom, '2026-01-01');
    assert.deepEqual(doc?.policy.grants[0].where, { 'permanentAddress.provinceCode': ['01', '79'] });
  });

  it('loads every example policy', () => {
    const docs = loadPolicyDocuments(exampleFiles());
    assert.deepEqual(docs.map((d) => d.policy.agency).sort(), ['gdt', 'moh', 'vss-hospital']);
  });

  it('loads JSON policy files', () => {
    const text = JSON.stringify(
      {
        agency: 'moh',
        grants: [
          {
            dataset: 'population.citizen',
            operations: ['verify'],
            purposes: ['x-check'],
            fields: ['identity'],
            validFrom: '2026-01-01',
            legalBasis: 'L',
          },
        ],
      },
      null,
      2,
    );
    assert.equal(loadPolicyDocuments([{ path: 'moh.json', text }]).length, 1);
  });

  it('reports a schema violation at the line of the offending field', () => {
    const text = DESIGN_EXAMPLE.replace(
      'operations: [lookup, verify, subscribe]',
      'operations: [lookup, delete]',
    );
    const issue = only(issuesOf([{ path: 'policies/moh.yaml', text }]));
    assert.equal(issue.file, 'policies/moh.yaml');
    assert.equal(issue.line, 4);
    assert.equal(issue.path, '/grants/0/operations/1');
    assert.match(issue.message, /must be one of "lookup", "verify", "subscribe"/);
  });

  it('reports an unknown property at its own line and a missing one at its parent', () => {
    const text = DESIGN_EXAMPLE.replace('    validFrom: 2026-01-01\n', '    validForm: 2026-01-01\n');
    const issues = issuesOf([{ path: 'moh.yaml', text }]);
    const unknown = issues.find((i) => i.path === '/grants/0/validForm');
    const missing = issues.find((i) => i.path === '/grants/0/validFrom');
    assert.equal(unknown?.line, 9);
    assert.match(unknown?.message ?? '', /unknown property/);
    assert.equal(missing?.line, 3, 'the grant starts on line 3');
    assert.match(missing?.message ?? '', /is required/);
  });

  it('reports a YAML syntax error with its line', () => {
    const text = DESIGN_EXAMPLE.replace(
      '    purposes: [health-insurance-eligibility]',
      '    purposes: [health-insurance-eligibility',
    );
    const issues = issuesOf([{ path: 'moh.yaml', text }]);
    assert.ok(issues.length >= 1);
    assert.ok(issues.every((i) => i.file === 'moh.yaml' && i.message.startsWith('syntax error')));
    assert.ok(
      issues.some((i) => i.line === 5 || i.line === 6),
      JSON.stringify(issues),
    );
  });

  it('reports a JSON syntax error with its line', () => {
    const text = '{\n  "agency": "moh",\n  "grants": [,]\n}\n';
    const issue = only(issuesOf([{ path: 'moh.json', text }]));
    assert.equal(issue.line, 3);
    assert.match(issue.message, /syntax error/);
  });

  it('refuses a duplicate key', () => {
    const text = DESIGN_EXAMPLE.replace('agency: moh ', 'agency: moh\nagency: mof ');
    assert.match(only(issuesOf([{ path: 'moh.yaml', text }])).message, /syntax error.*unique/i);
  });

  it('reports an unknown field name at its line', () => {
    const text = DESIGN_EXAMPLE.replace(
      'fields: [personalId, fullName, dateOfBirth, status, dateOfDeath]',
      'fields:\n      - personalId\n      - salary',
    );
    const issue = only(issuesOf([{ path: 'moh.yaml', text }]));
    assert.equal(issue.line, 8);
    assert.equal(issue.path, '/grants/0/fields/1');
    assert.match(issue.message, /"salary" is neither a field nor a classification of population.citizen/);
  });

  it('refuses a classification-looking name the dataset does not have', () => {
    const text = DESIGN_EXAMPLE.replace('fields: [personalId,', 'fields: [secret,');
    assert.match(only(issuesOf([{ path: 'moh.yaml', text }])).message, /"secret" is neither/);
  });

  it('refuses a where path that is not a field, or not a single value', () => {
    const unknown = DESIGN_EXAMPLE.replace('"permanentAddress.provinceCode"', '"permanentAddress.province"');
    const issue = only(issuesOf([{ path: 'moh.yaml', text: unknown }]));
    assert.equal(issue.line, 7);
    assert.match(issue.message, /"permanentAddress.province" is not a field of population.citizen/);
    const object = DESIGN_EXAMPLE.replace('"permanentAddress.provinceCode"', 'permanentAddress');
    assert.match(only(issuesOf([{ path: 'moh.yaml', text: object }])).message, /not a single-value field/);
  });

  it('refuses validUntil before validFrom', () => {
    const text = DESIGN_EXAMPLE.replace('validUntil: 2027-12-31', 'validUntil: 2025-12-31');
    const issue = only(issuesOf([{ path: 'moh.yaml', text }]));
    assert.equal(issue.line, 10);
    assert.match(issue.message, /before validFrom/);
  });

  it('refuses the same agency in two files, naming both', () => {
    const issue = only(
      issuesOf([
        { path: 'a/moh.yaml', text: DESIGN_EXAMPLE },
        { path: 'b/moh.yaml', text: DESIGN_EXAMPLE },
      ]),
    );
    assert.equal(issue.file, 'b/moh.yaml');
    assert.equal(issue.line, 1);
    assert.match(issue.message, /already defined in a\/moh.yaml/);
  });

  it('throws one error listing every issue of every file', () => {
    const bad = DESIGN_EXAMPLE.replace('fields: [personalId,', 'fields: [salary,');
    assert.throws(
      () =>
        loadPolicyDocuments([
          { path: 'one.yaml', text: bad },
          { path: 'two.yaml', text: 'agency: [' },
        ]),
      (error: unknown) => {
        assert.ok(error instanceof PolicyLoadError);
        assert.equal(error.code, 'POLICY.INVALID_POLICY_FILES');
        assert.deepEqual([...new Set(error.issues.map((i) => i.file))], ['one.yaml', 'two.yaml']);
        assert.match(error.message, /one\.yaml:6:\d+ \/grants\/0\/fields\/0/);
        return true;
      },
    );
  });

  it('refuses an empty file', () => {
    assert.match(only(issuesOf([{ path: 'empty.yaml', text: '' }])).message, /must be object/);
  });
});
