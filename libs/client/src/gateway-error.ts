import type { Problem, ProblemFieldError } from '@ndg/contracts';

/** A non-2xx answer of the gateway, carrying its RFC 9457 problem (`code` is the stable part to branch on). */
export class GatewayError extends Error {
  readonly type: string;
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: readonly ProblemFieldError[];
  readonly traceId: string | undefined;
  /** Seconds the gateway asks to wait before retrying (429), from `Retry-After`. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly problem: Problem,
    retryAfterSeconds?: number,
  ) {
    super(`${problem.status} ${problem.code ?? problem.title}${problem.detail ? `: ${problem.detail}` : ''}`);
    this.name = 'GatewayError';
    this.type = problem.type;
    this.status = problem.status;
    this.code = problem.code ?? `HTTP.${problem.status}`;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.traceId = problem.traceId;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

function isProblem(value: unknown): value is Problem {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v['type'] === 'string' && typeof v['title'] === 'string' && typeof v['status'] === 'number';
}

/** The error for a non-2xx answer; a body that is not a problem (a proxy's HTML page) still gives one. */
export function gatewayErrorOf(status: number, body: string, retryAfter?: string): GatewayError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const retry = retryAfter !== undefined && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
  if (isProblem(parsed)) return new GatewayError(parsed, retry);
  return new GatewayError(
    {
      type: 'about:blank',
      title: `HTTP ${status}`,
      status,
      code: `HTTP.${status}`,
      detail: body.slice(0, 200) || undefined,
    },
    retry,
  );
}
