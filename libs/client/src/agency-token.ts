import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type CryptoKey, type JWK, type KeyObject } from 'jose';

/** The algorithms the gateway accepts (DESIGN §8); anything symmetric is refused there. */
export type AgencyAlgorithm = 'ES256' | 'EdDSA';

/** A private key as jose takes it: a CryptoKey, a Node KeyObject, or a private JWK (with `d`). */
export type AgencyPrivateKey = CryptoKey | KeyObject | JWK;

/** The audience the gateway expects unless its GATEWAY_AUDIENCE says otherwise. */
export const DEFAULT_AUDIENCE = 'ndg-gateway';
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 60;
/** The gateway refuses tokens whose `exp - iat` is longer (AUTH.LIFETIME_TOO_LONG). */
export const MAX_TOKEN_LIFETIME_SECONDS = 300;

/** Who asks and why; every token carries it, and the gateway audits it with each decision. */
export interface RequestContext {
  /** The officer's id in the agency (`sub`). */
  readonly officer: string;
  /** The purpose the policy grants (`purpose`), e.g. `health-insurance-eligibility`. */
  readonly purpose: string;
  /** The agency's case file this request belongs to (`case`). */
  readonly caseReference: string;
}

export interface AgencySignerOptions {
  readonly agencyId: string;
  readonly privateKey: AgencyPrivateKey;
  readonly algorithm: AgencyAlgorithm;
  /** Chooses the public key among the agency's registered ones; defaults to the JWK's own `kid`. */
  readonly keyId?: string;
  readonly audience?: string;
  readonly tokenLifetimeSeconds?: number;
  /** Milliseconds since the epoch; tests pin it. */
  readonly now?: () => number;
}

function isJwk(key: AgencyPrivateKey): key is JWK {
  return typeof key === 'object' && key !== null && 'kty' in key && typeof key.kty === 'string';
}

/** Signs one short-lived token per request: a fresh `jti` each time, because the gateway refuses replays. */
export class AgencyTokenSigner {
  private readonly audience: string;
  private readonly lifetime: number;
  private readonly keyId: string | undefined;
  private readonly now: () => number;
  private key: Promise<CryptoKey | KeyObject> | undefined;

  constructor(private readonly options: AgencySignerOptions) {
    if (!/^[a-z][a-z0-9-]{1,31}$/.test(options.agencyId))
      throw new TypeError(`agencyId must match ^[a-z][a-z0-9-]{1,31}$, got "${options.agencyId}"`);
    if (options.algorithm !== 'ES256' && options.algorithm !== 'EdDSA')
      throw new TypeError('algorithm must be ES256 or EdDSA');
    const lifetime = options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
    if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > MAX_TOKEN_LIFETIME_SECONDS)
      throw new TypeError(`tokenLifetimeSeconds must be an integer 1-${MAX_TOKEN_LIFETIME_SECONDS}`);
    if (isJwk(options.privateKey) && typeof options.privateKey.d !== 'string')
      throw new TypeError('privateKey is a public JWK; the agency signs with its private key');
    this.lifetime = lifetime;
    this.audience = options.audience ?? DEFAULT_AUDIENCE;
    this.keyId = options.keyId ?? (isJwk(options.privateKey) ? options.privateKey.kid : undefined);
    this.now = options.now ?? Date.now;
  }

  async sign(context: RequestContext): Promise<string> {
    const iat = Math.floor(this.now() / 1000);
    return new SignJWT({ purpose: context.purpose, case: context.caseReference })
      .setProtectedHeader({
        alg: this.options.algorithm,
        typ: 'JWT',
        ...(this.keyId === undefined ? {} : { kid: this.keyId }),
      })
      .setIssuer(this.options.agencyId)
      .setSubject(context.officer)
      .setAudience(this.audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.lifetime)
      .setJti(randomUUID())
      .sign(await this.signingKey());
  }

  // A JWK is imported once, not on every request.
  private signingKey(): Promise<CryptoKey | KeyObject> {
    const key = this.options.privateKey;
    this.key ??= isJwk(key)
      ? (importJWK(key, this.options.algorithm) as Promise<CryptoKey | KeyObject>)
      : Promise.resolve(key);
    return this.key;
  }
}
