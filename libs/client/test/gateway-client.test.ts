import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exportJWK, generateKeyPair } from 'jose';
import { generateCitizens } from '@ndg/synthetic';
import { spawnService, testInfrastructure, type ServiceProcess, type TestInfrastructure } from '@ndg/testing';
import { GatewayClient, GatewayError } from '../src/index.js';

const ADMIN_TOKEN = `admin-${randomBytes(12).toString('hex')}`;
const AGENCY = 'tst-sdk';
const PURPOSE = 'testing';
const GRANTED = ['personalId', 'fullName', 'dateOfBirth'];
const POLICY = `agency: ${AGENCY}
grants:
  - dataset: population.citizen
    operations: [lookup, verify]
    purposes: [${PURPOSE}]
    fields: [${GRANTED.join(', ')}]
    validFrom: 2020-01-01
    legalBasis: SDK test grant
`;

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof GatewayError, `expected a GatewayError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the gateway to refuse');
}

describe('GatewayClient against the real gateway and population registry', { timeout: 180_000 }, () => {
  let infra: TestInfrastructure;
  let registry: ServiceProcess;
  let gateway: ServiceProcess;
  let policiesDir: string;
  let agenciesDir: string;
  let client: GatewayClient;
  let stranger: GatewayClient;
  const citizens = [...generateCitizens(Date.now() % 1_000_000, 20)]
    .filter((c) => c.status === 'alive')
    .slice(0, 3);
  const absentId = '079999999991';

  before(async () => {
    assert.ok(citizens.length === 3, 'the generator gives living citizens');
    infra = await testInfrastructure();
    const populationDb = await infra.freshDatabase('sdk_population');
    const gatewayDb = await infra.freshDatabase('sdk_gateway');
    registry = await spawnService('population-registry', {
      env: {
        NDG_POPULATION_DATABASE_URL: populationDb.url,
        KAFKA_BROKERS: infra.brokers.join(','),
        OUTBOX_RELAY: 'false',
      },
    });
    for (const c of citizens) {
      const { version: _v, ...fields } = c;
      const res = await fetch(`${registry.url}/citizens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fields),
      });
      assert.equal(res.status, 201, await res.text());
    }
    policiesDir = await mkdtemp(join(tmpdir(), 'sdk-policies-'));
    agenciesDir = await mkdtemp(join(tmpdir(), 'sdk-agencies-'));
    await writeFile(join(policiesDir, `${AGENCY}.yaml`), POLICY);
    gateway = await spawnService('gateway', {
      env: {
        ADMIN_TOKEN,
        POLICIES_DIR: policiesDir,
        AGENCIES_DIR: agenciesDir,
        NDG_GATEWAY_DATABASE_URL: gatewayDb.url,
        POPULATION_REGISTRY_URL: registry.url,
        BUSINESS_REGISTRY_URL: 'http://127.0.0.1:9',
        INSURANCE_REGISTRY_URL: 'http://127.0.0.1:9',
      },
    });

    // Registered the way an operator does it: the public key through the admin API.
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const publicJwk = { ...(await exportJWK(publicKey)), kid: `${AGENCY}-1`, alg: 'ES256' };
    const res = await fetch(`${gateway.url}/admin/agencies/${AGENCY}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: AGENCY, name: 'SDK test agency', keys: [publicJwk] }),
    });
    assert.equal(res.status, 200, await res.text());
    // A private JWK, as an agency would keep it on disk.
    const privateJwk = { ...(await exportJWK(privateKey)), kid: `${AGENCY}-1` };
    const context = { officer: 'officer-1', purpose: PURPOSE, caseReference: 'SDK-CASE-1' };
    client = new GatewayClient({
      baseUrl: gateway.url,
      agencyId: AGENCY,
      privateKey: privateJwk,
      algorithm: 'ES256',
      ...context,
    });
    const other = await generateKeyPair('EdDSA');
    stranger = new GatewayClient({
      baseUrl: gateway.url,
      agencyId: 'nobody',
      privateKey: other.privateKey,
      algorithm: 'EdDSA',
      ...context,
    });
  });

  after(async () => {
    await client?.close();
    await stranger?.close();
    await gateway?.stop();
    await registry?.stop();
    await infra?.cleanup();
    for (const dir of [policiesDir, agenciesDir]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('an allowed lookup answers exactly the granted fields', async () => {
    const citizen = citizens[0]!;
    const answer = await client.lookup('population.citizen', citizen.personalId);
    assert.equal(answer.dataset, 'population.citizen');
    assert.equal(answer.subject, citizen.personalId);
    assert.deepEqual(Object.keys(answer.data).sort(), [...GRANTED].sort());
    assert.equal(answer.data.fullName, citizen.fullName);
    assert.equal(answer.data.dateOfBirth, citizen.dateOfBirth);
    assert.deepEqual([...answer.disclosedFields].sort(), [...GRANTED].sort());
  });

  it('narrows to the fields asked for', async () => {
    const answer = await client.lookup('population.citizen', citizens[1]!.personalId, {
      fields: ['fullName'],
    });
    assert.deepEqual(Object.keys(answer.data), ['fullName']);
  });

  it('a batch answers in request order, missing ones not found', async () => {
    const ids = [citizens[2]!.personalId, absentId, citizens[0]!.personalId];
    const batch = await client.lookupBatch('population.citizen', ids);
    assert.deepEqual(
      batch.results.map((r) => [r.subject, r.found]),
      [
        [ids[0], true],
        [absentId, false],
        [ids[2], true],
      ],
    );
    assert.deepEqual(Object.keys(batch.results[0]!.data ?? {}).sort(), [...GRANTED].sort());
  });

  it('verify answers match and no-match, and discloses nothing else', async () => {
    const citizen = citizens[0]!;
    const yes = await client.verify('population.citizen', {
      subject: citizen.personalId,
      fullName: citizen.fullName,
      dateOfBirth: citizen.dateOfBirth,
    });
    assert.deepEqual(yes, { dataset: 'population.citizen', subject: citizen.personalId, match: true });
    const no = await client.verify('population.citizen', {
      subject: citizen.personalId,
      fullName: `${citizen.fullName} Khác`,
      dateOfBirth: citizen.dateOfBirth,
    });
    assert.equal(no.match, false);
    const absent = await client.verify('population.citizen', {
      subject: absentId,
      fullName: 'Nguyễn Văn An',
    });
    assert.equal(absent.match, false);
  });

  it('refusals throw GatewayError with the problem code', async () => {
    const fields = await rejection(
      client.lookup('population.citizen', citizens[0]!.personalId, { fields: ['permanentAddress'] }),
    );
    assert.equal(fields.status, 403);
    assert.equal(fields.code, 'POLICY.FIELDS_NOT_GRANTED');
    assert.match(fields.type, /^https:\/\/errors\.ndg\.gov\.vn\//);

    const purpose = await rejection(
      client.lookup('population.citizen', citizens[0]!.personalId, { purpose: 'tax-audit' }),
    );
    assert.equal(purpose.code, 'POLICY.PURPOSE_NOT_GRANTED');

    const dataset = await rejection(client.lookup('insurance.participant', '0123456789'));
    assert.equal(dataset.code, 'POLICY.NO_GRANT_FOR_DATASET');

    const missing = await rejection(client.lookup('population.citizen', absentId));
    assert.equal(missing.status, 404);
    assert.equal(missing.code, 'LOOKUP.NOT_FOUND');

    const unknown = await rejection(stranger.lookup('population.citizen', citizens[0]!.personalId));
    assert.equal(unknown.status, 401);
    assert.equal(unknown.code, 'AUTH.UNKNOWN_ISSUER');
  });
});
