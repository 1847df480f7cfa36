import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTRACT_VIOLATION_TYPE } from './error-codes.js';
import { contractViolationProblem } from './problem-details.js';
import { CONTRACT_SCHEMA_IDS } from './schema-ids.js';
import { getContracts } from './schema-registry.js';

describe('contractViolationProblem', () => {
  it('builds an RFC 9457 body that matches the problem schema', () => {
    const result = getContracts().validate(CONTRACT_SCHEMA_IDS.citizen, { personalId: 'x' });
    assert.equal(result.ok, false);
    if (result.ok) return;
    const problem = contractViolationProblem(result.errors, {
      instance: '/lookups/abc',
      traceId: '0af7651916cd43dd8448eb211c80319c',
    });
    assert.equal(problem.type, CONTRACT_VIOLATION_TYPE);
    assert.equal(problem.status, 400);
    assert.equal(problem.code, 'CONTRACTS.VIOLATION');
    assert.ok(problem.errors?.some((e) => e.path === '/personalId'));
    assert.deepEqual(getContracts().validate(CONTRACT_SCHEMA_IDS.problem, problem).ok, true);
  });

  it('uses a server-side title for 5xx', () => {
    const problem = contractViolationProblem([{ path: '/status', message: 'x' }], { status: 502 });
    assert.equal(problem.status, 502);
    assert.match(problem.title, /Upstream/);
  });
});
