import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { Agency } from '../agencies/agency-definition.js';
import { AuthError } from '../gateway-errors.js';
import type { ReplayCache } from './replay-cache.js';

/** Only asymmetric algorithms: `none` and HS256 (signed with the public key as a secret) are refused. */
export const ALLOWED_ALGORITHMS = ['ES256', 'EdDSA'] as const;
/** Longest lifetime a token may declare (`exp - iat`), in seconds (DESIGN §8). */
export const MAX_TOKEN_LIFETIME_SECONDS = 300;
/** Tolerated clock difference between an agency and the gateway, in seconds. */
export const CLOCK_SKEW_SECONDS = 30;

const PURPOSE_PATTERN = /^[a-z][a-z0-9-]{1,63}$/;

/** Who is asking and why, as proven by a verified agency token. */
export interface Principal {
  readonly agency: string;
  readonly officer: string;
  readonly purpose: string;
  readonly caseRef: string;
  readonly jti: string;
}

export interface AuthenticatorOptions {
  readonly audience: string;
  readonly agencyOf: (id: string) => Agency | undefined;
  readonly replay: ReplayCache;
  readonly now?: () => number;
}

function stringClaim(payload: JWTPayload, name: string): string | undefined {
  const value = payload[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Verifies `Authorization: Bearer <jwt>` and answers the principal, or throws an AuthError naming the reason. */
export class JwtAuthenticator {
  private readonly now: () => number;

  constructor(private readonly options: AuthenticatorOptions) {
    this.now = options.now ?? Date.now;
  }

  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (authorization === undefined || authorization.trim() === '')
      throw new AuthError('missingToken', 'send Authorization: Bearer <JWT>');
    const match = /^Bearer +([^\s]+)\s*$/i.exec(authorization);
    if (!match?.[1]) throw new AuthError('malformedToken', 'the Authorization header is not "Bearer <JWT>"');
    const token = match[1];
    if (token.length > 8192 || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) {
      throw new AuthError('malformedToken', 'the token is not a compact JWS');
    }
    let alg: unknown;
    let unverified: JWTPayload;
    try {
      alg = decodeProtectedHeader(token).alg;
      unverified = decodeJwt(token);
    } catch {
      throw new AuthError('malformedToken', 'the token header or payload is not base64url JSON');
    }
    if (typeof alg !== 'string' || !(ALLOWED_ALGORITHMS as readonly string[]).includes(alg)) {
      throw new AuthError('algorithmNotAllowed', `alg must be one of ${ALLOWED_ALGORITHMS.join(', ')}`);
    }
    const iss = stringClaim(unverified, 'iss');
    if (iss === undefined) throw new AuthError('missingClaim', 'the token has no "iss" claim');
    const agency = this.options.agencyOf(iss);
    if (agency === undefined) throw new AuthError('unknownIssuer', 'the issuer is not a registered agency');
    // Claims of a token that does not verify are only used to file the refusal under its agency.
    const claimed = {
      agency: iss,
      officer: `unverified:${(stringClaim(unverified, 'sub') ?? '').slice(0, 64)}`,
      purpose: (stringClaim(unverified, 'purpose') ?? '').slice(0, 64),
      caseRef: (stringClaim(unverified, 'case') ?? '').slice(0, 128),
    };
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, agency.keys, {
        algorithms: [...ALLOWED_ALGORITHMS],
        issuer: iss,
        audience: this.options.audience,
        clockTolerance: CLOCK_SKEW_SECONDS,
        requiredClaims: ['iss', 'sub', 'aud', 'iat', 'exp', 'jti'],
        currentDate: new Date(this.now()),
      }));
    } catch (err) {
      throw this.refusal(err, claimed);
    }
    const officer = { ...claimed, officer: String(payload.sub) };
    const iat = payload.iat as number;
    const exp = payload.exp as number;
    if (exp - iat > MAX_TOKEN_LIFETIME_SECONDS) {
      throw new AuthError(
        'lifetimeTooLong',
        `exp - iat must be at most ${MAX_TOKEN_LIFETIME_SECONDS} s`,
        officer,
      );
    }
    if (iat > this.now() / 1000 + CLOCK_SKEW_SECONDS)
      throw new AuthError('notYetValid', 'iat is in the future', officer);
    const purpose = stringClaim(payload, 'purpose');
    const caseRef = stringClaim(payload, 'case');
    if (purpose === undefined || !PURPOSE_PATTERN.test(purpose))
      throw new AuthError('missingClaim', 'the token needs a "purpose" claim', officer);
    if (caseRef === undefined || caseRef.length > 128)
      throw new AuthError('missingClaim', 'the token needs a "case" claim (1-128 characters)', officer);
    const jti = stringClaim(payload, 'jti');
    if (jti === undefined || jti.length > 200)
      throw new AuthError('missingClaim', 'the token needs a "jti" claim (1-200 characters)', officer);
    const verified = { agency: iss, officer: String(payload.sub), purpose, caseRef };
    // Last, so a token refused for another reason does not use up its jti.
    if (!(await this.options.replay.remember(iss, jti, exp * 1000)))
      throw new AuthError('replayed', 'this jti was already used', verified);
    return { ...verified, jti };
  }

  private refusal(err: unknown, claimed: NonNullable<AuthError['knownIssuer']>): AuthError {
    if (err instanceof joseErrors.JWTExpired)
      return new AuthError('expired', 'the token has expired', claimed);
    if (err instanceof joseErrors.JWTClaimValidationFailed) {
      if (err.reason === 'missing')
        return new AuthError('missingClaim', `the token has no "${err.claim}" claim`, claimed);
      if (err.claim === 'aud')
        return new AuthError('wrongAudience', 'the token is not addressed to this gateway', claimed);
      if (err.claim === 'nbf' || err.claim === 'iat')
        return new AuthError('notYetValid', `the token is not valid yet (${err.claim})`, claimed);
      return new AuthError('malformedToken', `the "${err.claim}" claim is invalid`, claimed);
    }
    if (err instanceof joseErrors.JOSEAlgNotAllowed)
      return new AuthError(
        'algorithmNotAllowed',
        `alg must be one of ${ALLOWED_ALGORITHMS.join(', ')}`,
        claimed,
      );
    if (
      err instanceof joseErrors.JWSSignatureVerificationFailed ||
      err instanceof joseErrors.JWKSNoMatchingKey ||
      err instanceof joseErrors.JWKSMultipleMatchingKeys
    ) {
      return new AuthError(
        'badSignature',
        'the signature does not verify with any key of the issuer',
        claimed,
      );
    }
    if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid) {
      return new AuthError('badSignature', "the issuer's keys could not be fetched", claimed);
    }
    if (err instanceof TypeError)
      return new AuthError('malformedToken', 'a time claim is not a number', claimed);
    return new AuthError('malformedToken', 'the token could not be verified', claimed);
  }
}
