import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { Agent, request } from 'undici';
import { verifyAuditLog } from '@ndg/audit';
import { findWorkspaceRoot } from '@ndg/database';
import { generateCitizens } from '@ndg/synthetic';
import { testInfrastructure, waitFor, type TestInfrastructure, scrapeMetrics } from '@ndg/testing';
import { loadGatewayConfig } from '../src/config/gateway.config.js';
import { startGateway, type RunningGateway } from '../src/start-gateway.js';
import { b64, signToken, testAgency, type TestAgency, type TokenOptions } from './agency-keys.js';
import {
  NOT_JSON_ID,
  spawnPopulationRegistry,
  startLyingRegistry,
  TOO_LARGE_ID,
} from './gateway-fixtures.js';

const ADMIN_TOKEN = `admin-${randomBytes(12).toString('hex')}`;
const SECRET = `LEAK-${randomBytes(6).toString('hex')}`;
const MOH_PURPOSE = 'health-insurance-eligibility';
const TST_POLICY = `agency: tst
grants:
  - dataset: population.citizen
    operations: [lookup]
    purposes: [testing]
    fields: [personalId, fullName]
    validFrom: 2020-01-01
    legalBasis: Test grant
  - dataset: insurance.participant
    operations: [lookup]
    purposes: [testing]
    fields: [socialInsuranceNumber, personalId, status]
    validFrom: 2020-01-01
    legalBasis: Test grant
`;
const LIMITED_POLICY = `agency: tst-limited
grants:
  - dataset: population.citizen
    operations: [lookup]
    purposes: [testing]
    fields: [personalId]
    rateLimit: { perMinute: 2 }
    validFrom: 2020-01-01
    legalBasis: Test grant
`;
const HOT_POLICY = `agency: tst-hot
grants:
  - dataset: population.citizen
    operations: [lookup]
    purposes: [testing]
    fields: [fullName]
    validFrom: 2020-01-01
    legalBasis: Hot-loaded grant
`;

interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

interface Expectation {
  readonly traceId: string;
  readonly outcome: string;
  readonly reason: string | null;
  readonly what: string;
}

describe('gateway against real PostgreSQL and the real population registry', { timeout: 240_000 }, () => {
  let infra: TestInfrastructure;
  let registry: { url: string; stop: () => Promise<void> };
  let liar: { url: string; stop: () => Promise<void> };
  let gateway: RunningGateway;
  let gatewayDb: pg.Pool;
  let policiesDir: string;
  let agenciesDir: string;
  let moh: TestAgency;
  let tst: TestAgency;
  let limited: TestAgency;
  let hot: TestAgency;
  const expectations: Expectation[] = [];
  const citizens = [...generateCitizens(Date.now() % 1_000_000, 300)].filter((c) => c.status === 'alive');
  const inScope = citizens.filter((c) => ['01', '79'].includes(c.permanentAddress.provinceCode)).slice(0, 5);
  const outOfScope = citizens
    .filter((c) => !['01', '79'].includes(c.permanentAddress.provinceCode))
    .slice(0, 2);
  const absentId = '079999999991';

  before(async () => {
    assert.ok(
      inScope.length >= 5 && outOfScope.length >= 2,
      'the generator gives citizens in and out of scope',
    );
    infra = await testInfrastructure();
    const populationDb = await infra.freshDatabase('gw_population');
    const gatewayDbInfo = await infra.freshDatabase('gateway');
    registry = await spawnPopulationRegistry(populationDb.url, infra.brokers);
    for (const c of [...inScope, ...outOfScope]) {
      const { version: _v, ...fields } = c;
      const res = await fetch(`${registry.url}/citizens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fields),
      });
      assert.equal(res.status, 201, await res.text());
    }
    liar = await startLyingRegistry(SECRET);

    const root = findWorkspaceRoot() ?? process.cwd();
    policiesDir = await mkdtemp(join(tmpdir(), 'gw-policies-'));
    agenciesDir = await mkdtemp(join(tmpdir(), 'gw-agencies-'));
    for (const name of await readdir(join(root, 'libs/policy/examples')))
      await copyFile(join(root, 'libs/policy/examples', name), join(policiesDir, name));
    await writeFile(join(policiesDir, 'tst.yaml'), TST_POLICY);
    await writeFile(join(policiesDir, 'tst-limited.yaml'), LIMITED_POLICY);
    moh = await testAgency('moh', 'ES256');
    tst = await testAgency('tst', 'EdDSA');
    limited = await testAgency('tst-limited', 'ES256');
    hot = await testAgency('tst-hot', 'EdDSA');
    await writeFile(
      join(agenciesDir, 'moh.json'),
      JSON.stringify({ id: 'moh', name: 'Ministry of Health', keys: [moh.publicJwk] }),
    );
    await writeFile(
      join(agenciesDir, 'tst.yaml'),
      `id: tst\nname: Test agency\nkeys:\n  - ${JSON.stringify(tst.publicJwk)}\n`,
    );
    await writeFile(
      join(agenciesDir, 'tst-limited.json'),
      JSON.stringify({ id: 'tst-limited', keys: [limited.publicJwk] }),
    );
    await writeFile(
      join(agenciesDir, 'tst-hot.json'),
      JSON.stringify({ id: 'tst-hot', keys: [hot.publicJwk] }),
    );

    const config = loadGatewayConfig({
      ...process.env,
      PORT: '0',
      LOG_LEVEL: 'error',
      ADMIN_TOKEN,
      POLICIES_DIR: policiesDir,
      AGENCIES_DIR: agenciesDir,
      POLICY_RELOAD_INTERVAL_MS: '200',
      NDG_GATEWAY_DATABASE_URL: gatewayDbInfo.url,
      POPULATION_REGISTRY_URL: registry.url,
      INSURANCE_REGISTRY_URL: liar.url,
      BUSINESS_REGISTRY_URL: 'http://127.0.0.1:9',
    });
    gateway = await startGateway(config);
    gatewayDb = new pg.Pool({ connectionString: gatewayDbInfo.url, max: 2 });
  });

  after(async () => {
    await gateway?.app.close();
    await gatewayDb?.end();
    await registry?.stop();
    await liar?.stop();
    await infra?.cleanup();
    for (const dir of [policiesDir, agenciesDir]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Sends one request with a fresh trace id and notes what the audit log must say about it. */
  async function call(
    path: string,
    init: {
      method?: string;
      token?: string | null;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
    } = {},
    audit?: { outcome: string; reason: string | null; what: string },
  ): Promise<Response> {
    const traceId = randomBytes(16).toString('hex');
    const headers: Record<string, string> = {
      traceparent: `00-${traceId}-${'1'.repeat(16)}-01`,
      ...init.headers,
    };
    if (init.token) headers['authorization'] = `Bearer ${init.token}`;
    if (init.body !== undefined || init.rawBody !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${gateway.url}${path}`, {
      method: init.method ?? (init.body !== undefined || init.rawBody !== undefined ? 'POST' : 'GET'),
      headers,
      ...(init.rawBody !== undefined
        ? { body: init.rawBody }
        : init.body !== undefined
          ? { body: JSON.stringify(init.body) }
          : {}),
    });
    if (audit) expectations.push({ traceId, ...audit });
    return res;
  }

  async function problem(res: Response, status: number, code?: string): Promise<Problem> {
    const text = await res.text();
    assert.equal(res.status, status, text);
    assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.doesNotMatch(text, /at .*\.js:\d+|node_modules|"stack"/, 'no stack trace');
    const body = JSON.parse(text) as Problem;
    assert.match(body.type, /^https:\/\/errors\.ndg\.gov\.vn\//);
    if (code) assert.equal(body.code, code);
    return body;
  }

  const mohToken = (o: TokenOptions = {}) => signToken(moh, { purpose: MOH_PURPOSE, ...o });
  const citizenPath = (id: string, query = '') => `/v1/datasets/population.citizen/records/${id}${query}`;

  it('answers an allowed lookup with exactly the granted fields', async () => {
    const c = inScope[0]!;
    const res = await call(
      citizenPath(c.personalId),
      { token: await mohToken() },
      { outcome: 'allowed', reason: null, what: 'moh lookup' },
    );
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      data: Record<string, unknown>;
      disclosedFields: string[];
      version: number;
      dataschema: string;
    };
    assert.deepEqual(Object.keys(body.data).sort(), ['dateOfBirth', 'fullName', 'personalId', 'status']);
    assert.deepEqual(body.data, {
      personalId: c.personalId,
      fullName: c.fullName,
      dateOfBirth: c.dateOfBirth,
      status: 'alive',
    });
    assert.deepEqual(body.disclosedFields, [
      'personalId',
      'fullName',
      'dateOfBirth',
      'status',
      'dateOfDeath',
    ]);
    assert.equal(body.version, 1);

    const narrow = await call(
      citizenPath(c.personalId, '?fields=fullName'),
      { token: await mohToken() },
      { outcome: 'allowed', reason: null, what: 'moh narrowed lookup' },
    );
    assert.equal(narrow.status, 200);
    const n = (await narrow.json()) as { data: Record<string, unknown>; disclosedFields: string[] };
    assert.deepEqual(n.data, { fullName: c.fullName });
    assert.deepEqual(n.disclosedFields, ['fullName']);
  });

  it('refuses each kind of bad token with 401, a stable type and WWW-Authenticate', async () => {
    const c = inScope[0]!;
    const now = Math.floor(Date.now() / 1000);
    const good = await mohToken();
    const [h, p, s] = good.split('.') as [string, string, string];
    const { createHmac } = await import('node:crypto');
    const hsHeader = b64({ alg: 'HS256', typ: 'JWT' });
    const hs256 = `${hsHeader}.${p}.${createHmac('sha256', JSON.stringify(moh.publicJwk)).update(`${hsHeader}.${p}`).digest('base64url')}`;
    const cases: { what: string; token: string | null; code: string; audited: boolean; header?: string }[] = [
      { what: 'missing', token: null, code: 'AUTH.MISSING_TOKEN', audited: false },
      { what: 'malformed', token: 'not-a-jwt', code: 'AUTH.MALFORMED_TOKEN', audited: false },
      {
        what: 'expired',
        token: await mohToken({ iat: now - 400, exp: now - 100 }),
        code: 'AUTH.EXPIRED',
        audited: true,
      },
      {
        what: 'not yet valid',
        token: await mohToken({ nbf: now + 200 }),
        code: 'AUTH.NOT_YET_VALID',
        audited: true,
      },
      {
        what: 'wrong audience',
        token: await mohToken({ audience: 'another-gateway' }),
        code: 'AUTH.WRONG_AUDIENCE',
        audited: true,
      },
      {
        what: 'unknown issuer',
        token: await signToken(moh, { iss: 'nobody', purpose: MOH_PURPOSE }),
        code: 'AUTH.UNKNOWN_ISSUER',
        audited: false,
      },
      {
        what: 'alg none',
        token: `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`,
        code: 'AUTH.ALGORITHM_NOT_ALLOWED',
        audited: false,
      },
      {
        what: 'HS256 signed with the public key',
        token: hs256,
        code: 'AUTH.ALGORITHM_NOT_ALLOWED',
        audited: false,
      },
      { what: 'unsigned', token: `${h}.${p}.`, code: 'AUTH.BAD_SIGNATURE', audited: true },
      {
        what: 'signed by another key',
        token: `${h}.${b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'x' })}.${s}`,
        code: 'AUTH.BAD_SIGNATURE',
        audited: true,
      },
      {
        what: 'lifetime > 5 min',
        token: await mohToken({ exp: now + 600 }),
        code: 'AUTH.LIFETIME_TOO_LONG',
        audited: true,
      },
      {
        what: 'no purpose claim',
        token: await mohToken({ purpose: null }),
        code: 'AUTH.MISSING_CLAIM',
        audited: true,
      },
    ];
    for (const t of cases) {
      const res = await call(
        citizenPath(c.personalId),
        { token: t.token },
        t.audited ? { outcome: 'denied', reason: t.code, what: `401 ${t.what}` } : undefined,
      );
      await problem(res, 401, t.code);
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer /, t.what);
    }
    // Replay: the first use passes, the second is refused.
    const once = await mohToken();
    assert.equal(
      (
        await call(
          citizenPath(c.personalId),
          { token: once },
          { outcome: 'allowed', reason: null, what: 'first use' },
        )
      ).status,
      200,
    );
    await problem(
      await call(
        citizenPath(c.personalId),
        { token: once },
        { outcome: 'denied', reason: 'AUTH.REPLAYED', what: 'replay' },
      ),
      401,
      'AUTH.REPLAYED',
    );
  });

  it('answers 403 with the denial reason for a purpose, field or operation outside the grant', async () => {
    const c = inScope[1]!;
    const purpose = await problem(
      await call(
        citizenPath(c.personalId),
        { token: await mohToken({ purpose: 'tax-audit' }) },
        { outcome: 'denied', reason: 'POLICY.PURPOSE_NOT_GRANTED', what: '403 purpose' },
      ),
      403,
      'POLICY.PURPOSE_NOT_GRANTED',
    );
    assert.equal(purpose.type, 'https://errors.ndg.gov.vn/policy-purpose-not-granted');
    await problem(
      await call(
        citizenPath(c.personalId, '?fields=fullName,permanentAddress'),
        { token: await mohToken() },
        { outcome: 'denied', reason: 'POLICY.FIELDS_NOT_GRANTED', what: '403 fields' },
      ),
      403,
      'POLICY.FIELDS_NOT_GRANTED',
    );
    const verify = {
      dataset: 'population.citizen',
      subject: c.personalId,
      purpose: 'testing',
      caseReference: 'CASE-1',
      claims: { fullName: c.fullName },
    };
    await problem(
      await call(
        '/v1/datasets/population.citizen/verify',
        { token: await signToken(tst), body: verify },
        { outcome: 'denied', reason: 'POLICY.OPERATION_NOT_GRANTED', what: '403 operation' },
      ),
      403,
      'POLICY.OPERATION_NOT_GRANTED',
    );
    await problem(
      await call(
        '/v1/datasets/business.enterprise/records/0101234567',
        { token: await signToken(tst) },
        { outcome: 'denied', reason: 'POLICY.NO_GRANT_FOR_DATASET', what: '403 dataset' },
      ),
      403,
      'POLICY.NO_GRANT_FOR_DATASET',
    );
  });

  it('hides a record outside the row scope behind the very same 404 as a missing one', async () => {
    const hidden = outOfScope[0]!.personalId;
    const a = await call(
      citizenPath(hidden),
      { token: await mohToken() },
      { outcome: 'out-of-scope', reason: 'LOOKUP.OUT_OF_SCOPE', what: 'out of scope' },
    );
    const b = await call(
      citizenPath(absentId),
      { token: await mohToken() },
      { outcome: 'not-found', reason: 'LOOKUP.NOT_FOUND', what: 'not found' },
    );
    assert.equal(a.status, 404);
    assert.equal(b.status, 404);
    const [ta, tb] = [await a.text(), await b.text()];
    assert.equal(ta.replaceAll(hidden, 'ID'), tb.replaceAll(absentId, 'ID'));
    assert.equal(a.headers.get('content-type'), b.headers.get('content-type'));
    assert.equal(a.headers.get('content-length'), b.headers.get('content-length'));
    // The agency without a row scope sees the record.
    assert.equal(
      (
        await call(
          citizenPath(hidden),
          { token: await signToken(tst) },
          { outcome: 'allowed', reason: null, what: 'tst unscoped' },
        )
      ).status,
      200,
    );
  });

  it('looks up a batch in request order, missing and out-of-scope alike as found: false', async () => {
    const subjects = [inScope[2]!.personalId, outOfScope[1]!.personalId, absentId, inScope[3]!.personalId];
    const res = await call('/v1/datasets/population.citizen/records/batch', {
      token: await mohToken({ caseRef: 'BATCH-1' }),
      body: {
        dataset: 'population.citizen',
        subjects,
        purpose: MOH_PURPOSE,
        caseReference: 'BATCH-1',
        fields: ['fullName'],
      },
    });
    for (const [outcome, reason] of [
      ['allowed', null],
      ['out-of-scope', 'LOOKUP.OUT_OF_SCOPE'],
      ['not-found', 'LOOKUP.NOT_FOUND'],
      ['allowed', null],
    ] as const) {
      expectations.push({ traceId: '', outcome, reason, what: 'batch' });
    }
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      results: { subject: string; found: boolean; data?: Record<string, unknown> }[];
    };
    assert.deepEqual(
      body.results.map((r) => [r.subject, r.found]),
      subjects.map((s, i) => [s, i === 0 || i === 3]),
    );
    assert.deepEqual(body.results[0]?.data, { fullName: inScope[2]!.fullName });
    assert.equal(body.results[1]?.data, undefined);
  });

  it('verifies a name and birth date with a bare yes or no', async () => {
    const c = inScope[4]!;
    const ask = async (claims: Record<string, string>) => {
      const res = await call(
        '/v1/datasets/population.citizen/verify',
        {
          token: await mohToken(),
          body: {
            dataset: 'population.citizen',
            subject: c.personalId,
            purpose: MOH_PURPOSE,
            caseReference: 'CASE-1',
            claims,
          },
        },
        { outcome: 'allowed', reason: null, what: 'verify' },
      );
      assert.equal(res.status, 200);
      return (await res.json()) as Record<string, unknown>;
    };
    assert.deepEqual(await ask({ fullName: c.fullName, dateOfBirth: c.dateOfBirth }), {
      dataset: 'population.citizen',
      subject: c.personalId,
      match: true,
    });
    assert.deepEqual(await ask({ fullName: c.fullName, dateOfBirth: '1900-01-01' }), {
      dataset: 'population.citizen',
      subject: c.personalId,
      match: false,
    });
  });

  it('limits each grant across requests: 429 with Retry-After', async () => {
    const id = inScope[0]!.personalId;
    for (let i = 0; i < 2; i += 1)
      assert.equal(
        (
          await call(
            citizenPath(id),
            { token: await signToken(limited) },
            { outcome: 'allowed', reason: null, what: 'limited ok' },
          )
        ).status,
        200,
      );
    const res = await call(
      citizenPath(id),
      { token: await signToken(limited) },
      { outcome: 'denied', reason: 'LOOKUP.RATE_LIMITED', what: '429' },
    );
    await problem(res, 429, 'LOOKUP.RATE_LIMITED');
    assert.ok(Number(res.headers.get('retry-after')) >= 1, `Retry-After ${res.headers.get('retry-after')}`);
  });

  it('answers 502 for a registry breaking its contract, passing none of its data on', async () => {
    const res = await call(
      '/v1/datasets/insurance.participant/records/0123456789',
      { token: await signToken(tst) },
      { outcome: 'error', reason: 'REGISTRY.CONTRACT_VIOLATION', what: '502' },
    );
    const text = JSON.stringify(await problem(res, 502, 'REGISTRY.CONTRACT_VIOLATION'));
    assert.ok(!text.includes(SECRET) && !text.includes('079090000001'), text);
    const scraped = await scrapeMetrics(gateway.url);
    assert.deepEqual(scraped.errors, [], 'valid Prometheus exposition');
    const metrics = scraped.text;
    assert.match(
      metrics,
      /ndg_contract_rejections_total\{contract="[^"]*participant[^"]*",reason="schema"\} 1/,
    );
    assert.match(metrics, /ndg_policy_decisions_total\{outcome="allowed"\} \d+/);
    assert.match(metrics, /ndg_policy_decisions_total\{outcome="denied"\} \d+/);
    assert.match(metrics, /ndg_audit_write_seconds_count \d+/);
  });

  it('answers 502 for a registry answer too large to read or not JSON, passing none of it on', async () => {
    for (const [id, what] of [
      [TOO_LARGE_ID, 'too large'],
      [NOT_JSON_ID, 'not JSON'],
    ] as const) {
      const res = await call(
        `/v1/datasets/insurance.participant/records/${id}`,
        { token: await signToken(tst) },
        { outcome: 'error', reason: 'REGISTRY.CONTRACT_VIOLATION', what: `502 ${what}` },
      );
      const text = JSON.stringify(await problem(res, 502, 'REGISTRY.CONTRACT_VIOLATION'));
      assert.ok(!text.includes(SECRET), `${what}: ${text}`);
    }
    // Refused for what they are, before any schema check: the size limit held, the parse failed.
    const { text: metrics } = await scrapeMetrics(gateway.url);
    assert.match(
      metrics,
      /ndg_contract_rejections_total\{contract="[^"]*participant[^"]*",reason="too-large"\} 1/,
    );
    assert.match(
      metrics,
      /ndg_contract_rejections_total\{contract="[^"]*participant[^"]*",reason="not-json"\} 1/,
    );
  });

  it('answers bad input with 4xx problem+json, never a 5xx or a stack trace', async () => {
    const token = await mohToken();
    const id = inScope[0]!.personalId;
    const batch = (body: unknown) => ({
      token,
      rawBody: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const cases: {
      what: string;
      path: string;
      init: Parameters<typeof call>[1];
      status: number;
      code?: string;
    }[] = [
      { what: 'short id', path: citizenPath('123'), init: { token }, status: 400, code: 'LOOKUP.INVALID_ID' },
      {
        what: 'letters in id',
        path: citizenPath('07909000000A'),
        init: { token },
        status: 400,
        code: 'LOOKUP.INVALID_ID',
      },
      {
        what: 'full-width digits',
        path: citizenPath(encodeURIComponent('０７９０９００００００１')),
        init: { token },
        status: 400,
        code: 'LOOKUP.INVALID_ID',
      },
      {
        what: 'NUL in id',
        path: citizenPath('%00%00'),
        init: { token },
        status: 400,
        code: 'LOOKUP.INVALID_ID',
      },
      {
        what: 'emoji id',
        path: citizenPath(encodeURIComponent('💥'.repeat(12))),
        init: { token },
        status: 400,
        code: 'LOOKUP.INVALID_ID',
      },
      { what: 'broken percent-encoding', path: citizenPath('%E0%A4%A'), init: { token }, status: 400 },
      {
        what: 'unknown dataset',
        path: '/v1/datasets/tax.return/records/0101234567',
        init: { token },
        status: 404,
        code: 'LOOKUP.UNKNOWN_DATASET',
      },
      {
        what: 'unknown query parameter',
        path: citizenPath(id, '?debug=1'),
        init: { token },
        status: 400,
        code: 'LOOKUP.UNKNOWN_PARAMETER',
      },
      {
        what: 'repeated fields',
        path: citizenPath(id, '?fields=fullName&fields=status'),
        init: { token },
        status: 400,
        code: 'LOOKUP.UNKNOWN_FIELD',
      },
      {
        what: 'unknown field',
        path: citizenPath(id, '?fields=salary'),
        init: { token },
        status: 400,
        code: 'LOOKUP.UNKNOWN_FIELD',
      },
      {
        what: 'odd Unicode field',
        path: citizenPath(id, `?fields=${encodeURIComponent('ｆｕｌｌＮａｍｅ')}`),
        init: { token },
        status: 400,
        code: 'LOOKUP.UNKNOWN_FIELD',
      },
      {
        what: '__proto__ field',
        path: citizenPath(id, '?fields=__proto__'),
        init: { token },
        status: 400,
        code: 'LOOKUP.UNKNOWN_FIELD',
      },
      {
        what: 'empty fields',
        path: citizenPath(id, '?fields='),
        init: { token },
        status: 400,
        code: 'LOOKUP.UNKNOWN_FIELD',
      },
      {
        what: 'broken JSON',
        path: '/v1/datasets/population.citizen/records/batch',
        init: batch('{"dataset": '),
        status: 400,
      },
      {
        what: 'array body',
        path: '/v1/datasets/population.citizen/records/batch',
        init: batch([]),
        status: 422,
      },
      {
        what: 'unknown body property',
        path: '/v1/datasets/population.citizen/records/batch',
        init: batch({
          dataset: 'population.citizen',
          subjects: [id],
          purpose: MOH_PURPOSE,
          caseReference: 'C',
          extra: 1,
        }),
        status: 422,
      },
      {
        what: 'other dataset in body',
        path: '/v1/datasets/population.citizen/records/batch',
        init: batch({
          dataset: 'business.enterprise',
          subjects: ['0101234567'],
          purpose: MOH_PURPOSE,
          caseReference: 'C',
        }),
        status: 400,
        code: 'LOOKUP.DATASET_MISMATCH',
      },
      {
        what: 'bad subject in batch',
        path: '/v1/datasets/population.citizen/records/batch',
        init: batch({
          dataset: 'population.citizen',
          subjects: ['0101234567'],
          purpose: MOH_PURPOSE,
          caseReference: 'C',
        }),
        status: 400,
        code: 'LOOKUP.INVALID_ID',
      },
      {
        what: 'huge body',
        path: '/v1/datasets/population.citizen/records/batch',
        init: batch({
          dataset: 'population.citizen',
          subjects: [id],
          purpose: MOH_PURPOSE,
          caseReference: 'x'.repeat(200_000),
        }),
        status: 413,
      },
      {
        what: 'text/plain body',
        path: '/v1/datasets/population.citizen/records/batch',
        init: { token, rawBody: 'hello', headers: { 'content-type': 'text/plain' } },
        status: 415,
      },
      {
        what: 'verify unknown claim',
        path: '/v1/datasets/population.citizen/verify',
        init: {
          token,
          body: {
            dataset: 'population.citizen',
            subject: id,
            purpose: MOH_PURPOSE,
            caseReference: 'C',
            claims: { salary: 1 },
          },
        },
        status: 400,
        code: 'LOOKUP.UNKNOWN_FIELD',
      },
      { what: 'unknown route', path: '/v1/nothing', init: { token }, status: 404 },
    ];
    for (const t of cases) {
      const res = await call(t.path, t.init);
      assert.ok(res.status < 500, `${t.what}: ${res.status}`);
      const body = await problem(res, t.status, t.code).catch((err: unknown) => {
        throw new Error(`${t.what}: ${(err as Error).message}`);
      });
      assert.equal(body.status, t.status, t.what);
    }
    // Headers larger than Node accepts: Node itself answers 431 before the app sees them. Node
    // then resets the connection; on a connection of its own, the next tests never reuse it.
    const oneOff = new Agent();
    const huge = await request(`${gateway.url}${citizenPath(id)}`, {
      headers: { 'x-padding': 'x'.repeat(64 * 1024) },
      dispatcher: oneOff,
    }).catch(() => undefined);
    await huge?.body.dump();
    await oneOff.destroy();
    if (huge) assert.equal(huge.statusCode, 431);
  });

  it('applies a new policy file within seconds and refuses an invalid one, keeping the set in force', async () => {
    const id = inScope[0]!.personalId;
    await problem(
      await call(
        citizenPath(id),
        { token: await signToken(hot) },
        { outcome: 'denied', reason: 'POLICY.UNKNOWN_AGENCY', what: 'hot before' },
      ),
      403,
      'POLICY.UNKNOWN_AGENCY',
    );
    await writeFile(join(policiesDir, 'tst-hot.yaml'), HOT_POLICY);
    const started = Date.now();
    await waitFor(
      async () =>
        (await call(citizenPath(id), { token: await signToken(hot) })).status === 200 ? true : undefined,
      { timeoutMs: 10_000, intervalMs: 100, what: 'the new policy' },
    );
    assert.ok(Date.now() - started < 5000, 'applied within seconds');

    await writeFile(
      join(policiesDir, 'zz-broken.yaml'),
      'agency: broken\ngrants:\n  - dataset: population.citizen\n    operations: [lookup]\n    purposes: [testing]\n    fields: [salary]\n    validFrom: 2020-01-01\n    legalBasis: x\n',
    );
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const status = await waitFor(
      async () => {
        const s = (await (
          await fetch(`${gateway.url}/admin/policies/status`, { headers: admin })
        ).json()) as { policies: { ok: boolean; issues: string[] } };
        return s.policies.ok ? undefined : s.policies;
      },
      { timeoutMs: 10_000, intervalMs: 100, what: 'the broken file refused' },
    );
    assert.match(
      status.issues.join('\n'),
      /zz-broken\.yaml:6:\d+ .*"salary" is neither a field nor a classification/,
    );
    assert.equal(
      (
        await call(
          citizenPath(id),
          { token: await signToken(hot) },
          { outcome: 'allowed', reason: null, what: 'old set in force' },
        )
      ).status,
      200,
    );
    await unlink(join(policiesDir, 'zz-broken.yaml'));
    await waitFor(
      async () =>
        (
          (await (await fetch(`${gateway.url}/admin/policies/status`, { headers: admin })).json()) as {
            policies: { ok: boolean };
          }
        ).policies.ok || undefined,
      { timeoutMs: 10_000, what: 'recovery' },
    );
  });

  it('manages policies and agency keys through the admin API, behind the admin token', async () => {
    const id = inScope[0]!.personalId;
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    await problem(await fetch(`${gateway.url}/admin/policies/status`), 401, 'ADMIN.UNAUTHORIZED');
    await problem(
      await fetch(`${gateway.url}/admin/policies/status`, {
        headers: { authorization: 'Bearer wrong-token-wrong-token' },
      }),
      401,
      'ADMIN.UNAUTHORIZED',
    );
    const invalid = await fetch(`${gateway.url}/admin/policies/tst-hot`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ agency: 'tst-hot', grants: [{ dataset: 'population.citizen' }] }),
    });
    const invalidBody = await problem(invalid, 422, 'ADMIN.INVALID_POLICY');
    assert.ok((invalidBody.errors ?? []).length > 0);

    const widened = {
      agency: 'tst-hot',
      grants: [
        {
          dataset: 'population.citizen',
          operations: ['lookup'],
          purposes: ['testing'],
          fields: ['fullName', 'dateOfBirth'],
          validFrom: '2020-01-01',
          legalBasis: 'Admin grant',
        },
      ],
    };
    const put = await fetch(`${gateway.url}/admin/policies/tst-hot`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify(widened),
    });
    assert.equal(put.status, 200, await put.clone().text());
    assert.ok(((await put.json()) as { revision: number }).revision > 0);
    const res = await call(
      citizenPath(id),
      { token: await signToken(hot) },
      { outcome: 'allowed', reason: null, what: 'admin policy' },
    );
    assert.deepEqual(Object.keys(((await res.json()) as { data: object }).data).sort(), [
      'dateOfBirth',
      'fullName',
    ]);

    // Key rotation through the admin API: a new kid is accepted at once.
    const rotated = await testAgency('tst-hot', 'ES256', 'tst-hot-2');
    const putAgency = await fetch(`${gateway.url}/admin/agencies/tst-hot`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ id: 'tst-hot', keys: [hot.publicJwk, rotated.publicJwk] }),
    });
    assert.equal(putAgency.status, 200, await putAgency.clone().text());
    assert.equal(
      (
        await call(
          citizenPath(id),
          { token: await signToken(rotated) },
          { outcome: 'allowed', reason: null, what: 'rotated key' },
        )
      ).status,
      200,
    );
    await problem(
      await fetch(`${gateway.url}/admin/agencies/tst-hot`, {
        method: 'PUT',
        headers: admin,
        body: JSON.stringify({ id: 'tst-hot', keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }),
      }),
      422,
      'ADMIN.INVALID_AGENCY',
    );

    assert.equal(
      (
        await fetch(`${gateway.url}/admin/policies/tst-hot`, {
          method: 'DELETE',
          headers: { authorization: admin.authorization },
        })
      ).status,
      204,
    );
    const narrowed = await call(
      citizenPath(id),
      { token: await signToken(hot) },
      { outcome: 'allowed', reason: null, what: 'file policy again' },
    );
    assert.deepEqual(Object.keys(((await narrowed.json()) as { data: object }).data), ['fullName']);
  });

  it('lets an operator list who accessed a citizen record, with the admin token', async () => {
    const id = inScope[0]!.personalId;
    await problem(await fetch(`${gateway.url}/v1/citizens/${id}/access-history`), 401, 'ADMIN.UNAUTHORIZED');
    const res = await fetch(`${gateway.url}/v1/citizens/${id}/access-history?limit=100`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.equal(res.status, 200);
    const page = (await res.json()) as { items: { agency: string; purpose: string; outcome: string }[] };
    assert.ok(page.items.some((i) => i.agency === 'moh' && i.purpose === MOH_PURPOSE));
    assert.ok(page.items.every((i) => i.outcome === 'allowed'));
    await problem(
      await fetch(`${gateway.url}/v1/citizens/abc/access-history`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      }),
      400,
      'LOOKUP.INVALID_ID',
    );
  });

  it('serves OpenAPI 3.1 and health naming each dependency', async () => {
    const doc = (await (await fetch(`${gateway.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/v1/datasets/{dataset}/records/{id}']);
    const health = await fetch(`${gateway.url}/health`);
    const h = (await health.json()) as { details: Record<string, { status: string }> };
    assert.equal(h.details['database']?.status, 'up');
    assert.equal(h.details['population.citizen']?.status, 'up');
    assert.equal(h.details['business.enterprise']?.status, 'down');
    assert.equal(health.status, 503);
  });

  it('audited every decision, and the verifier notices one edited row', async () => {
    const rows = await gatewayDb.query<{ trace_id: string; outcome: string; reason: string | null }>(
      'select trace_id, outcome, reason from audit_log order by seq',
    );
    for (const e of expectations.filter((x) => x.traceId !== '')) {
      const mine = rows.rows.filter((r) => r.trace_id === e.traceId);
      assert.ok(mine.length >= 1, `audited: ${e.what}`);
      assert.deepEqual([mine[0]?.outcome, mine[0]?.reason], [e.outcome, e.reason], e.what);
    }
    const batch = expectations.filter((x) => x.what === 'batch');
    for (const e of batch)
      assert.ok(
        rows.rows.some((r) => r.outcome === e.outcome && r.reason === e.reason),
        `batch ${e.outcome}`,
      );
    assert.deepEqual(await verifyAuditLog(gatewayDb), { ok: true, count: rows.rowCount });

    const client = await gatewayDb.connect();
    try {
      await client.query('alter table audit_log disable trigger user');
      await client.query(`update audit_log set purpose = 'nothing-to-see' where seq = 3`);
      await client.query('alter table audit_log enable trigger user');
    } finally {
      client.release();
    }
    const verdict = await verifyAuditLog(gatewayDb);
    assert.equal(verdict.ok, false);
    assert.ok(
      !verdict.ok && verdict.firstBadSeq === 3 && verdict.problem === 'edited',
      JSON.stringify(verdict),
    );
  });
});
