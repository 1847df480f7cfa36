import type pg from 'pg';
import { takeToken, type TokenBucketState } from '@ndg/policy';

/** Outcome of taking `cost` tokens from a grant's bucket. */
export interface RateDecision {
  readonly allowed: boolean;
  readonly retryAfterSeconds: number;
}

/**
 * Token buckets shared by every replica: the row is locked (`select … for update`) while the pure
 * `takeToken` decides, so two replicas never spend the same token. A refused take saves nothing,
 * so it costs nothing; a batch of n subjects takes n tokens or none.
 */
export class PgRateLimiter {
  constructor(private readonly pool: pg.Pool) {}

  async take(key: string, perMinute: number, now: number, requested = 1): Promise<RateDecision> {
    // A batch larger than the whole bucket could never pass; it costs a full bucket instead.
    const cost = Math.max(1, Math.min(requested, perMinute));
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      await client.query(
        'insert into rate_limit (key, tokens, updated_at) values ($1, $2, $3) on conflict do nothing',
        [key, perMinute, now],
      );
      const r = await client.query<{ tokens: number; updated_at: string }>(
        'select tokens, updated_at::text from rate_limit where key = $1 for update',
        [key],
      );
      const row = r.rows[0];
      let state: TokenBucketState | undefined = row
        ? { tokens: row.tokens, updatedAt: Number(row.updated_at) }
        : undefined;
      for (let i = 0; i < cost; i += 1) {
        const result = takeToken(state, now, perMinute);
        if (!result.allowed) {
          await client.query('rollback');
          return {
            allowed: false,
            retryAfterSeconds: result.retryAfterSeconds + Math.ceil(((cost - i - 1) * 60) / perMinute),
          };
        }
        state = result.state;
      }
      await client.query('update rate_limit set tokens = $2, updated_at = $3 where key = $1', [
        key,
        state?.tokens ?? 0,
        state?.updatedAt ?? now,
      ]);
      await client.query('commit');
      return { allowed: true, retryAfterSeconds: 0 };
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}
