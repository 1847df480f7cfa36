import {
  createLocalJWKSet,
  createRemoteJWKSet,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';
import { parseDocument } from 'yaml';

/** An agency as registered: its id (the JWT `iss`) and where its public keys are. */
export interface AgencyDefinition {
  readonly id: string;
  readonly name?: string;
  /** Inline public keys; several for rotation, chosen by `kid`. */
  readonly keys?: readonly JWK[];
  /** Or a JWKS URL the agency publishes (fetched and cached by jose). */
  readonly jwksUrl?: string;
}

/** A registered agency ready to verify tokens. */
export interface Agency {
  readonly definition: AgencyDefinition;
  readonly source: string;
  readonly keys: JWTVerifyGetKey;
}

export const AGENCY_ID_PATTERN = /^[a-z][a-z0-9-]{1,31}$/;
const ALLOWED_KEY_PROPS = new Set(['kty', 'crv', 'x', 'y', 'kid', 'alg', 'use', 'key_ops']);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Problems with one definition, as `path: message`; empty when it is valid. */
export function agencyDefinitionIssues(value: unknown): string[] {
  const issues: string[] = [];
  if (!isObject(value)) return ['/: must be an object'];
  for (const key of Object.keys(value))
    if (!['id', 'name', 'keys', 'jwksUrl'].includes(key)) issues.push(`/${key}: unknown property`);
  if (typeof value['id'] !== 'string' || !AGENCY_ID_PATTERN.test(value['id']))
    issues.push(`/id: must match ${AGENCY_ID_PATTERN.source}`);
  if (value['name'] !== undefined && (typeof value['name'] !== 'string' || value['name'].length > 200))
    issues.push('/name: must be a string of at most 200 characters');
  const keys = value['keys'];
  const jwksUrl = value['jwksUrl'];
  if (keys === undefined && jwksUrl === undefined) issues.push('/: needs keys or jwksUrl');
  if (keys !== undefined) {
    if (!Array.isArray(keys) || keys.length === 0 || keys.length > 10)
      issues.push('/keys: must be an array of 1-10 public JWKs');
    else {
      keys.forEach((key: unknown, i) => {
        if (!isObject(key)) return issues.push(`/keys/${i}: must be an object`);
        for (const prop of Object.keys(key))
          if (!ALLOWED_KEY_PROPS.has(prop)) issues.push(`/keys/${i}/${prop}: not allowed in a public key`);
        const ec =
          key['kty'] === 'EC' &&
          key['crv'] === 'P-256' &&
          typeof key['x'] === 'string' &&
          typeof key['y'] === 'string';
        const okp = key['kty'] === 'OKP' && key['crv'] === 'Ed25519' && typeof key['x'] === 'string';
        if (!ec && !okp)
          issues.push(`/keys/${i}: must be an EC P-256 (ES256) or OKP Ed25519 (EdDSA) public key`);
        if (key['kid'] !== undefined && typeof key['kid'] !== 'string')
          issues.push(`/keys/${i}/kid: must be a string`);
        const kids = keys.filter(
          (k: unknown) => isObject(k) && k['kid'] !== undefined && k['kid'] === key['kid'],
        );
        if (key['kid'] !== undefined && kids.length > 1 && kids[0] !== key)
          issues.push(`/keys/${i}/kid: duplicate kid`);
        return undefined;
      });
    }
  }
  if (jwksUrl !== undefined) {
    let ok = false;
    try {
      const url = new URL(String(jwksUrl));
      ok = typeof jwksUrl === 'string' && (url.protocol === 'https:' || url.protocol === 'http:');
    } catch {
      ok = false;
    }
    if (!ok) issues.push('/jwksUrl: must be an http(s) URL');
  }
  return issues;
}

/** Builds the key resolver jose calls with the token header (selects by `kid`). */
export function toAgency(definition: AgencyDefinition, source: string): Agency {
  const local =
    definition.keys && definition.keys.length > 0
      ? createLocalJWKSet({ keys: [...definition.keys] } as JSONWebKeySet)
      : undefined;
  const remote = definition.jwksUrl
    ? createRemoteJWKSet(new URL(definition.jwksUrl), { timeoutDuration: 3000, cooldownDuration: 30_000 })
    : undefined;
  const keys: JWTVerifyGetKey = async (header, token) => {
    if (local) {
      try {
        return await local(header, token);
      } catch (err) {
        if (!remote) throw err;
      }
    }
    if (!remote) throw new Error('no keys');
    return remote(header, token);
  };
  return { definition, source, keys };
}

/** Parses an agency file (`.json` strictly, anything else as YAML) into a definition, or the reasons it is refused. */
export function parseAgencyFile(
  path: string,
  text: string,
): { ok: true; definition: AgencyDefinition } | { ok: false; issues: string[] } {
  let value: unknown;
  if (path.toLowerCase().endsWith('.json')) {
    try {
      value = JSON.parse(text);
    } catch (err) {
      return { ok: false, issues: [`${path}:1: ${(err as Error).message}`] };
    }
  } else {
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
    if (doc.errors.length > 0)
      return {
        ok: false,
        issues: doc.errors.map((e) => `${path}:${e.linePos?.[0]?.line ?? 1}: ${e.message.split('\n')[0]}`),
      };
    value = doc.toJS();
  }
  const issues = agencyDefinitionIssues(value);
  if (issues.length > 0) return { ok: false, issues: issues.map((i) => `${path}: ${i}`) };
  return { ok: true, definition: value as AgencyDefinition };
}
