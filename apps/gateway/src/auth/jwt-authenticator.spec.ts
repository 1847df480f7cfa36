import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { b64, signToken, testAgency, type TestAgency } from '../../test/agency-keys.js';
import { toAgency } from '../agencies/agency-definition.js';
import { AuthError } from '../gateway-errors.js';
import { JwtAuthenticator } from './jwt-authenticator.js';
import { InMemoryReplayCache } from './replay-cache.js';

async function setup(): Promise<{ es: TestAgency; ed: TestAgency; auth: JwtAuthenticator }> {
  const es = await testAgency('moh', 'ES256');
  const ed = await testAgency('gdt', 'EdDSA');
  const rotated = await testAgency('moh', 'ES256', 'moh-2');
  const agencies = new Map([
    ['moh', toAgency({ id: 'moh', keys: [es.publicJwk, rotated.publicJwk] }, 'test')],
    ['gdt', toAgency({ id: 'gdt', keys: [ed.publicJwk] }, 'test')],
  ]);
  const auth = new JwtAuthenticator({
    audience: 'ndg-gateway',
    agencyOf: (id) => agencies.get(id),
    replay: new InMemoryReplayCache(),
  });
  return { es, ed, auth };
}

async function refusal(auth: JwtAuthenticator, header: string | undefined): Promise<string> {
  try {
    await auth.authenticate(header);
  } catch (err) {
    assert.ok(err instanceof AuthError, String(err));
    assert.equal(err.status, 401);
    assert.match(err.headers['www-authenticate'] ?? '', /^Bearer /);
    return err.code;
  }
  return 'accepted';
}

describe('JwtAuthenticator', () => {
  it('accepts ES256 and EdDSA tokens and returns agency, officer, purpose and case', async () => {
    const { es, ed, auth } = await setup();
    const p = await auth.authenticate(
      `Bearer ${await signToken(es, { purpose: 'health-insurance-eligibility', caseRef: 'HS-1' })}`,
    );
    assert.deepEqual(
      { ...p, jti: undefined },
      {
        agency: 'moh',
        officer: 'officer-1',
        purpose: 'health-insurance-eligibility',
        caseRef: 'HS-1',
        jti: undefined,
      },
    );
    assert.equal((await auth.authenticate(`Bearer ${await signToken(ed)}`)).agency, 'gdt');
  });

  it('selects the key by kid, so a rotated key works beside the old one', async () => {
    const { auth } = await setup();
    const rotated = await testAgency('moh', 'ES256', 'moh-2');
    // Not the registered moh-2 key: same kid, other key → bad signature.
    assert.equal(await refusal(auth, `Bearer ${await signToken(rotated)}`), 'AUTH.BAD_SIGNATURE');
  });

  it('refuses every kind of bad token with its own code', async () => {
    const { es, auth } = await setup();
    const now = Math.floor(Date.now() / 1000);
    const good = await signToken(es);
    const [h, p] = good.split('.');
    const hs256 = (() => {
      const header = b64({ alg: 'HS256', typ: 'JWT' });
      const payload = p!;
      const sig = createHmac('sha256', JSON.stringify(es.publicJwk))
        .update(`${header}.${payload}`)
        .digest('base64url');
      return `${header}.${payload}.${sig}`;
    })();
    const cases: [string, string | undefined, string][] = [
      ['no header', undefined, 'AUTH.MISSING_TOKEN'],
      ['not bearer', `Basic ${good}`, 'AUTH.MALFORMED_TOKEN'],
      ['garbage', 'Bearer abc.def', 'AUTH.MALFORMED_TOKEN'],
      ['not json', 'Bearer aaaa.bbbb.cccc', 'AUTH.MALFORMED_TOKEN'],
      ['alg none', `Bearer ${b64({ alg: 'none' })}.${p}.`, 'AUTH.ALGORITHM_NOT_ALLOWED'],
      ['HS256 with the public key', `Bearer ${hs256}`, 'AUTH.ALGORITHM_NOT_ALLOWED'],
      ['unsigned', `Bearer ${h}.${p}.`, 'AUTH.BAD_SIGNATURE'],
      [
        'tampered payload',
        `Bearer ${h}.${b64({ ...decodeJwt(good), sub: 'someone-else' })}.${good.split('.')[2]}`,
        'AUTH.BAD_SIGNATURE',
      ],
      ['unknown issuer', `Bearer ${await signToken(es, { iss: 'nobody' })}`, 'AUTH.UNKNOWN_ISSUER'],
      ['expired', `Bearer ${await signToken(es, { iat: now - 400, exp: now - 100 })}`, 'AUTH.EXPIRED'],
      ['not yet valid (nbf)', `Bearer ${await signToken(es, { nbf: now + 120 })}`, 'AUTH.NOT_YET_VALID'],
      [
        'issued in the future',
        `Bearer ${await signToken(es, { iat: now + 120, exp: now + 240 })}`,
        'AUTH.NOT_YET_VALID',
      ],
      [
        'wrong audience',
        `Bearer ${await signToken(es, { audience: 'someone-else' })}`,
        'AUTH.WRONG_AUDIENCE',
      ],
      ['lifetime > 5 min', `Bearer ${await signToken(es, { exp: now + 301 })}`, 'AUTH.LIFETIME_TOO_LONG'],
      ['no purpose', `Bearer ${await signToken(es, { purpose: null })}`, 'AUTH.MISSING_CLAIM'],
      ['no case', `Bearer ${await signToken(es, { caseRef: null })}`, 'AUTH.MISSING_CLAIM'],
    ];
    for (const [name, header, code] of cases) assert.equal(await refusal(auth, header), code, name);
  });

  it('tolerates 30 s of clock skew and refuses a replayed jti', async () => {
    const { es, auth } = await setup();
    const now = Math.floor(Date.now() / 1000);
    const skewed = await signToken(es, { iat: now - 140, exp: now - 20 });
    assert.equal(await refusal(auth, `Bearer ${skewed}`), 'accepted');
    assert.equal(await refusal(auth, `Bearer ${skewed}`), 'AUTH.REPLAYED');
  });
});
