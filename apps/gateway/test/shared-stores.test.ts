import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { takeTokens, type TokenBucketState } from '@ndg/policy';
import { testInfrastructure, type TestInfrastructure } from '@ndg/testing';
import { PgReplayCache } from '../src/auth/replay-cache.js';
import { migrateGatewaySchema } from '../src/database/gateway-schema.js';
import { PgRateLimiter } from '../src/lookups/pg-rate-limiter.js';

describe('stores shared by gateway replicas (real PostgreSQL)', { timeout: 60_000 }, () => {
  let infra: TestInfrastructure;
  let replicaA: pg.Pool;
  let replicaB: pg.Pool;

  before(async () => {
    infra = await testInfrastructure();
    const db = await infra.freshDatabase('gateway_stores');
    replicaA = new pg.Pool({ connectionString: db.url, max: 10 });
    replicaB = new pg.Pool({ connectionString: db.url, max: 10 });
    await Promise.all([migrateGatewaySchema(replicaA), migrateGatewaySchema(replicaB)]);
  });
  after(async () => {
    await replicaA?.end();
    await replicaB?.end();
    await infra?.cleanup();
  });

  it('lets exactly perMinute requests through when two replicas race for one bucket', async () => {
    const now = Date.now();
    const limiters = [new PgRateLimiter(replicaA), new PgRateLimiter(replicaB)];
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => limiters[i % 2]!.take('agency/grant/0', 7, now)),
    );
    assert.equal(results.filter((r) => r.allowed).length, 7);
    assert.ok(results.filter((r) => !r.allowed).every((r) => r.retryAfterSeconds >= 1));
    // Tokens come back with time: 7 a minute is one every ~8.6 s.
    assert.equal((await limiters[0]!.take('agency/grant/0', 7, now + 9000)).allowed, true);
  });

  it('decides a burst of takes in one batch exactly as the pure bucket would, in arrival order', async () => {
    const now = Date.now();
    const costs = [1, 3, 2, 1, 4, 1, 1, 2, 1, 1, 3, 1];
    const limiter = new PgRateLimiter(replicaA);
    const results = await Promise.all(costs.map((cost) => limiter.take('agency/grant/burst', 8, now, cost)));
    let state: TokenBucketState | undefined;
    const expected = costs.map((cost) => {
      const r = takeTokens(state, now, 8, cost);
      if (r.allowed) state = r.state;
      return { allowed: r.allowed, retryAfterSeconds: r.retryAfterSeconds };
    });
    assert.deepEqual(results, expected);
    assert.ok(
      results.some((r) => r.allowed) && results.some((r) => !r.allowed),
      'the burst crosses the limit',
    );
    const row = await replicaA.query<{ tokens: number }>(
      `select tokens from rate_limit where key = 'agency/grant/burst'`,
    );
    assert.equal(row.rows[0]?.tokens, state?.tokens, 'what was spent is stored');
  });

  it('accepts a jti once across replicas and forgets it after expiry', async () => {
    const caches = [new PgReplayCache(replicaA), new PgReplayCache(replicaB)];
    const exp = Date.now() + 60_000;
    const firsts = await Promise.all(
      Array.from({ length: 10 }, (_, i) => caches[i % 2]!.remember('moh', 'jti-1', exp)),
    );
    assert.equal(firsts.filter(Boolean).length, 1);
    assert.equal(await caches[0]!.remember('gdt', 'jti-1', exp), true, 'jti is per issuer');
    assert.equal(await caches[1]!.prune(exp + 120_000, 30_000), 2);
    assert.equal(await caches[0]!.remember('moh', 'jti-1', exp), true);
  });
});
