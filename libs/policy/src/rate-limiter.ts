/** A token bucket as stored by a rate-limit store (one per agency grant, or whatever key the caller picks). */
export interface TokenBucketState {
  /** Tokens left, fractional; a full bucket holds `perMinute`. */
  readonly tokens: number;
  /** Epoch ms the tokens were counted at. */
  readonly updatedAt: number;
}

/** Outcome of one take; `state` is what the store must save (also when refused). */
export interface TokenTakeResult {
  readonly allowed: boolean;
  /** 0 when allowed; otherwise whole seconds until one token is back (for Retry-After). */
  readonly retryAfterSeconds: number;
  readonly state: TokenBucketState;
}

/**
 * Pure token bucket: refills at `perMinute` per minute up to a burst of `perMinute`, so a grant of
 * 600/min allows 600 at once and then 10 a second. A store shared by every gateway replica loads the
 * state under a row lock (or in one UPDATE), calls this and saves the result, so the limit holds
 * across replicas. A clock that steps back never mints tokens.
 */
export function takeToken(
  state: TokenBucketState | undefined,
  now: number,
  perMinute: number,
): TokenTakeResult {
  if (!(perMinute > 0)) throw new RangeError(`perMinute must be positive, got ${perMinute}`);
  const ratePerMs = perMinute / 60_000;
  const elapsed = state === undefined ? 0 : Math.max(0, now - state.updatedAt);
  const available = state === undefined ? perMinute : Math.min(perMinute, state.tokens + elapsed * ratePerMs);
  const updatedAt = state === undefined ? now : Math.max(now, state.updatedAt);
  if (available >= 1) {
    return { allowed: true, retryAfterSeconds: 0, state: { tokens: available - 1, updatedAt } };
  }
  const waitMs = (1 - available) / ratePerMs;
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
    state: { tokens: available, updatedAt },
  };
}

/**
 * Takes `cost` tokens at once or none (a batch of n subjects costs n): on refusal the state is
 * unchanged and Retry-After covers the tokens still missing. A cost above the burst is charged as a
 * full bucket, since it could never pass otherwise.
 */
export function takeTokens(
  state: TokenBucketState | undefined,
  now: number,
  perMinute: number,
  requested = 1,
): TokenTakeResult {
  const cost = Math.max(1, Math.min(requested, perMinute));
  let trial = state;
  for (let i = 0; i < cost; i += 1) {
    const result = takeToken(trial, now, perMinute);
    if (!result.allowed) {
      return {
        allowed: false,
        retryAfterSeconds: result.retryAfterSeconds + Math.ceil(((cost - i - 1) * 60) / perMinute),
        state: state ?? { tokens: perMinute, updatedAt: now },
      };
    }
    trial = result.state;
  }
  return { allowed: true, retryAfterSeconds: 0, state: trial as TokenBucketState };
}

/** Where the gateway takes tokens; shared (Postgres) in production so replicas enforce one limit. */
export interface RateLimiter {
  take(key: string, perMinute: number, now: number): Promise<Omit<TokenTakeResult, 'state'>>;
}

/** Single-process store for tests and local runs; not correct with several replicas. */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, TokenBucketState>();

  take(key: string, perMinute: number, now: number): Promise<Omit<TokenTakeResult, 'state'>> {
    const result = takeToken(this.buckets.get(key), now, perMinute);
    this.buckets.set(key, result.state);
    return Promise.resolve({ allowed: result.allowed, retryAfterSeconds: result.retryAfterSeconds });
  }
}
