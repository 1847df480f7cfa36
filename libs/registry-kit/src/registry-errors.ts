import type { FieldError } from '@ndg/contracts';

const ERROR_BASE = 'https://errors.ndg.gov.vn/';

/** Every error a registry answers with: a stable code, its HTTP status and problem `type`. */
export const REGISTRY_ERRORS = {
  notFound: { code: 'REGISTRY.NOT_FOUND', status: 404, title: 'No such record' },
  duplicate: { code: 'REGISTRY.ALREADY_EXISTS', status: 409, title: 'The record already exists' },
  staleVersion: { code: 'REGISTRY.STALE_VERSION', status: 412, title: 'The record changed since you read it' },
  preconditionRequired: { code: 'REGISTRY.IF_MATCH_REQUIRED', status: 428, title: 'If-Match is required to change a record' },
  invalidIfMatch: { code: 'REGISTRY.INVALID_IF_MATCH', status: 400, title: 'If-Match is not an ETag of this registry' },
  invalidId: { code: 'REGISTRY.INVALID_ID', status: 400, title: 'The id is malformed' },
  ruleViolation: { code: 'REGISTRY.RULE_VIOLATION', status: 422, title: 'The change breaks a registry rule' },
  invalidState: { code: 'REGISTRY.INVALID_STATE', status: 409, title: 'The change is not allowed in the record\'s current state' },
  malformedBody: { code: 'HTTP.MALFORMED_BODY', status: 400, title: 'The body is not valid JSON' },
  bodyTooLarge: { code: 'HTTP.BODY_TOO_LARGE', status: 413, title: 'The body is too large' },
  unsupportedMediaType: { code: 'HTTP.UNSUPPORTED_MEDIA_TYPE', status: 415, title: 'Send application/json' },
  routeNotFound: { code: 'HTTP.NOT_FOUND', status: 404, title: 'No such resource' },
  methodNotAllowed: { code: 'HTTP.METHOD_NOT_ALLOWED', status: 405, title: 'Method not allowed' },
  badRequest: { code: 'HTTP.BAD_REQUEST', status: 400, title: 'Bad request' },
  internal: { code: 'INTERNAL', status: 500, title: 'Internal error' },
  unavailable: { code: 'UNAVAILABLE', status: 503, title: 'Temporarily unavailable' },
} as const;

export type RegistryErrorKind = keyof typeof REGISTRY_ERRORS;

/** The problem `type` URI of an error code: stable, because clients switch on it. */
export function problemType(code: string): string {
  return ERROR_BASE + code.toLowerCase().replace(/[._]/g, '-');
}

/** A client-facing error; the filter turns it into RFC 9457 problem+json. */
export class RegistryError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;

  constructor(
    kind: RegistryErrorKind,
    readonly detail: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(detail);
    const def = REGISTRY_ERRORS[kind];
    this.code = def.code;
    this.status = def.status;
    this.title = def.title;
  }
}

export const recordNotFound = (id: string) => new RegistryError('notFound', `no record with id ${id}`, [{ path: '/id', message: 'not found' }]);
export const invalidId = (id: string, pattern: string) =>
  new RegistryError('invalidId', `"${id.slice(0, 40)}" is not a valid id`, [{ path: '/id', message: `must match ${pattern}` }]);

/** A well-formed request that the registry's rules refuse; `path` names the offending field. */
export const ruleViolation = (path: string, message: string) => new RegistryError('ruleViolation', message, [{ path, message }]);
/** The record's current state does not allow the change (e.g. already deceased). */
export const invalidState = (message: string) => new RegistryError('invalidState', message, [{ path: '/status', message }]);
