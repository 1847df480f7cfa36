import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { getContracts, type Citizen, type Enterprise } from '@ndg/contracts';
import { toKafkaRecord, type CloudEvent } from '@ndg/events';
import { startRegistry, type RunningRegistry } from '@ndg/registry-kit';
import { generateCitizens, generateEnterprises, Population } from '@ndg/synthetic';
import {
  collectCloudEvents,
  testInfrastructure,
  uniqueSuffix,
  waitFor,
  type CloudEventCollector,
  type TestInfrastructure,
  metricsDelta,
  assertProblem,
  ensureTopic,
} from '@ndg/testing';
import { BusinessRegistryModule } from '../src/app.module.js';
import { loadBusinessConfig } from '../src/business.config.js';

const TOPIC = 'registry.business.enterprise';
const CITIZEN_TOPIC = 'registry.population.citizen';
const JSON_HEADERS = { 'content-type': 'application/json' };
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('business registry against the real broker and database', { timeout: 180_000 }, () => {
  let infra: TestInfrastructure;
  let registry: RunningRegistry;
  let databaseUrl: string;
  let events: CloudEventCollector;
  let consumerGroupPrefix: string;
  const startedAt = Date.now();
  // A seed per run for realistic data, and enterprise codes of this run only: the topic is shared,
  // and the generator's codes repeat across seeds.
  const seed = Date.now() % 1_000_000;
  const runTag = String(randomInt(0, 10_000_000)).padStart(7, '0');
  const citizens = [...generateCitizens(seed, 120)];
  const population = Population.from(citizens);
  const enterprises: Enterprise[] = [...generateEnterprises(seed, 40, population)]
    .filter((e) => e.legalForm !== 'branch')
    .map((e, i) => ({
      ...e,
      enterpriseCode: `${runTag}${String(i).padStart(3, '0')}`,
      status: 'active',
      legalRepresentativeDeceased: false,
      version: 1,
    }));
  const mine = new Set(enterprises.flatMap((e) => [e.enterpriseCode, `${e.enterpriseCode}-001`]));
  const body = (e: Enterprise) => {
    const { version: _v, ...fields } = e;
    return JSON.stringify(fields);
  };
  const register = async (e: Enterprise) => {
    const res = await fetch(`${registry.url}/enterprises`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: body(e),
    });
    assert.equal(res.status, 201, `register ${e.enterpriseCode}: ${await res.clone().text()}`);
    return (await res.json()) as Enterprise;
  };
  const send = (path: string, method: string, ifMatch: string | undefined, payload: unknown) =>
    fetch(`${registry.url}${path}`, {
      method,
      headers: ifMatch === undefined ? JSON_HEADERS : { ...JSON_HEADERS, 'if-match': ifMatch },
      body: JSON.stringify(payload),
    });
  const of = (subject: string) => events.events.filter((e) => e.subject === subject);

  before(async () => {
    infra = await testInfrastructure();
    const db = await infra.freshDatabase('business');
    databaseUrl = db.url;
    // The reaction subscribes to the population topic; make sure it exists (never deleted: it is shared).
    const admin = infra.kafka.admin();
    await admin.connect();
    await ensureTopic(admin, CITIZEN_TOPIC);
    await admin.disconnect();
    consumerGroupPrefix = `t${uniqueSuffix()}.`;
    const config = {
      ...loadBusinessConfig({ ...process.env }),
      port: 0,
      databaseUrl,
      logLevel: 'error' as const,
      consumerGroupPrefix,
    };
    registry = await startRegistry(config, BusinessRegistryModule.forRoot(config));
    events = await collectCloudEvents(
      infra.kafka,
      TOPIC,
      (e) => mine.has(e.subject) && Date.parse(e.time) >= startedAt - 5_000,
    );
  });
  after(async () => {
    await events?.stop();
    await registry?.app.close();
    await infra.cleanup();
  });

  async function query<T>(sql: string, params: unknown[]): Promise<T[]> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async function counts(id: string): Promise<{ outbox: number; version: number | null }> {
    const [row] = await query<{ outbox: number; version: number | null }>(
      `select (select count(*)::int from outbox where aggregate_id = $1) as outbox,
              (select version from enterprise where id = $1) as version`,
      [id],
    );
    return row!;
  }

  it('registers an enterprise and publishes business.enterprise.registered with the full record', async () => {
    const e = enterprises[0]!;
    const res = await fetch(`${registry.url}/enterprises`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: body(e),
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('etag'), '"1"');
    assert.equal(res.headers.get('location'), `/enterprises/${e.enterpriseCode}`);
    const created = (await res.json()) as Enterprise;
    assert.deepEqual(created, e);

    await events.until((es) => es.some((x) => x.subject === e.enterpriseCode), 'the registered event');
    const [event] = of(e.enterpriseCode);
    assert.ok(event);
    assert.equal(event.specversion, '1.0');
    assert.match(event.id, UUID_V7);
    assert.equal(event.type, 'business.enterprise.registered');
    assert.equal(event.source, '/registries/business');
    assert.equal(event.subject, e.enterpriseCode);
    assert.equal(event.sequence, 1);
    assert.equal(
      event.dataschema,
      'https://schemas.ndg.gov.vn/business/enterprise-registered.v1.schema.json',
    );
    assert.equal(event.datacontenttype, 'application/json');
    assert.ok(!Number.isNaN(Date.parse(event.time)));
    const { changedFields, ...record } = event.data as Enterprise & { changedFields: string[] };
    assert.deepEqual(record, e);
    assert.deepEqual(
      changedFields,
      Object.keys(e)
        .filter((k) => k !== 'version')
        .sort(),
    );
    assert.ok(getContracts().validatorForEvent(event.type).validate(event.data).ok);
  });

  it('amends with If-Match, publishes changedFields, and refuses a stale ETag', async () => {
    const e = enterprises[1]!;
    await register(e);
    const amended = await send(`/enterprises/${e.enterpriseCode}`, 'PUT', '"1"', {
      name: 'Công ty TNHH Đổi Tên Mới',
      charterCapital: e.charterCapital + 1_000_000,
    });
    assert.equal(amended.status, 200);
    assert.equal(amended.headers.get('etag'), '"2"');
    const record = (await amended.json()) as Enterprise;
    assert.equal(record.version, 2);
    assert.equal(record.name, 'Công ty TNHH Đổi Tên Mới');

    const before = await counts(e.enterpriseCode);
    const stale = await send(`/enterprises/${e.enterpriseCode}`, 'PUT', '"1"', {
      name: 'Công ty TNHH Ghi Đè',
    });
    assert.equal(stale.status, 412);
    assert.match(stale.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const problem = (await stale.json()) as { type: string; errors: { path: string }[] };
    assert.equal(problem.type, 'https://errors.ndg.gov.vn/registry-stale-version');
    assert.equal(problem.errors[0]?.path, '/headers/if-match');
    assert.deepEqual(await counts(e.enterpriseCode), before, 'a stale write changes nothing');

    await events.until(() => of(e.enterpriseCode).length >= 2, 'the amended event');
    const event = of(e.enterpriseCode)[1]!;
    assert.equal(event.type, 'business.enterprise.amended');
    assert.equal(event.sequence, 2);
    assert.equal(event.dataschema, 'https://schemas.ndg.gov.vn/business/enterprise-amended.v1.schema.json');
    assert.deepEqual((event.data as { changedFields: string[] }).changedFields, ['charterCapital', 'name']);
  });

  it('changes status along allowed transitions, refuses the others, and keeps dissolved records closed', async () => {
    const e = enterprises[2]!;
    const id = e.enterpriseCode;
    await register(e);
    const step = async (status: string, ifMatch: number, expected: number) => {
      const res = await send(`/enterprises/${id}/status`, 'POST', `"${ifMatch}"`, { status });
      assert.equal(res.status, expected, `${status} at version ${ifMatch}`);
      return res;
    };
    await step('suspended', 1, 200);
    await step('active', 2, 200);
    await step('dissolving', 3, 200);
    const refused = await step('suspended', 4, 409);
    assert.equal(
      ((await refused.json()) as { type: string }).type,
      'https://errors.ndg.gov.vn/registry-invalid-state',
    );
    const dissolved = await step('dissolved', 4, 200);
    assert.equal(dissolved.headers.get('etag'), '"5"');
    assert.equal(((await dissolved.json()) as Enterprise).status, 'dissolved');

    const before = await counts(id);
    await step('active', 5, 409);
    const amend = await send(`/enterprises/${id}`, 'PUT', '"5"', { name: 'Công ty TNHH Hồi Sinh' });
    assert.equal(amend.status, 409);
    const problem = (await amend.json()) as { type: string; errors: { path: string }[] };
    assert.equal(problem.type, 'https://errors.ndg.gov.vn/registry-invalid-state');
    assert.equal(problem.errors[0]?.path, '/status');
    assert.deepEqual(await counts(id), before, 'refused changes change nothing');

    await events.until(() => of(id).length >= 5, 'five events of one subject');
    assert.deepEqual(
      of(id).map((x) => [x.sequence, x.type, (x.data as Enterprise).status]),
      [
        [1, 'business.enterprise.registered', 'active'],
        [2, 'business.enterprise.status-changed', 'suspended'],
        [3, 'business.enterprise.status-changed', 'active'],
        [4, 'business.enterprise.status-changed', 'dissolving'],
        [5, 'business.enterprise.status-changed', 'dissolved'],
      ],
    );
    assert.deepEqual((of(id)[4]!.data as { changedFields: string[] }).changedFields, ['status']);
  });

  it('answers bad input with problem+json naming the field, and changes nothing', async () => {
    const e = enterprises[3]!;
    const id = e.enterpriseCode;
    await register(e);
    const before = await counts(id);
    const fields = JSON.parse(body(e)) as Record<string, unknown>;
    const fresh = (n: number) => `${runTag}9${String(n).padStart(2, '0')}`;
    const cases: { name: string; path: string; init: RequestInit; status: number; field?: string }[] = [
      {
        name: 'bad enterprise code',
        path: '/enterprises',
        init: {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ ...fields, enterpriseCode: '12345' }),
        },
        status: 422,
        field: '/enterpriseCode',
      },
      {
        name: 'unknown field',
        path: '/enterprises',
        init: {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ ...fields, enterpriseCode: fresh(1), ceo: 'x' }),
        },
        status: 422,
        field: '/ceo',
      },
      {
        name: 'schema-invalid representative',
        path: '/enterprises',
        init: {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ ...fields, enterpriseCode: fresh(2), legalRepresentativeIds: ['123'] }),
        },
        status: 422,
        field: '/legalRepresentativeIds/0',
      },
      {
        name: 'negative capital',
        path: '/enterprises',
        init: {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ ...fields, enterpriseCode: fresh(3), charterCapital: -1 }),
        },
        status: 422,
        field: '/charterCapital',
      },
      {
        name: 'registered not active',
        path: '/enterprises',
        init: {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ ...fields, enterpriseCode: fresh(4), status: 'bankrupt' }),
        },
        status: 422,
        field: '/status',
      },
      {
        name: 'client-set version',
        path: '/enterprises',
        init: {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ ...fields, enterpriseCode: fresh(5), version: 3 }),
        },
        status: 422,
        field: '/version',
      },
      {
        name: 'duplicate registration',
        path: '/enterprises',
        init: { method: 'POST', headers: JSON_HEADERS, body: body(e) },
        status: 409,
        field: '/id',
      },
      {
        name: 'broken JSON',
        path: '/enterprises',
        init: { method: 'POST', headers: JSON_HEADERS, body: '{"enterpriseCode": ' },
        status: 400,
      },
      {
        name: 'wrong content type',
        path: '/enterprises',
        init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: body(e) },
        status: 415,
      },
      {
        name: 'oversized body',
        path: '/enterprises',
        init: {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ ...fields, pad: 'x'.repeat(200_000) }),
        },
        status: 413,
      },
      { name: 'unknown id', path: `/enterprises/${fresh(6)}`, init: {}, status: 404, field: '/id' },
      { name: 'malformed id', path: '/enterprises/abc', init: {}, status: 400, field: '/id' },
      {
        name: 'missing If-Match',
        path: `/enterprises/${id}`,
        init: { method: 'PUT', headers: JSON_HEADERS, body: JSON.stringify({ name: 'Công ty Mới' }) },
        status: 428,
        field: '/headers/if-match',
      },
      {
        name: 'garbage If-Match',
        path: `/enterprises/${id}/status`,
        init: {
          method: 'POST',
          headers: { ...JSON_HEADERS, 'if-match': 'latest' },
          body: JSON.stringify({ status: 'suspended' }),
        },
        status: 400,
        field: '/headers/if-match',
      },
      {
        name: 'empty amendment',
        path: `/enterprises/${id}`,
        init: { method: 'PUT', headers: { ...JSON_HEADERS, 'if-match': '"1"' }, body: '{}' },
        status: 422,
      },
      {
        name: 'amendment with unknown field',
        path: `/enterprises/${id}`,
        init: {
          method: 'PUT',
          headers: { ...JSON_HEADERS, 'if-match': '"1"' },
          body: JSON.stringify({ name: 'Công ty Mới', legalForm: 'partnership' }),
        },
        status: 422,
        field: '/legalForm',
      },
      {
        name: 'unknown status',
        path: `/enterprises/${id}/status`,
        init: {
          method: 'POST',
          headers: { ...JSON_HEADERS, 'if-match': '"1"' },
          body: JSON.stringify({ status: 'sleeping' }),
        },
        status: 422,
        field: '/status',
      },
      {
        name: 'status of an unknown id',
        path: `/enterprises/${fresh(7)}/status`,
        init: {
          method: 'POST',
          headers: { ...JSON_HEADERS, 'if-match': '"1"' },
          body: JSON.stringify({ status: 'suspended' }),
        },
        status: 404,
        field: '/id',
      },
      {
        name: 'array body',
        path: `/enterprises/${id}`,
        init: { method: 'PUT', headers: { ...JSON_HEADERS, 'if-match': '"1"' }, body: '[]' },
        status: 422,
      },
    ];
    for (const t of cases) await assertProblem(await fetch(`${registry.url}${t.path}`, t.init), t);
    assert.deepEqual(await counts(id), before, 'nothing changed');
    for (let n = 1; n <= 7; n++) assert.equal((await counts(fresh(n))).version, null);
  });

  it('serves the internal lookup API, OpenAPI, health and metrics', async () => {
    const [a, b] = [enterprises[4]!, enterprises[5]!];
    for (const e of [a, b]) await register(e);
    const one = await fetch(`${registry.url}/internal/records/${a.enterpriseCode}`);
    assert.equal(one.status, 200);
    assert.equal(one.headers.get('etag'), '"1"');
    assert.deepEqual(await one.json(), a);
    const missing = `${runTag}999`;
    const batch = await fetch(`${registry.url}/internal/records/batch`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ ids: [b.enterpriseCode, missing, a.enterpriseCode] }),
    });
    assert.equal(batch.status, 200);
    const result = (await batch.json()) as { records: Enterprise[]; missing: string[] };
    assert.deepEqual(
      result.records.map((r) => r.enterpriseCode),
      [b.enterpriseCode, a.enterpriseCode],
    );
    assert.deepEqual(result.missing, [missing]);

    const doc = (await (await fetch(`${registry.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/enterprises/{id}/status']);
    assert.ok(doc.paths['/enterprises/{id}']);
    assert.equal((await fetch(`${registry.url}/health`)).status, 200);
    // /metrics is valid Prometheus exposition and moves with traffic, including contract rejections.
    const moved = await metricsDelta(
      registry.url,
      ['http_server_request_duration_seconds_count', 'ndg_contract_rejections_total'],
      async () => {
        const refused = await fetch(`${registry.url}/enterprises`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"nope":1}',
        });
        assert.equal(refused.status, 422);
      },
    );
    assert.ok(moved['http_server_request_duration_seconds_count']! > 0);
    assert.equal(moved['ndg_contract_rejections_total'], 1);
  });

  it('flags the enterprises of a deceased representative exactly once, even when the event is redelivered', async () => {
    const a = enterprises[6]!;
    const representative = a.legalRepresentativeIds[0];
    const citizen = citizens.find((c) => c.personalId === representative);
    assert.ok(citizen && citizen.status === 'alive');
    const branch: Enterprise = {
      ...a,
      enterpriseCode: `${a.enterpriseCode}-001`,
      name: `Chi nhánh ${a.name}`,
      legalForm: 'branch',
      charterCapital: 0,
    };
    const other = enterprises.slice(7).find((e) => !e.legalRepresentativeIds.includes(representative));
    assert.ok(other);
    if (a.legalForm === 'sole-proprietorship') a.legalForm = 'single-member-llc'; // a sole proprietorship has no branches
    for (const e of [a, branch, other]) await register(e);

    const data = {
      ...citizen,
      status: 'deceased',
      dateOfDeath: '2026-01-02',
      version: 2,
      changedFields: ['dateOfDeath', 'status'],
    } as Citizen & { changedFields: string[] };
    const valid = getContracts().validatorForEvent('population.citizen.deceased').validate(data);
    assert.ok(valid.ok, JSON.stringify(valid));
    const deceased: CloudEvent = {
      specversion: '1.0',
      id: uuidv7(),
      source: '/registries/population',
      type: 'population.citizen.deceased',
      subject: representative,
      time: new Date().toISOString(),
      dataschema: 'https://schemas.ndg.gov.vn/population/citizen-deceased.v1.schema.json',
      sequence: 2,
      datacontenttype: 'application/json',
      data,
    };
    const producer = infra.kafka.producer();
    await producer.connect();
    const sent = [];
    try {
      // At-least-once delivery: the same event (same id) arrives twice.
      for (let i = 0; i < 2; i++)
        sent.push(...(await producer.send({ topic: CITIZEN_TOPIC, messages: [toKafkaRecord(deceased)] })));
    } finally {
      await producer.disconnect();
    }
    const last = sent[1]!;

    await events.until(
      () =>
        [a, branch].every((e) =>
          of(e.enterpriseCode).some((x) => x.type === 'business.enterprise.representative-deceased'),
        ),
      'representative-deceased events',
      60_000,
    );
    // Wait until the reaction has committed past the redelivered copy, so its effect (if any) is visible.
    const groupId = `${consumerGroupPrefix}business-registry.citizen-deceased`;
    const admin = infra.kafka.admin();
    await admin.connect();
    try {
      await waitFor(
        async () => {
          const [topic] = await admin.fetchOffsets({ groupId, topics: [CITIZEN_TOPIC] });
          const committed = topic?.partitions.find((p) => p.partition === last.partition)?.offset;
          return committed !== undefined && BigInt(committed) > BigInt(last.baseOffset ?? '0')
            ? true
            : undefined;
        },
        { timeoutMs: 30_000, what: 'the reaction to commit past the redelivery' },
      );
    } finally {
      await admin.disconnect();
    }

    for (const e of [a, branch]) {
      const res = await fetch(`${registry.url}/enterprises/${e.enterpriseCode}`);
      const now = (await res.json()) as Enterprise;
      assert.equal(now.version, 2, `${e.enterpriseCode}: version bumped by exactly one`);
      assert.equal(now.legalRepresentativeDeceased, true);
      assert.equal(res.headers.get('etag'), '"2"');
      assert.deepEqual(await counts(e.enterpriseCode), { outbox: 2, version: 2 });
      const flagged = of(e.enterpriseCode).filter(
        (x) => x.type === 'business.enterprise.representative-deceased',
      );
      assert.equal(flagged.length, 1, `${e.enterpriseCode}: one representative-deceased event`);
      assert.equal(flagged[0]!.sequence, 2);
      assert.equal(
        flagged[0]!.dataschema,
        'https://schemas.ndg.gov.vn/business/enterprise-representative-deceased.v1.schema.json',
      );
      assert.deepEqual((flagged[0]!.data as { changedFields: string[] }).changedFields, [
        'legalRepresentativeDeceased',
      ]);
    }
    assert.deepEqual(
      await counts(other.enterpriseCode),
      { outbox: 1, version: 1 },
      'an enterprise the person did not represent is untouched',
    );
    const claims = await query<{ n: number }>(
      'select count(*)::int as n from processed_events where event_id = $1',
      [deceased.id],
    );
    assert.equal(claims[0]?.n, 1);
  });
});
