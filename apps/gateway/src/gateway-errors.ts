import type { FieldError } from '@ndg/contracts';
import { DENIAL_REASONS, type DenialReason } from '@ndg/policy';
import { problemType } from '@ndg/registry-kit';

/** Why a token was refused; each has its own stable problem type. */
export const AUTH_ERRORS = {
  missingToken: { code: 'AUTH.MISSING_TOKEN', status: 401, title: 'A bearer token is required' },
  malformedToken: { code: 'AUTH.MALFORMED_TOKEN', status: 401, title: 'The token is not a well-formed JWT' },
  badSignature: { code: 'AUTH.BAD_SIGNATURE', status: 401, title: 'The token signature does not verify' },
  unknownIssuer: {
    code: 'AUTH.UNKNOWN_ISSUER',
    status: 401,
    title: 'The token issuer is not a registered agency',
  },
  expired: { code: 'AUTH.EXPIRED', status: 401, title: 'The token has expired' },
  notYetValid: { code: 'AUTH.NOT_YET_VALID', status: 401, title: 'The token is not valid yet' },
  wrongAudience: {
    code: 'AUTH.WRONG_AUDIENCE',
    status: 401,
    title: 'The token is meant for another audience',
  },
  replayed: { code: 'AUTH.REPLAYED', status: 401, title: 'The token was already used' },
  lifetimeTooLong: {
    code: 'AUTH.LIFETIME_TOO_LONG',
    status: 401,
    title: 'The token lives longer than 5 minutes',
  },
  algorithmNotAllowed: {
    code: 'AUTH.ALGORITHM_NOT_ALLOWED',
    status: 401,
    title: 'Only ES256 and EdDSA tokens are accepted',
  },
  missingClaim: { code: 'AUTH.MISSING_CLAIM', status: 401, title: 'The token lacks a required claim' },
} as const;

/** Every other error the gateway answers with (policy denials come from `@ndg/policy`). */
export const GATEWAY_ERRORS = {
  ...AUTH_ERRORS,
  adminUnauthorized: {
    code: 'ADMIN.UNAUTHORIZED',
    status: 401,
    title: 'The admin token is missing or wrong',
  },
  invalidPolicy: { code: 'ADMIN.INVALID_POLICY', status: 422, title: 'The policy document is invalid' },
  invalidAgency: { code: 'ADMIN.INVALID_AGENCY', status: 422, title: 'The agency definition is invalid' },
  adminNotFound: { code: 'ADMIN.NOT_FOUND', status: 404, title: 'Nothing stored under that id' },
  unknownDataset: { code: 'LOOKUP.UNKNOWN_DATASET', status: 404, title: 'No such dataset' },
  invalidId: { code: 'LOOKUP.INVALID_ID', status: 400, title: 'The record id is malformed' },
  unknownParameter: { code: 'LOOKUP.UNKNOWN_PARAMETER', status: 400, title: 'Unknown query parameter' },
  unknownField: { code: 'LOOKUP.UNKNOWN_FIELD', status: 400, title: 'Unknown field' },
  datasetMismatch: {
    code: 'LOOKUP.DATASET_MISMATCH',
    status: 400,
    title: 'The body names another dataset than the path',
  },
  tokenMismatch: { code: 'LOOKUP.TOKEN_MISMATCH', status: 400, title: 'The body contradicts the token' },
  notFound: { code: 'LOOKUP.NOT_FOUND', status: 404, title: 'No such record' },
  rateLimited: { code: 'LOOKUP.RATE_LIMITED', status: 429, title: 'Too many requests under this grant' },
  contractViolation: {
    code: 'REGISTRY.CONTRACT_VIOLATION',
    status: 502,
    title: 'The registry answered outside its contract',
  },
  registryUnavailable: {
    code: 'REGISTRY.UNAVAILABLE',
    status: 502,
    title: 'The registry could not be reached',
  },
  auditUnavailable: {
    code: 'AUDIT.UNAVAILABLE',
    status: 503,
    title: 'The decision could not be audited; nothing was disclosed',
  },
  feedNotFound: { code: 'FEED.NOT_FOUND', status: 404, title: 'No such subscription or quarantined event' },
  insecureWebhook: {
    code: 'FEED.INSECURE_WEBHOOK',
    status: 422,
    title: 'Webhook URLs must be https (http only for loopback)',
  },
  feedPurposeMismatch: {
    code: 'FEED.PURPOSE_MISMATCH',
    status: 400,
    title: "The request's purpose differs from the token's or the subscription's",
  },
  invalidCursor: {
    code: 'FEED.INVALID_CURSOR',
    status: 400,
    title: 'The cursor is not one the gateway issued',
  },
  feedUnavailable: {
    code: 'FEED.UNAVAILABLE',
    status: 503,
    title: 'The change-feed broker could not be reached',
  },
  stillQuarantined: {
    code: 'FEED.STILL_INVALID',
    status: 422,
    title: 'The quarantined event still breaks its contract',
  },
} as const;

export type GatewayErrorKind = keyof typeof GATEWAY_ERRORS;
export type AuthErrorKind = keyof typeof AUTH_ERRORS;

/** Titles of the policy denials, answered as 403. */
const DENIAL_TITLES: Record<DenialReason, string> = {
  [DENIAL_REASONS.unknownAgency]: 'The agency has no access policy',
  [DENIAL_REASONS.noGrantForDataset]: 'No grant for this dataset',
  [DENIAL_REASONS.operationNotGranted]: 'The operation is not granted',
  [DENIAL_REASONS.purposeNotGranted]: 'The purpose is not granted',
  [DENIAL_REASONS.fieldsNotGranted]: 'The fields are not granted',
  [DENIAL_REASONS.grantNotYetValid]: 'The grant is not valid yet',
  [DENIAL_REASONS.grantExpired]: 'The grant has expired',
};

/** A client-facing error of the gateway; the filter turns it into RFC 9457 problem+json. */
export class GatewayError extends Error {
  readonly type: string;

  constructor(
    readonly code: string,
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: readonly FieldError[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.type = problemType(code);
  }

  static of(
    kind: GatewayErrorKind,
    detail: string,
    errors: readonly FieldError[] = [],
    headers: Readonly<Record<string, string>> = {},
  ): GatewayError {
    const def = GATEWAY_ERRORS[kind];
    return new GatewayError(def.code, def.status, def.title, detail, errors, headers);
  }
}

/** A refused token: 401 with `WWW-Authenticate: Bearer` naming the error, as RFC 6750 asks. */
export class AuthError extends GatewayError {
  constructor(
    readonly kind: AuthErrorKind,
    detail: string,
    /** Issuer named by the token when it is a registered agency: such refusals are audited. */
    readonly knownIssuer: {
      readonly agency: string;
      readonly officer: string;
      readonly purpose: string;
      readonly caseRef: string;
    } | null = null,
  ) {
    const def = AUTH_ERRORS[kind];
    super(def.code, def.status, def.title, detail, [], {
      'www-authenticate':
        kind === 'missingToken'
          ? 'Bearer realm="ndg-gateway"'
          : `Bearer realm="ndg-gateway", error="invalid_token"`,
    });
  }
}

/** A policy denial: 403 whose code is the evaluator's reason. */
export class PolicyDeniedError extends GatewayError {
  constructor(reason: DenialReason, detail: string) {
    super(reason, 403, DENIAL_TITLES[reason], detail);
  }
}

/** Every code the gateway can answer with, for the README check. */
export function allGatewayErrorCodes(): string[] {
  return [...Object.values(GATEWAY_ERRORS).map((e) => e.code), ...Object.values(DENIAL_REASONS)];
}
