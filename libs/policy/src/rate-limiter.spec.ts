import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InMemoryRateLimiter, takeToken } from './rate-limiter.js';
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
