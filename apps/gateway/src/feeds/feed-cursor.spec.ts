import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../gateway-errors.js';
import { decodeCursor, encodeCursor } from './feeds.service.js';

function refusal(cursor: string): GatewayError {
  try {
    decodeCursor(cursor);
  } catch (err) {
    assert.ok(err instanceof GatewayError, String(err));
    return err;
  }
  assert.fail(`accepted cursor ${cursor}`);
}

describe('pull cursor', () => {
  it('round-trips positions; absent or empty means from the start', () => {
    for (const p of ['1', '42', '999999999999999999']) assert.equal(decodeCursor(encodeCursor(p)), p);
    assert.equal(decodeCursor(undefined), '0');
    assert.equal(decodeCursor(''), '0');
    assert.match(encodeCursor('42'), /^[A-Za-z0-9_-]+$/, 'base64url, safe in a query string');
  });

  // The cursor carries no secret: it only moves within the caller's own subscription (the read is
  // scoped to it), so editing it to another well-formed position is harmless; anything else is 400.
  it('refuses a tampered cursor with 400 FEED.INVALID_CURSOR', () => {
    const good = encodeCursor('42');
    const tampered = [
      `x${good.slice(1)}`,
      `${good}A`,
      Buffer.from('p:42x').toString('base64url'),
      Buffer.from('q:42').toString('base64url'),
      Buffer.from('p:-1').toString('base64url'),
      Buffer.from('p:1234567890123456789').toString('base64url'),
      `${good}=`,
      Buffer.from('p:42').toString('base64'),
      '!!!',
      'cDo0Mg==',
    ];
    for (const c of tampered) {
      const e = refusal(c);
      assert.equal(e.status, 400, c);
      assert.equal(e.code, 'FEED.INVALID_CURSOR', c);
    }
  });
});
