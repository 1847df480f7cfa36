import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InMemoryRateLimiter, takeToken, takeTokens } from './rate-limiter.js';
import type { TokenBucketState } from './rate-limiter.js';

function drain(perMinute: number, now: number): { state: TokenBucketState | undefined; allowed: number } {
  let state: TokenBucketState | undefined;
  let allowed = 0;
  for (let i = 0; i < perMinute * 2; i++) {
    const result = takeToken(state, now, perMinute);
    state = result.state;
    if (result.allowed) allowed++;
  }
  return { state, allowed };
}

describe('takeToken', () => {
  it('allows a burst of perMinute, then refuses with Retry-After', () => {
    const { state, allowed } = drain(60, 1_000);
    assert.equal(allowed, 60);
    const next = takeToken(state, 1_000, 60);
    assert.equal(next.allowed, false);
    assert.equal(next.retryAfterSeconds, 1);
    const slow = takeToken(drain(6, 0).state, 0, 6);
    assert.equal(slow.retryAfterSeconds, 10);
  });

  it('refills at perMinute per minute', () => {
    const { state } = drain(60, 0);
    assert.equal(takeToken(state, 999, 60).allowed, false);
    const later = takeToken(state, 1_000, 60);
    assert.equal(later.allowed, true);
    assert.equal(takeToken(later.state, 1_000, 60).allowed, false);
    assert.equal(takeToken(state, 10 * 60_000, 60).state.tokens, 59, 'capped at the burst');
  });

  it('mints nothing when the clock steps back', () => {
    const { state } = drain(60, 10_000);
    const back = takeToken(state, 0, 60);
    assert.equal(back.allowed, false);
    assert.equal(back.state.updatedAt, 10_000);
  });

  it('refuses a non-positive limit', () => {
    assert.throws(() => takeToken(undefined, 0, 0), RangeError);
  });
});

describe('InMemoryRateLimiter', () => {
  it('keeps one bucket per key', async () => {
    const limiter = new InMemoryRateLimiter();
    assert.equal((await limiter.take('moh/a', 1, 0)).allowed, true);
    assert.equal((await limiter.take('moh/a', 1, 0)).allowed, false);
    assert.equal((await limiter.take('gdt/b', 1, 0)).allowed, true);
  });
});

describe('takeTokens', () => {
  it('takes all of a batch or none, and then says how long the missing tokens take', () => {
    const first = takeTokens(undefined, 0, 6, 4);
    assert.equal(first.allowed, true);
    assert.equal(first.state.tokens, 2);
    const refused = takeTokens(first.state, 0, 6, 3);
    assert.equal(refused.allowed, false);
    assert.deepEqual(refused.state, first.state, 'a refused take spends nothing');
    // 6 a minute is one every 10 s: the third token is 10 s away, the 2 before it are there.
    assert.equal(refused.retryAfterSeconds, 10);
    assert.equal(takeTokens(first.state, 0, 6, 2).allowed, true, 'what is left can still be taken');
  });

  it('charges a batch larger than the burst as one full bucket', () => {
    const result = takeTokens(undefined, 0, 5, 50);
    assert.equal(result.allowed, true);
    assert.ok(result.state.tokens < 1);
    const next = takeTokens(result.state, 0, 5, 1);
    assert.equal(next.allowed, false);
    assert.equal(next.retryAfterSeconds, 12);
  });

  it('matches one token at a time for a cost of one', () => {
    let a: TokenBucketState | undefined;
    let b: TokenBucketState | undefined;
    for (let t = 0; t < 20; t++) {
      const one = takeToken(a, t * 700, 30);
      const many = takeTokens(b, t * 700, 30, 1);
      assert.equal(many.allowed, one.allowed);
      if (one.allowed) a = one.state;
      b = many.state;
      if (!one.allowed) assert.equal(many.retryAfterSeconds, one.retryAfterSeconds);
    }
  });
});
