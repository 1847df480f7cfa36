import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

/** A test agency: its key pair and the public JWK the gateway registers. */
export interface TestAgency {
  readonly id: string;
  readonly alg: 'ES256' | 'EdDSA';
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export async function testAgency(
  id: string,
  alg: 'ES256' | 'EdDSA' = 'ES256',
  kid = `${id}-1`,
): Promise<TestAgency> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg };
  return { id, alg, kid, privateKey, publicJwk };
}

export interface TokenOptions {
  readonly audience?: string;
  readonly sub?: string;
  readonly purpose?: string | null;
  readonly caseRef?: string | null;
  readonly iat?: number;
  readonly exp?: number;
  readonly nbf?: number;
  readonly jti?: string;
  readonly iss?: string;
  readonly extra?: JWTPayload;
}

/** A token as an agency would sign it; every claim can be bent for a refusal test. */
export async function signToken(agency: TestAgency, options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const iat = options.iat ?? now;
  const payload: JWTPayload = { ...options.extra };
  if (options.purpose !== null) payload['purpose'] = options.purpose ?? 'testing';
  if (options.caseRef !== null) payload['case'] = options.caseRef ?? 'CASE-1';
  const jwt = new SignJWT(payload)
    .setProtectedHeader({ alg: agency.alg, kid: agency.kid, typ: 'JWT' })
    .setIssuer(options.iss ?? agency.id)
    .setSubject(options.sub ?? 'officer-1')
    .setAudience(options.audience ?? 'ndg-gateway')
    .setIssuedAt(iat)
    .setExpirationTime(options.exp ?? iat + 120)
    .setJti(options.jti ?? randomUUID());
  if (options.nbf !== undefined) jwt.setNotBefore(options.nbf);
  return jwt.sign(agency.privateKey);
}

/** base64url of a JSON value, for hand-made (hostile) tokens. */
export function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
