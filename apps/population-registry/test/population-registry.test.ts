import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { Citizen } from '@ndg/contracts';
import { startRegistry, type RunningRegistry } from '@ndg/registry-kit';
import { generateCitizens } from '@ndg/synthetic';
import {
  collectCloudEvents,
  testInfrastructure,
  type CloudEventCollector,
  type TestInfrastructure,
  metricsDelta,
  assertProblem,
} from '@ndg/testing';
import { PopulationRegistryModule } from '../src/app.module.js';
import { loadPopulationConfig } from '../src/population.config.js';

const TOPIC = 'registry.population.citizen';
const JSON_HEADERS = { 'content-type': 'application/json' };

describe('population registry against the real broker and database', { timeout: 120_000 }, () => {
  let infra: TestInfrastructure;
  let registry: RunningRegistry;
  let databaseUrl: string;
  let events: CloudEventCollector;
  // A seed per run: the registry topic is shared, so each run keeps only its own subjects.
  const citizens = [...generateCitizens(Date.now() % 1_000_000, 40)].filter((c) => c.status === 'alive');
  const mine = new Set(citizens.map((c) => c.personalId));
  // Generated ids repeat across seeds, and the topic outlives runs: keep only this run's events.
  const startedAt = Date.now() - 1000;
  const body = (c: Citizen) => {
    const { version: _v, ...fields } = c;
    return JSON.stringify(fields);
  };

  before(async () => {
    infra = await testInfrastructure();
    const db = await infra.freshDatabase('population');
    databaseUrl = db.url;
    const config = {
      ...loadPopulationConfig({ ...process.env }),
      port: 0,
      databaseUrl,
      logLevel: 'error' as const,
    };
    registry = await startRegistry(config, PopulationRegistryModule.forRoot(config));
    events = await collectCloudEvents(
      infra.kafka,
      TOPIC,
      (e) => mine.has(e.subject) && Date.parse(e.time) >= startedAt,
    );
  });
  after(async () => {
    await events?.stop();
    await registry?.app.close();
    await infra.cleanup();
  });

  async function counts(id: string): Promise<{ outbox: number; version: number | null }> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const r = await client.query(
        `select (select count(*)::int from outbox where aggregate_id = $1) as outbox,
                (select version from citizen where id = $1) as version`,
        [id],
      );
      return r.rows[0];
    } finally {
      await client.end();
    }
  }

  it('registers a birth and publishes population.citizen.born with the full record', async () => {
    const c = citizens[0]!;
    const res = await fetch(`${registry.url}/citizens`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: body(c),
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('etag'), '"1"');
    assert.equal(res.headers.get('location'), `/citizens/${c.personalId}`);
    const created = (await res.json()) as Citizen;
    assert.equal(created.version, 1);

    const [event] = await events.until((es) => es.some((e) => e.subject === c.personalId), 'the born event');
    assert.ok(event);
    assert.equal(event.type, 'population.citizen.born');
    assert.equal(event.source, '/registries/population');
    assert.equal(event.sequence, 1);
    assert.equal(event.dataschema, 'https://schemas.ndg.gov.vn/population/citizen-born.v1.schema.json');
    assert.ok(!Number.isNaN(Date.parse(event.time)));
    const data = event.data as Citizen & { changedFields: string[] };
    assert.equal(data.fullName, c.fullName);
    assert.deepEqual(data.permanentAddress, c.permanentAddress);
    assert.ok(data.changedFields.includes('fullName'));
  });

  it('records a death with If-Match, refuses a stale ETag, and keeps one subject in sequence order', async () => {
    const c = citizens[1]!;
    await fetch(`${registry.url}/citizens`, { method: 'POST', headers: JSON_HEADERS, body: body(c) });
    const moved = await fetch(`${registry.url}/citizens/${c.personalId}/name`, {
      method: 'PUT',
      headers: { ...JSON_HEADERS, 'if-match': '"1"' },
      body: JSON.stringify({ fullName: 'Phạm Thị Thu Hà' }),
    });
    assert.equal(moved.status, 200);
    assert.equal(moved.headers.get('etag'), '"2"');

    const stale = await fetch(`${registry.url}/citizens/${c.personalId}/death`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, 'if-match': '"1"' },
      body: JSON.stringify({ dateOfDeath: '2026-01-02' }),
    });
    assert.equal(stale.status, 412);
    assert.match(stale.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const problem = (await stale.json()) as { type: string; errors: { path: string }[] };
    assert.equal(problem.type, 'https://errors.ndg.gov.vn/registry-stale-version');
    assert.equal(problem.errors[0]?.path, '/headers/if-match');

    const died = await fetch(`${registry.url}/citizens/${c.personalId}/death`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, 'if-match': '"2"' },
      body: JSON.stringify({ dateOfDeath: '2026-01-02' }),
    });
    assert.equal(died.status, 200);
    assert.equal(((await died.json()) as Citizen).status, 'deceased');

    const again = await fetch(`${registry.url}/citizens/${c.personalId}/death`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, 'if-match': '"3"' },
      body: JSON.stringify({ dateOfDeath: '2026-01-03' }),
    });
    assert.equal(again.status, 409);

    const mineEvents = await events.until(
      (es) => es.filter((e) => e.subject === c.personalId).length >= 3,
      'three events of one subject',
    );
    const seq = mineEvents.filter((e) => e.subject === c.personalId);
    assert.deepEqual(
      seq.map((e) => [e.sequence, e.type]),
      [
        [1, 'population.citizen.born'],
        [2, 'population.citizen.name-corrected'],
        [3, 'population.citizen.deceased'],
      ],
    );
    assert.deepEqual((seq[2]!.data as { changedFields: string[] }).changedFields, ['dateOfDeath', 'status']);
  });

  it('answers bad input with problem+json naming the field, and changes nothing', async () => {
    const c = citizens[2]!;
    await fetch(`${registry.url}/citizens`, { method: 'POST', headers: JSON_HEADERS, body: body(c) });
    const before = await counts(c.personalId);
    const fields = JSON.parse(body(c)) as Record<string, unknown>;
    const cases: { name: string; path: string; init: RequestInit; status: number; field?: string }[] = [
      {
        name: 'short id',
        path: '/citizens',
        init: {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ ...fields, personalId: '123' }),
        },
        status: 422,
        field: '/personalId',
      },
      {
        name: 'unknown field',
        path: '/citizens',
        init: {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ ...fields, personalId: '079999000001', nickname: 'x' }),
        },
        status: 422,
        field: '/nickname',
      },
      {
        name: 'bad date',
        path: '/citizens',
        init: {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ ...fields, personalId: '079999000002', dateOfBirth: '2020-13-45' }),
        },
        status: 422,
        field: '/dateOfBirth',
      },
      {
        name: 'non-NFC name',
        path: '/citizens',
        init: {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({
            ...fields,
            personalId: '079999000003',
            fullName: 'Nguyễn Văn A'.normalize('NFD'),
          }),
        },
        status: 422,
        field: '/fullName',
      },
      {
        name: 'duplicate registration',
        path: '/citizens',
        init: { method: 'POST', headers: JSON_HEADERS, body: body(c) },
        status: 409,
        field: '/id',
      },
      {
        name: 'broken JSON',
        path: '/citizens',
        init: { method: 'POST', headers: JSON_HEADERS, body: '{"personalId": ' },
        status: 400,
      },
      {
        name: 'wrong content type',
        path: '/citizens',
        init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: body(c) },
        status: 415,
      },
      {
        name: 'oversized body',
        path: '/citizens',
        init: {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ ...fields, pad: 'x'.repeat(200_000) }),
        },
        status: 413,
      },
      { name: 'unknown id', path: '/citizens/079999999999', init: {}, status: 404, field: '/id' },
      { name: 'malformed id', path: '/citizens/abc', init: {}, status: 400, field: '/id' },
      {
        name: 'missing If-Match',
        path: `/citizens/${c.personalId}/name`,
        init: { method: 'PUT', headers: JSON_HEADERS, body: JSON.stringify({ fullName: 'Đỗ Văn Nam' }) },
        status: 428,
        field: '/headers/if-match',
      },
      {
        name: 'garbage If-Match',
        path: `/citizens/${c.personalId}/name`,
        init: {
          method: 'PUT',
          headers: { ...JSON_HEADERS, 'if-match': 'yes please' },
          body: JSON.stringify({ fullName: 'Đỗ Văn Nam' }),
        },
        status: 400,
        field: '/headers/if-match',
      },
      {
        name: 'death before birth',
        path: `/citizens/${c.personalId}/death`,
        init: {
          method: 'POST',
          headers: { ...JSON_HEADERS, 'if-match': '"1"' },
          body: JSON.stringify({ dateOfDeath: '1800-01-01' }),
        },
        status: 422,
        field: '/dateOfDeath',
      },
      {
        name: 'command with unknown field',
        path: `/citizens/${c.personalId}/name`,
        init: {
          method: 'PUT',
          headers: { ...JSON_HEADERS, 'if-match': '"1"' },
          body: JSON.stringify({ fullName: 'Đỗ Văn Nam', by: 'me' }),
        },
        status: 422,
        field: '/by',
      },
      {
        name: 'array body',
        path: `/citizens/${c.personalId}/name`,
        init: { method: 'PUT', headers: { ...JSON_HEADERS, 'if-match': '"1"' }, body: '[]' },
        status: 422,
      },
      { name: 'unknown route', path: '/nothing-here', init: {}, status: 404 },
      { name: 'undecodable URL', path: '/citizens/%E0%A4%A', init: {}, status: 400 },
    ];
    for (const t of cases) await assertProblem(await fetch(`${registry.url}${t.path}`, t.init), t);
    assert.deepEqual(await counts(c.personalId), before, 'nothing changed');
    for (const id of ['079999000001', '079999000002', '079999000003'])
      assert.equal((await counts(id)).version, null);
  });

  it('serves the internal lookup API for the gateway, by id and in batches', async () => {
    const [a, b] = [citizens[3]!, citizens[4]!];
    for (const c of [a, b])
      await fetch(`${registry.url}/citizens`, { method: 'POST', headers: JSON_HEADERS, body: body(c) });
    const one = await fetch(`${registry.url}/internal/records/${a.personalId}`);
    assert.equal(one.status, 200);
    assert.equal(((await one.json()) as Citizen).personalId, a.personalId);
    const batch = await fetch(`${registry.url}/internal/records/batch`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ ids: [b.personalId, '079999999998', a.personalId] }),
    });
    assert.equal(batch.status, 200);
    const result = (await batch.json()) as { records: Citizen[]; missing: string[] };
    assert.deepEqual(
      result.records.map((r) => r.personalId),
      [b.personalId, a.personalId],
    );
    assert.deepEqual(result.missing, ['079999999998']);
  });

  it('publishes OpenAPI built from the contracts, health and Prometheus metrics', async () => {
    const doc = (await (await fetch(`${registry.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/citizens/{id}/death']);
    const health = await fetch(`${registry.url}/health`);
    assert.equal(health.status, 200);
    // /metrics is valid Prometheus exposition and moves with traffic, including contract rejections.
    const moved = await metricsDelta(
      registry.url,
      ['http_server_request_duration_seconds_count', 'ndg_contract_rejections_total'],
      async () => {
        const refused = await fetch(`${registry.url}/citizens`, {
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

  it('keeps serving reads and committing writes while Kafka is unreachable', async () => {
    const db = await infra.freshDatabase('population_nokafka');
    const config = {
      ...loadPopulationConfig({ ...process.env }),
      port: 0,
      databaseUrl: db.url,
      kafkaBrokers: ['127.0.0.1:1'],
      logLevel: 'error' as const,
    };
    const offline = await startRegistry(config, PopulationRegistryModule.forRoot(config));
    try {
      const c = citizens[5]!;
      const created = await fetch(`${offline.url}/citizens`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: body(c),
      });
      assert.equal(created.status, 201);
      const read = await fetch(`${offline.url}/citizens/${c.personalId}`);
      assert.equal(read.status, 200);
      const health = await fetch(`${offline.url}/health`);
      assert.equal(health.status, 503, 'health reports the missing broker');
      const checks = ((await health.json()) as { checks: { error: Record<string, { status: string }> } })
        .checks;
      assert.equal(checks.error['kafka']?.status, 'down');
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const r = await client.query('select count(*)::int as n from outbox where sent_at is null');
      await client.end();
      assert.equal(r.rows[0].n, 1, 'the event waits in the outbox for the broker');
    } finally {
      await offline.app.close();
    }
  });
});
