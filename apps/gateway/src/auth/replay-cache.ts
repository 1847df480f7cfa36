import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import type pg from 'pg';

/** Remembers which (issuer, jti) pairs were used, until the token would have expired anyway. */
export interface ReplayCache {
  /** True the first time a pair is seen, false on every later call (from any replica). */
  remember(iss: string, jti: string, expiresAtMs: number): Promise<boolean>;
}

interface PendingJti {
  iss: string;
  jti: string;
  expiresAt: Date;
  resolve(first: boolean): void;
  reject(err: unknown): void;
}

/**
 * Shared by every replica: `insert … on conflict do nothing` decides who saw a jti first.
 * Concurrent requests share one statement and one commit (group commit), so the replay check
 * costs a fraction of a disk flush per request instead of one each.
 */
export class PgReplayCache implements ReplayCache {
  private pending: PendingJti[] = [];
  private scheduled = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly maxBatch = 500,
  ) {}

  remember(iss: string, jti: string, expiresAtMs: number): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.pending.push({ iss, jti, expiresAt: new Date(expiresAtMs), resolve, reject });
      if (this.pending.length >= this.maxBatch) void this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        // One turn of the event loop gathers every request that arrived meanwhile.
        setImmediate(() => void this.flush());
      }
    });
  }

  /** A batch serves many requests: it is nobody's child in a trace, so it runs outside them all. */
  private flush(): Promise<void> {
    return context.with(ROOT_CONTEXT, () => this.insertBatch());
  }

  private async insertBatch(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    if (this.pending.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
    try {
      const r = await this.pool.query<{ iss: string; jti: string }>(
        `insert into seen_jti (iss, jti, expires_at)
           select * from unnest($1::text[], $2::text[], $3::timestamptz[])
         on conflict do nothing returning iss, jti`,
        [batch.map((p) => p.iss), batch.map((p) => p.jti), batch.map((p) => p.expiresAt)],
      );
      const inserted = new Set(r.rows.map((row) => JSON.stringify([row.iss, row.jti])));
      // A pair sent twice in one batch was inserted once: only its first occurrence is "first".
      for (const p of batch) {
        const key = JSON.stringify([p.iss, p.jti]);
        p.resolve(inserted.delete(key));
      }
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }

  /** Deletes pairs whose token has expired (plus clock skew); returns how many. */
  async prune(nowMs: number, skewMs: number): Promise<number> {
    const r = await this.pool.query('delete from seen_jti where expires_at < $1', [new Date(nowMs - skewMs)]);
    return r.rowCount ?? 0;
  }
}

/** One process only; for unit tests. */
export class InMemoryReplayCache implements ReplayCache {
  private readonly seen = new Set<string>();

  remember(iss: string, jti: string): Promise<boolean> {
    const key = JSON.stringify([iss, jti]);
    if (this.seen.has(key)) return Promise.resolve(false);
    this.seen.add(key);
    return Promise.resolve(true);
  }
}
