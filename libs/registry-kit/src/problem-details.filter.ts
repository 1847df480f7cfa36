import { Catch, HttpException, Logger, Optional, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { Metrics, METRIC_CONTRACT_REJECTIONS } from '@ndg/telemetry';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ContractViolation, contractViolationProblem, type FieldError } from '@ndg/contracts';
import { problemType, REGISTRY_ERRORS, RegistryError, type RegistryErrorKind } from './registry-errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  errors?: FieldError[];
  checks?: unknown;
}

function problem(kind: RegistryErrorKind, detail?: string, errors?: readonly FieldError[]): ProblemBody {
  const def = REGISTRY_ERRORS[kind];
  return {
    type: problemType(def.code),
    title: def.title,
    status: def.status,
    code: def.code,
    ...(detail ? { detail } : {}),
    ...(errors && errors.length > 0 ? { errors: [...errors] } : {}),
  };
}

// Fastify's own error codes for what the client sent wrong.
const FASTIFY_CLIENT_ERRORS: Record<string, RegistryErrorKind> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformedBody',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformedBody',
  FST_ERR_CTP_BODY_TOO_LARGE: 'bodyTooLarge',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupportedMediaType',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'badRequest',
  FST_ERR_BAD_URL: 'badRequest',
  FST_ERR_ASYNC_CONSTRAINT: 'badRequest',
};

/** Maps anything thrown to RFC 9457 problem+json; never a stack trace, never a 5xx for a client's mistake. */
export function toProblem(err: unknown): ProblemBody {
  if (err instanceof RegistryError) {
    return { ...problem('badRequest'), type: problemType(err.code), title: err.title, status: err.status, code: err.code, detail: err.detail, ...(err.errors.length ? { errors: [...err.errors] } : {}) };
  }
  if (err instanceof ContractViolation) {
    const body = contractViolationProblem(err.errors, { status: 422 });
    return { ...(body as unknown as ProblemBody) };
  }
  const fastifyCode = (err as { code?: unknown })?.code;
  if (typeof fastifyCode === 'string' && FASTIFY_CLIENT_ERRORS[fastifyCode]) {
    return problem(FASTIFY_CLIENT_ERRORS[fastifyCode], (err as Error).message);
  }
  if (err instanceof SyntaxError) return problem('malformedBody', 'the body is not valid JSON');
  if (err instanceof HttpException) {
    const status = err.getStatus();
    if (status === 404) return problem('routeNotFound');
    if (status === 405) return problem('methodNotAllowed');
    if (status === 413) return problem('bodyTooLarge');
    if (status === 415) return problem('unsupportedMediaType');
    if (status >= 400 && status < 500) return { ...problem('badRequest', err.message), status };
    // Health checks answer 503 with the state of each dependency; keep it for the operator.
    if (status === 503) return { ...problem('unavailable', 'a dependency is down'), checks: err.getResponse() };
  }
  const status = (err as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return { ...problem('badRequest', 'the request is malformed'), status };
  return problem('internal', 'the registry could not complete the request; it has been logged');
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetailsFilter');

  constructor(@Optional() private readonly metrics?: Metrics) {}

  catch(err: unknown, host: ArgumentsHost): void {
    if (err instanceof ContractViolation) this.countRejection(err.schemaId);
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const body = toProblem(err);
    // Only server faults are logged, without the request body (it may hold personal data).
    if (body.status >= 500) this.logger.error(`${request.method} ${request.routeOptions?.url ?? 'unmatched'}: ${(err as Error)?.stack ?? String(err)}`);
    body.instance = request.url.split('?')[0];
    void reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
  }

  private countRejection(schemaId: string): void {
    this.metrics
      ?.counter(METRIC_CONTRACT_REJECTIONS, { help: 'Messages or requests refused by their contract', labelNames: ['contract', 'reason'] })
      .inc({ contract: schemaId.replace(/^https:\/\/[^/]+\//, '').replace(/\.schema\.json$/, ''), reason: 'request' });
  }
}
