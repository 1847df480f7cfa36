import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import type pg from 'pg';
import { takeTokens, type TokenBucketState } from '@ndg/policy';

/** Outcome of taking `cost` tokens from a grant's bucket. */
export interface RateDecision {
  readonly allowed: boolean;
  readonly retryAfterSeconds: number;
}

interface PendingTake {
  readonly perMinute: number;
  readonly now: number;
  readonly requested: number;
  resolve(decision: RateDecision): void;
  reject(err: unknown): void;
}

/**
 * Token buckets shared by every replica: the row is locked (`select … for update`) while the pure
 * `takeTokens` decides, so two replicas never spend the same token. Takes that arrive in the same
 * turn of the event loop share one transaction per bucket and are decided in arrival order: a busy
 * grant locks its row once per batch rather than once per request, which had made every
 * rate-limited lookup queue behind that one row.
 */
export class PgRateLimiter {
  private pending = new Map<string, PendingTake[]>();
  private scheduled = false;

  constructor(private readonly pool: pg.Pool) {}

  take(key: string, perMinute: number, now: number, requested = 1): Promise<RateDecision> {
    return new Promise<RateDecision>((resolve, reject) => {
      const queue = this.pending.get(key);
      const take = { perMinute, now, requested, resolve, reject };
      if (queue) queue.push(take);
      else this.pending.set(key, [take]);
      if (!this.scheduled) {
        this.scheduled = true;
        // A batch serves many requests: it is nobody's child in a trace.
        setImmediate(() => void context.with(ROOT_CONTEXT, () => this.flush()));
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batches = this.pending;
    this.pending = new Map();
    await Promise.all([...batches].map(([key, takes]) => this.decide(key, takes)));
  }

  private async decide(key: string, takes: readonly PendingTake[]): Promise<void> {
    const first = takes[0] as PendingTake;
    let client: pg.PoolClient | undefined;
    let failed: Error | undefined;
    try {
      client = await this.pool.connect();
      await client.query('begin');
      await client.query(
        'insert into rate_limit (key, tokens, updated_at) values ($1, $2, $3) on conflict do nothing',
        [key, first.perMinute, first.now],
      );
      const r = await client.query<{ tokens: number; updated_at: string }>(
        'select tokens, updated_at::text from rate_limit where key = $1 for update',
        [key],
      );
      const row = r.rows[0];
      const initial: TokenBucketState | undefined = row
        ? { tokens: row.tokens, updatedAt: Number(row.updated_at) }
        : undefined;
      let state = initial;
      const decisions = takes.map((take) => {
        const result = takeTokens(state, take.now, take.perMinute, take.requested);
        if (result.allowed) state = result.state;
        return { allowed: result.allowed, retryAfterSeconds: result.retryAfterSeconds };
      });
      if (state !== initial && state !== undefined)
        await client.query('update rate_limit set tokens = $2, updated_at = $3 where key = $1', [
          key,
          state.tokens,
          state.updatedAt,
        ]);
      await client.query('commit');
      takes.forEach((take, i) => take.resolve(decisions[i] as RateDecision));
    } catch (err) {
      failed = err as Error;
      await client?.query('rollback').catch(() => undefined);
      for (const take of takes) take.reject(err);
    } finally {
      // A connection that failed mid-transaction is in an unknown state: drop it rather than reuse it.
      client?.release(failed);
    }
  }
}
