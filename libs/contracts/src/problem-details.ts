import { CONTRACT_ERROR_CODES, CONTRACT_VIOLATION_TYPE } from './error-codes.js';
import type { Problem } from './generated/contract-types.js';
import type { FieldError } from './types.js';

/** Options for {@link contractViolationProblem}. */
export interface ContractViolationProblemOptions {
  /** 400 for a client's input (default), 502 when a registry's answer broke its contract. */
  readonly status?: number;
  readonly instance?: string;
  readonly traceId?: string;
  readonly detail?: string;
}

/** Builds the RFC 9457 body (application/problem+json) for a contract violation. */
export function contractViolationProblem(
  errors: readonly FieldError[],
  options: ContractViolationProblemOptions = {},
): Problem {
  const status = options.status ?? 400;
  const problem: Problem = {
    type: CONTRACT_VIOLATION_TYPE,
    title: status < 500 ? 'Request does not match its contract' : 'Upstream data does not match its contract',
    status,
    detail:
      options.detail ?? (errors.length === 1 ? '1 field is invalid' : `${errors.length} fields are invalid`),
    code: CONTRACT_ERROR_CODES.violation,
    errors: errors.map(({ path, message }) => ({ path, message })),
  };
  if (options.instance !== undefined) problem.instance = options.instance;
  if (options.traceId !== undefined) problem.traceId = options.traceId;
  return problem;
}
