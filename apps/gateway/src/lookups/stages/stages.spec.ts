import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditRecord } from '@ndg/audit';
import { compilePolicies, loadPolicyDocuments, type GrantedAccess } from '@ndg/policy';
import { generateCitizens } from '@ndg/synthetic';
import type { GatewayError } from '../../gateway-errors.js';
import type { LookupContext } from '../lookup-context.js';
import { AuditStage } from './audit.stage.js';
import { AuthenticateStage } from './authenticate.stage.js';
import { AuthorizeStage } from './authorize.stage.js';
import { FetchStage } from './fetch.stage.js';
import { ProjectStage } from './project.stage.js';
import { RateLimitStage } from './rate-limit.stage.js';
import { RowScopeStage } from './row-scope.stage.js';
import { ValidateRecordStage } from './validate-record.stage.js';

const [GENERATED] = [...generateCitizens(11, 1)];
const RECORD = {
  ...GENERATED!,
  personalId: '079090000001',
  status: 'alive' as const,
  permanentAddress: { ...GENERATED!.permanentAddress, provinceCode: '79' },
};
const PRINCIPAL = { agency: 'tst', officer: 'o1', purpose: 'testing', caseRef: 'c1', jti: 'j' };
const GRANT: GrantedAccess = {
  id: 'tst/population.citizen/0',
  legalBasis: 'x',
  fields: ['personalId', 'fullName'],
  rowScope: { 'permanentAddress.provinceCode': ['79'] },
  rateLimit: { perMinute: 10 },
};
const POLICIES = compilePolicies(
  loadPolicyDocuments([
    {
      path: 'tst.yaml',
      text: 'agency: tst\ngrants:\n  - dataset: population.citizen\n    operations: [lookup]\n    purposes: [testing]\n    fields: [personalId, fullName]\n    validFrom: 2020-01-01\n    legalBasis: x\n',
    },
  ]),
);

function ctx(over: Partial<LookupContext> = {}, input: Partial<LookupContext['input']> = {}): LookupContext {
  return {
    input: {
      dataset: 'population.citizen',
      operation: 'lookup',
      subjects: [RECORD.personalId],
      authorization: 'Bearer t',
      traceId: 'f'.repeat(32),
      ...input,
    },
    now: Date.UTC(2026, 5, 1),
    ...over,
  };
}

describe('lookup stages, one by one', () => {
  it('authenticate stores the principal the authenticator proved', async () => {
    const c = ctx();
    await new AuthenticateStage({
      authenticate: async (h) => (h === 'Bearer t' ? PRINCIPAL : Promise.reject(new Error('no'))),
    }).run(c);
    assert.deepEqual(c.principal, PRINCIPAL);
  });

  it('authorize uses the purpose from the token and refuses a body naming another', () => {
    const outcomes: string[] = [];
    const stage = new AuthorizeStage(
      () => POLICIES,
      (o) => outcomes.push(o),
    );
    const ok = ctx({ principal: PRINCIPAL });
    stage.run(ok);
    assert.equal(ok.grant?.id, 'tst/population.citizen/0');
    assert.throws(
      () => stage.run(ctx({ principal: { ...PRINCIPAL, purpose: 'other' } })),
      (e: GatewayError) => e.status === 403 && e.code === 'POLICY.PURPOSE_NOT_GRANTED',
    );
    assert.throws(
      () => stage.run(ctx({ principal: PRINCIPAL }, { fields: ['status'] })),
      (e: GatewayError) => e.code === 'POLICY.FIELDS_NOT_GRANTED',
    );
    assert.throws(
      () => stage.run(ctx({ principal: PRINCIPAL }, { bodyPurpose: 'other' })),
      (e: GatewayError) => e.code === 'LOOKUP.TOKEN_MISMATCH',
    );
    assert.deepEqual(outcomes, ['allowed', 'denied', 'denied']);
  });

  it('rate-limit takes one token per subject from the grant bucket and answers 429 with Retry-After', async () => {
    const takes: [string, number, number | undefined][] = [];
    const stage = new RateLimitStage({
      take: async (key, perMinute, _now, cost) => (
        takes.push([key, perMinute, cost]),
        { allowed: takes.length < 2, retryAfterSeconds: 4 }
      ),
    });
    await stage.run(ctx({ grant: GRANT }, { subjects: ['079090000001', '079090000002'] }));
    await assert.rejects(
      Promise.resolve(stage.run(ctx({ grant: GRANT }))),
      (e: GatewayError) => e.status === 429 && e.headers['retry-after'] === '4',
    );
    assert.deepEqual(takes[0], ['tst/population.citizen/0', 10, 2]);
    await new RateLimitStage({ take: () => assert.fail('no limit, no take') }).run(
      ctx({ grant: { ...GRANT, rateLimit: null } }),
    );
  });

  it('fetch hands the registry answer on untouched', async () => {
    const c = ctx();
    await new FetchStage({
      fetch: async (dataset, ids) => ({ records: [{ dataset, ids }], missing: [] }),
    }).run(c);
    assert.deepEqual(c.fetched, [{ dataset: 'population.citizen', ids: [RECORD.personalId] }]);
  });

  it('validate-record refuses a record breaking the contract or answering another id', () => {
    const rejected: string[] = [];
    const stage = new ValidateRecordStage((_c, reason) => rejected.push(reason));
    const good = ctx({ fetched: [RECORD] });
    stage.run(good);
    assert.equal(good.records?.get(RECORD.personalId), RECORD);
    assert.throws(
      () => stage.run(ctx({ fetched: [{ ...RECORD, extra: 1 }] })),
      (e: GatewayError) => e.status === 502,
    );
    assert.throws(
      () => stage.run(ctx({ fetched: [{ ...RECORD, personalId: '079090000009' }] })),
      (e: GatewayError) => e.status === 502,
    );
    assert.deepEqual(rejected, ['schema', 'unexpected-id']);
  });

  it('row-scope keeps only records inside the grant scope', () => {
    const c = ctx({
      grant: GRANT,
      records: new Map([[RECORD.personalId, RECORD as unknown as Record<string, unknown>]]),
    });
    new RowScopeStage().run(c);
    assert.equal(c.visible?.size, 1);
    const out = ctx({
      grant: { ...GRANT, rowScope: { 'permanentAddress.provinceCode': ['01'] } },
      records: c.records!,
    });
    new RowScopeStage().run(out);
    assert.equal(out.visible?.size, 0);
  });

  it('project copies the granted fields, and verify keeps only yes/no', () => {
    const visible = new Map([[RECORD.personalId, RECORD as unknown as Record<string, unknown>]]);
    const c = ctx({ grant: GRANT, records: visible, visible });
    new ProjectStage().run(c);
    assert.deepEqual(c.results, [
      {
        subject: RECORD.personalId,
        outcome: 'allowed',
        data: { personalId: RECORD.personalId, fullName: RECORD.fullName },
        version: RECORD.version,
      },
    ]);
    const v = ctx(
      { grant: GRANT, records: visible, visible },
      {
        operation: 'verify',
        claims: { fullName: RECORD.fullName.normalize('NFD'), dateOfBirth: RECORD.dateOfBirth },
      },
    );
    new ProjectStage().run(v);
    assert.deepEqual(v.results, [{ subject: RECORD.personalId, outcome: 'allowed', match: true }]);
  });

  it('audit writes one record per subject and marks the context audited', async () => {
    const written: AuditRecord[] = [];
    const c = ctx({
      principal: PRINCIPAL,
      grant: GRANT,
      results: [
        { subject: RECORD.personalId, outcome: 'allowed', data: {} },
        { subject: '079090000002', outcome: 'not-found' },
      ],
    });
    await new AuditStage({ record: async (r) => void written.push(...r) }).run(c);
    assert.equal(c.audited, true);
    assert.deepEqual(
      written.map((w) => [w.subject, w.outcome, w.reason, w.fieldsDisclosed, w.caseRef]),
      [
        [RECORD.personalId, 'allowed', null, ['personalId', 'fullName'], 'c1'],
        ['079090000002', 'not-found', 'LOOKUP.NOT_FOUND', [], 'c1'],
      ],
    );
  });
});
