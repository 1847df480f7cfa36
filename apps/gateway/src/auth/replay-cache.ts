import type pg from 'pg';

/** Remembers which (issuer, jti) pairs were used, until the token would have expired anyway. */
export interface ReplayCache {
  /** True the first time a pair is seen, false on every later call (from any replica). */
  remember(iss: string, jti: string, expiresAtMs: number): Promise<boolean>;
}

/** Shared by every replica: one `insert … on conflict do nothing` decides who saw a jti first. */
export class PgReplayCache implements ReplayCache {
  constructor(private readonly pool: pg.Pool) {}

  async remember(iss: string, jti: string, expiresAtMs: number): Promise<boolean> {
    const r = await this.pool.query(
      'insert into seen_jti (iss, jti, expires_at) values ($1, $2, $3) on conflict do nothing',
      [iss, jti, new Date(expiresAtMs)],
    );
    return r.rowCount === 1;
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
