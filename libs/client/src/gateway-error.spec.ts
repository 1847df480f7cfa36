import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError, gatewayErrorOf } from './gateway-error.js';

describe('gatewayErrorOf', () => {
  it('carries the RFC 9457 problem the gateway sent', () => {
    const problem = {
      type: 'https://errors.ndg.gov.vn/policy-fields-not-granted',
      title: 'Fields not granted',
      status: 403,
      code: 'POLICY.FIELDS_NOT_GRANTED',
      detail: 'permanentAddress is outside the grant',
      errors: [{ path: '/fields/0', message: 'not granted' }],
    };
    const err = gatewayErrorOf(403, JSON.stringify(problem));
    assert.ok(err instanceof GatewayError);
    assert.equal(err.status, 403);
    assert.equal(err.code, 'POLICY.FIELDS_NOT_GRANTED');
    assert.equal(err.type, problem.type);
    assert.deepEqual(err.errors, problem.errors);
    assert.deepEqual(err.problem, problem);
    assert.match(err.message, /403 POLICY\.FIELDS_NOT_GRANTED: permanentAddress/);
  });

  it('reads Retry-After of a 429', () => {
    const err = gatewayErrorOf(
      429,
      JSON.stringify({ type: 'x', title: 'Rate limited', status: 429, code: 'LOOKUP.RATE_LIMITED' }),
      '12',
    );
    assert.equal(err.retryAfterSeconds, 12);
  });

  it('still answers an error for a body that is not a problem (a proxy page)', () => {
    const err = gatewayErrorOf(502, '<html>Bad Gateway</html>');
    assert.equal(err.status, 502);
    assert.equal(err.code, 'HTTP.502');
    assert.deepEqual(err.errors, []);
  });
});
