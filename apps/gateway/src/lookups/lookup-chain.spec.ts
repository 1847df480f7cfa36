import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditRecord } from '@ndg/audit';
import { compilePolicies, loadPolicyDocuments } from '@ndg/policy';
import { generateCitizens } from '@ndg/synthetic';
import { AuthError, GatewayError } from '../gateway-errors.js';
import { LOOKUP_STAGE_ORDER, LookupChain } from './lookup-chain.js';
import type { LookupContext, LookupStage } from './lookup-context.js';
import { buildLookupStages } from './lookup.service.js';

const POLICY = `agency: tst
grants:
  - dataset: population.citizen
    operations: [lookup]
    purposes: [testing]
    fields: [personalId, fullName]
    rateLimit: { perMinute: 5 }
    validFrom: 2020-01-01
    legalBasis: test
`;
const [GENERATED] = [...generateCitizens(7, 1)];
const RECORD = {
  ...GENERATED!,
  personalId: '079090000001',
  status: 'alive' as const,
  permanentAddress: { ...GENERATED!.permanentAddress, provinceCode: '79' },
};

function context(subjects = ['079090000001']): LookupContext {
  return {
    input: {
      dataset: 'population.citizen',
      operation: 'lookup',
      subjects,
      authorization: 'Bearer x',
      traceId: 'a'.repeat(32),
    },
    now: Date.now(),
  };
}

/** Fakes for every outside dependency, each noting when it was used. */
function fakes(
  calls: string[],
  overrides: { record?: unknown; allowRate?: boolean; auditFails?: boolean } = {},
) {
  const audited: AuditRecord[] = [];
  const set = compilePolicies(loadPolicyDocuments([{ path: 'tst.yaml', text: POLICY }]));
  return {
    audited,
    deps: {
      authenticator: {
        authenticate: async () => {
          calls.push('authenticate');
          return { agency: 'tst', officer: 'o1', purpose: 'testing', caseRef: 'c1', jti: 'j1' };
        },
      },
      policies: () => {
        calls.push('authorize');
        return set;
      },
      limiter: {
        take: async () => {
          calls.push('rate-limit');
          return { allowed: overrides.allowRate ?? true, retryAfterSeconds: 7 };
        },
      },
      registry: {
        fetch: async () => {
          calls.push('fetch');
          return { records: [overrides.record ?? RECORD], missing: [] };
        },
      },
      onContractRejection: () => calls.push('validate-record:rejected'),
      auditor: {
        record: async (records: readonly AuditRecord[]) => {
          calls.push('audit');
          if (overrides.auditFails) throw GatewayError.of('auditUnavailable', 'down');
          audited.push(...records);
        },
      },
    },
  };
}

describe('lookup chain', () => {
  it('runs authenticate → authorize → rate-limit → fetch → validate-record → row-scope → project → audit', async () => {
    assert.deepEqual(LOOKUP_STAGE_ORDER, [
      'authenticate',
      'authorize',
      'rate-limit',
      'fetch',
      'validate-record',
      'row-scope',
      'project',
      'audit',
    ]);
    const calls: string[] = [];
    const { deps, audited } = fakes(calls);
    const stages = buildLookupStages(deps);
    assert.deepEqual(
      stages.map((s) => s.name),
      [...LOOKUP_STAGE_ORDER],
    );
    const ctx = await new LookupChain(stages, deps.auditor).run(context());
    assert.deepEqual(calls, ['authenticate', 'authorize', 'rate-limit', 'fetch', 'audit']);
    assert.deepEqual(ctx.results?.[0]?.data, { personalId: RECORD.personalId, fullName: RECORD.fullName });
    assert.equal(audited.length, 1);
    assert.equal(audited[0]?.outcome, 'allowed');
    assert.deepEqual(audited[0]?.fieldsDisclosed, ['personalId', 'fullName']);
  });

  it('refuses a chain assembled in another order', () => {
    const calls: string[] = [];
    const { deps } = fakes(calls);
    const stages = buildLookupStages(deps);
    const swapped: LookupStage[] = [stages[1]!, stages[0]!, ...stages.slice(2)];
    assert.throws(() => new LookupChain(swapped, deps.auditor), /out of order/);
  });

  it('stops at the first refusal, audits it, and runs nothing after it', async () => {
    const calls: string[] = [];
    const { deps, audited } = fakes(calls, { allowRate: false });
    const chain = new LookupChain(buildLookupStages(deps), deps.auditor);
    await assert.rejects(
      chain.run(context()),
      (err: GatewayError) => err.status === 429 && err.headers['retry-after'] === '7',
    );
    assert.deepEqual(calls, ['authenticate', 'authorize', 'rate-limit', 'audit']);
    assert.equal(audited[0]?.outcome, 'denied');
    assert.equal(audited[0]?.reason, 'LOOKUP.RATE_LIMITED');
  });

  it('answers 502 for a record breaking its contract and discloses nothing', async () => {
    const calls: string[] = [];
    const { deps, audited } = fakes(calls, { record: { ...RECORD, secret: 'x' } });
    const chain = new LookupChain(buildLookupStages(deps), deps.auditor);
    await assert.rejects(
      chain.run(context()),
      (err: GatewayError) => err.status === 502 && !JSON.stringify(err).includes('Nguyễn'),
    );
    assert.ok(calls.includes('validate-record:rejected'));
    assert.equal(audited[0]?.outcome, 'error');
  });

  it('treats a record outside the row scope like a missing one', async () => {
    const calls: string[] = [];
    const { deps } = fakes(calls);
    const scoped = compilePolicies(
      loadPolicyDocuments([
        {
          path: 'tst.yaml',
          text: POLICY.replace(
            'rateLimit:',
            "where: { 'permanentAddress.provinceCode': ['01'] }\n    rateLimit:",
          ),
        },
      ]),
    );
    const chain = new LookupChain(buildLookupStages({ ...deps, policies: () => scoped }), deps.auditor);
    const ctx = await chain.run(context(['079090000001', '079090000002']));
    assert.deepEqual(ctx.results, [
      { subject: '079090000001', outcome: 'out-of-scope' },
      { subject: '079090000002', outcome: 'not-found' },
    ]);
  });

  it('answers 503 when the audit cannot be written', async () => {
    const calls: string[] = [];
    const { deps } = fakes(calls, { auditFails: true });
    const chain = new LookupChain(buildLookupStages(deps), deps.auditor);
    await assert.rejects(
      chain.run(context()),
      (err: GatewayError) => err.status === 503 && err.code === 'AUDIT.UNAVAILABLE',
    );
  });

  it('audits a refused token only when it names a registered agency', async () => {
    const calls: string[] = [];
    const { deps, audited } = fakes(calls);
    const refuse = (known: boolean) => ({
      authenticate: () =>
        Promise.reject(
          new AuthError(
            'expired',
            'old',
            known ? { agency: 'tst', officer: 'unverified:o', purpose: 'testing', caseRef: 'c' } : null,
          ),
        ),
    });
    await assert.rejects(
      new LookupChain(buildLookupStages({ ...deps, authenticator: refuse(false) }), deps.auditor).run(
        context(),
      ),
    );
    assert.equal(audited.length, 0);
    await assert.rejects(
      new LookupChain(buildLookupStages({ ...deps, authenticator: refuse(true) }), deps.auditor).run(
        context(),
      ),
    );
    assert.equal(audited[0]?.reason, 'AUTH.EXPIRED');
  });
});
