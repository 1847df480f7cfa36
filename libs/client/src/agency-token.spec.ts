import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { AgencyTokenSigner, DEFAULT_AUDIENCE } from './agency-token.js';
import { GatewayClient } from './gateway-client.js';

const CONTEXT = {
  officer: 'officer-7',
  purpose: 'health-insurance-eligibility',
  caseReference: 'HI-2026-0042',
};
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

describe('AgencyTokenSigner', () => {
  it('signs the claims the gateway requires, exp = iat + 60 s', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const signer = new AgencyTokenSigner({
      agencyId: 'moh',
      privateKey,
      algorithm: 'ES256',
      keyId: 'moh-1',
      now: () => NOW,
    });
    const token = await signer.sign(CONTEXT);
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'ES256', typ: 'JWT', kid: 'moh-1' });
    const claims = decodeJwt(token);
    assert.equal(claims.iss, 'moh');
    assert.equal(claims.sub, 'officer-7');
    assert.equal(claims.aud, DEFAULT_AUDIENCE);
    assert.equal(claims.iat, NOW / 1000);
    assert.equal(claims.exp, NOW / 1000 + 60);
    assert.equal(claims['purpose'], 'health-insurance-eligibility');
    // The gateway reads the case reference from the `case` claim.
    assert.equal(claims['case'], 'HI-2026-0042');
    assert.match(String(claims.jti), /^[0-9a-f-]{36}$/);
    assert.deepEqual(Object.keys(claims).sort(), [
      'aud',
      'case',
      'exp',
      'iat',
      'iss',
      'jti',
      'purpose',
      'sub',
    ]);
    const { payload } = await jwtVerify(token, publicKey, {
      currentDate: new Date(NOW),
      audience: DEFAULT_AUDIENCE,
    });
    assert.equal(payload.iss, 'moh');
  });

  it('gives every token its own jti, so none is refused as a replay', async () => {
    const { privateKey } = await generateKeyPair('EdDSA');
    const signer = new AgencyTokenSigner({ agencyId: 'tst', privateKey, algorithm: 'EdDSA', now: () => NOW });
    const jtis = new Set<unknown>();
    for (let i = 0; i < 50; i++) jtis.add(decodeJwt(await signer.sign(CONTEXT)).jti);
    assert.equal(jtis.size, 50);
    assert.equal(decodeProtectedHeader(await signer.sign(CONTEXT)).alg, 'EdDSA');
  });

  it('takes a private JWK, its kid, and a configured audience and lifetime', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'moh-2026-1' };
    const signer = new AgencyTokenSigner({
      agencyId: 'moh',
      privateKey: jwk,
      algorithm: 'ES256',
      audience: 'ndg-gateway-staging',
      tokenLifetimeSeconds: 300,
      now: () => NOW,
    });
    const token = await signer.sign(CONTEXT);
    assert.equal(decodeProtectedHeader(token).kid, 'moh-2026-1');
    const { payload } = await jwtVerify(token, publicKey, {
      currentDate: new Date(NOW),
      audience: 'ndg-gateway-staging',
    });
    assert.equal(Number(payload.exp) - Number(payload.iat), 300);
  });

  it('refuses what the gateway would refuse anyway', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    assert.throws(
      () => new AgencyTokenSigner({ agencyId: 'moh', privateKey: { kty: 'EC' }, algorithm: 'ES256' }),
      /public JWK/,
    );
    const publicJwk = await exportJWK(publicKey);
    assert.throws(
      () => new AgencyTokenSigner({ agencyId: 'moh', privateKey: publicJwk, algorithm: 'ES256' }),
      /public JWK/,
    );
    assert.throws(
      () =>
        new AgencyTokenSigner({ agencyId: 'moh', privateKey, algorithm: 'ES256', tokenLifetimeSeconds: 301 }),
      /tokenLifetimeSeconds/,
    );
    assert.throws(
      () => new AgencyTokenSigner({ agencyId: 'Ministry', privateKey, algorithm: 'ES256' }),
      /agencyId/,
    );
    assert.throws(
      () => new AgencyTokenSigner({ agencyId: 'moh', privateKey, algorithm: 'HS256' as 'ES256' }),
      /ES256 or EdDSA/,
    );
  });
});

describe('GatewayClient tokens (no I/O)', () => {
  it('signs its context, and a per-call override of it', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const client = new GatewayClient({
      baseUrl: 'http://127.0.0.1:9',
      agencyId: 'moh',
      privateKey,
      algorithm: 'ES256',
      ...CONTEXT,
    });
    try {
      const claims = decodeJwt(await client.token());
      assert.equal(claims.sub, 'officer-7');
      assert.equal(claims['case'], 'HI-2026-0042');
      assert.equal(Number(claims.exp) - Number(claims.iat), 60);
      const other = decodeJwt(await client.token({ caseReference: 'HI-2026-0043' }));
      assert.equal(other['case'], 'HI-2026-0043');
      assert.equal(other['purpose'], 'health-insurance-eligibility');
    } finally {
      await client.close();
    }
  });

  it('needs officer, purpose and case, which the gateway audits', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    assert.throws(
      () =>
        new GatewayClient({
          baseUrl: 'http://127.0.0.1:9',
          agencyId: 'moh',
          privateKey,
          algorithm: 'ES256',
          ...CONTEXT,
          caseReference: '',
        }),
      /caseReference is required/,
    );
  });
});
