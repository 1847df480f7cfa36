import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { getContracts, type Citizen, type CitizenDeceasedData, type Participant } from '@ndg/contracts';
import { toKafkaRecord, type CloudEvent } from '@ndg/events';
import { startRegistry, type RunningRegistry } from '@ndg/registry-kit';
import { generateDataset } from '@ndg/synthetic';
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
import { InsuranceRegistryModule } from '../src/app.module.js';
import { loadInsuranceConfig } from '../src/insurance.config.js';

const TOPIC = 'registry.insurance.participant';
const CITIZEN_TOPIC = 'registry.population.citizen';
const JSON_HEADERS = { 'content-type': 'application/json' };
const S = 'https://schemas.ndg.gov.vn/insurance/';

describe('insurance registry against the real broker and database', { timeout: 120_000 }, () => {
  let infra: TestInfrastructure;
  let registry: RunningRegistry;
  let databaseUrl: string;
  let events: CloudEventCollector;
  // A seed per run: the registry topics are shared, so each run uses ids of its own (the
  // generator's social-insurance numbers and personal ids repeat across seeds) and keeps only its subjects.
  const seed = Date.now() % 1_000_000;
  const run = String(seed).padStart(6, '0');
  const dataset = generateDataset({ seed, citizens: 600, enterprises: 20, participants: 80 });
  const citizenOf = new Map<string, Citizen>();
  const participants = dataset.participants
    .filter(
      (p) =>
        p.status === 'active' && p.schemes.healthInsurance?.endDate === undefined && p.healthInsuranceCard,
    )
    .map((p, i): Participant => {
      const socialInsuranceNumber = `9${run}${String(i).padStart(3, '0')}`;
      const personalId = `9${run}${String(i).padStart(5, '0')}`;
      const citizen = dataset.citizens.find((c) => c.personalId === p.personalId)!;
      citizenOf.set(personalId, { ...citizen, personalId });
      return {
        ...p,
        socialInsuranceNumber,
        personalId,
        healthInsuranceCard: {
          ...p.healthInsuranceCard!,
          number: p.healthInsuranceCard!.number.slice(0, 5) + socialInsuranceNumber,
        },
        version: 1,
      };
    });
  const mine = new Set(participants.map((p) => p.socialInsuranceNumber));
  const body = (p: Participant) => {
    const { version: _v, ...fields } = p;
    return JSON.stringify(fields);
  };
  const enrol = (p: Participant) =>
    fetch(`${registry.url}/participants`, { method: 'POST', headers: JSON_HEADERS, body: body(p) });
  const command = (p: Participant, method: 'POST' | 'PUT', path: string, etag: string, payload: unknown) =>
    fetch(`${registry.url}/participants/${p.socialInsuranceNumber}${path}`, {
      method,
      headers: { ...JSON_HEADERS, 'if-match': etag },
      body: JSON.stringify(payload),
    });

  before(async () => {
    assert.ok(
      participants.length >= 10,
      `the dataset has ${participants.length} active participants with a card`,
    );
    infra = await testInfrastructure();
    const db = await infra.freshDatabase('insurance');
    databaseUrl = db.url;
    const config = {
      ...loadInsuranceConfig({ ...process.env }),
      port: 0,
      databaseUrl,
      logLevel: 'error' as const,
      consumerGroupPrefix: `t${uniqueSuffix()}.`,
    };
    registry = await startRegistry(config, InsuranceRegistryModule.forRoot(config));
    events = await collectCloudEvents(infra.kafka, TOPIC, (e) => mine.has(e.subject));
  });
  after(async () => {
    await events?.stop();
    await registry?.app.close();
    await infra?.cleanup();
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
              (select version from participant where id = $1) as version`,
      [id],
    );
    return row!;
  }

  const of = (id: string) => (es: CloudEvent[]) => es.filter((e) => e.subject === id);

  it('enrols a participant and publishes insurance.participant.enrolled with every attribute and the full record', async () => {
    const p = participants[0]!;
    const res = await enrol(p);
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('etag'), '"1"');
    assert.equal(res.headers.get('location'), `/participants/${p.socialInsuranceNumber}`);
    const created = (await res.json()) as Participant;
    assert.deepEqual(created, p);

    const [event] = of(p.socialInsuranceNumber)(
      await events.until((es) => of(p.socialInsuranceNumber)(es).length > 0, 'the enrolled event'),
    );
    assert.ok(event);
    assert.equal(event.specversion, '1.0');
    assert.match(
      event.id,
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      'a UUIDv7',
    );
    assert.equal(event.type, 'insurance.participant.enrolled');
    assert.equal(event.source, '/registries/insurance');
    assert.equal(event.subject, p.socialInsuranceNumber);
    assert.equal(event.sequence, 1);
    assert.equal(event.dataschema, `${S}participant-enrolled.v1.schema.json`);
    assert.equal(event.datacontenttype, 'application/json');
    assert.ok(!Number.isNaN(Date.parse(event.time)));
    const { changedFields, ...record } = event.data as Participant & { changedFields: string[] };
    assert.deepEqual(record, p, 'the full record');
    assert.deepEqual(
      changedFields,
      Object.keys(p)
        .filter((k) => k !== 'version')
        .sort(),
    );
    assert.equal(
      getContracts().validatorForEvent('insurance.participant.enrolled').validate(event.data).ok,
      true,
    );
  });

  it('opens and ends a scheme with If-Match, refuses a stale ETag and a second opening, and keeps the subject in sequence', async () => {
    const p = participants[1]!;
    assert.equal((await enrol(p)).status, 201);
    const closed = (['maternity', 'unemployment', 'survivor', 'sickness'] as const).find(
      (s) => p.schemes[s] === undefined,
    );
    const scheme = closed ?? 'maternity';
    if (!closed) {
      // Every scheme is open: end one first so it can be opened again.
      const ended = await command(p, 'POST', '/schemes/end', '"1"', {
        scheme,
        endDate: '2026-01-05',
        endReason: 'other',
      });
      assert.equal(ended.status, 200);
    }
    const v = closed ? 1 : 2;

    const opened = await command(p, 'POST', '/schemes/open', `"${v}"`, { scheme, startDate: '2026-01-10' });
    assert.equal(opened.status, 200);
    assert.equal(opened.headers.get('etag'), `"${v + 1}"`);
    assert.deepEqual(((await opened.json()) as Participant).schemes[scheme], { startDate: '2026-01-10' });

    const again = await command(p, 'POST', '/schemes/open', `"${v + 1}"`, {
      scheme,
      startDate: '2026-01-11',
    });
    assert.equal(again.status, 409);
    assert.equal(
      ((await again.json()) as { type: string }).type,
      'https://errors.ndg.gov.vn/registry-invalid-state',
    );

    const stale = await command(p, 'POST', '/schemes/end', `"${v}"`, {
      scheme,
      endDate: '2026-01-20',
      endReason: 'employment-ended',
    });
    assert.equal(stale.status, 412);
    assert.match(stale.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const problem = (await stale.json()) as { type: string; errors: { path: string }[] };
    assert.equal(problem.type, 'https://errors.ndg.gov.vn/registry-stale-version');
    assert.equal(problem.errors[0]?.path, '/headers/if-match');

    const ended = await command(p, 'POST', '/schemes/end', `"${v + 1}"`, {
      scheme,
      endDate: '2026-01-20',
      endReason: 'employment-ended',
    });
    assert.equal(ended.status, 200);
    assert.equal(ended.headers.get('etag'), `"${v + 2}"`);
    assert.deepEqual(((await ended.json()) as Participant).schemes[scheme], {
      startDate: '2026-01-10',
      endDate: '2026-01-20',
      endReason: 'employment-ended',
    });

    const seq = of(p.socialInsuranceNumber)(
      await events.until((es) => of(p.socialInsuranceNumber)(es).length >= v + 2, 'the scheme events'),
    );
    assert.deepEqual(
      seq.map((e) => [e.sequence, e.type]),
      [
        [1, 'insurance.participant.enrolled'],
        ...(closed ? [] : [[2, 'insurance.participant.scheme-ended']]),
        [v + 1, 'insurance.participant.scheme-opened'],
        [v + 2, 'insurance.participant.scheme-ended'],
      ],
    );
    assert.deepEqual((seq.at(-1)!.data as { changedFields: string[] }).changedFields, ['schemes']);
    assert.deepEqual(await counts(p.socialInsuranceNumber), { outbox: v + 2, version: v + 2 });
  });

  it('changes the employer, renews the card and changes the status, one event each', async () => {
    const p = participants[2]!;
    assert.equal((await enrol(p)).status, 201);
    // A raise, not a fixed amount the generated salary may already be (the seed changes per run).
    const employer = await command(p, 'PUT', '/employer', '"1"', {
      employerEnterpriseCode: '0109999999',
      contributionSalary: p.contributionSalary + 100_000,
    });
    assert.equal(employer.status, 200);
    assert.equal(employer.headers.get('etag'), '"2"');
    const card = { ...p.healthInsuranceCard!, validFrom: '2027-01-01', validUntil: '2027-12-31' };
    const renewed = await command(p, 'PUT', '/card', '"2"', card);
    assert.equal(renewed.status, 200);
    assert.deepEqual(((await renewed.json()) as Participant).healthInsuranceCard, card);
    const status = await command(p, 'PUT', '/status', '"3"', { status: 'suspended' });
    assert.equal(status.status, 200);
    assert.equal(status.headers.get('etag'), '"4"');
    const unchanged = await command(p, 'PUT', '/status', '"4"', { status: 'suspended' });
    assert.equal(unchanged.status, 200);
    assert.equal(unchanged.headers.get('etag'), '"4"', 'no change, no new version');

    const seq = of(p.socialInsuranceNumber)(
      await events.until((es) => of(p.socialInsuranceNumber)(es).length >= 4, 'four events'),
    );
    assert.deepEqual(
      seq.slice(1).map((e) => [e.sequence, e.type, (e.data as { changedFields: string[] }).changedFields]),
      [
        [2, 'insurance.participant.employer-changed', ['contributionSalary', 'employerEnterpriseCode']],
        [3, 'insurance.participant.card-issued', ['healthInsuranceCard']],
        [4, 'insurance.participant.status-changed', ['status']],
      ],
    );
  });

  it('answers bad input with problem+json naming the field, and changes nothing', async () => {
    const p = participants[3]!;
    assert.equal((await enrol(p)).status, 201);
    const before = await counts(p.socialInsuranceNumber);
    const fields = JSON.parse(body(p)) as Record<string, unknown>;
    const fresh = [`9${run}901`, `9${run}902`, `9${run}903`, `9${run}904`];
    const other = (i: number) => ({
      ...fields,
      socialInsuranceNumber: fresh[i],
      personalId: `9${run}9990${i}`,
      healthInsuranceCard: undefined,
    });
    const id = p.socialInsuranceNumber;
    const cases: { name: string; path: string; init: RequestInit; status: number; field?: string }[] = [
      {
        name: 'short id',
        path: '/participants',
        init: {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ ...other(0), socialInsuranceNumber: '123' }),
        },
        status: 422,
        field: '/socialInsuranceNumber',
      },
      {
        name: 'schema-invalid field',
        path: '/participants',
        init: {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ ...other(0), contributionSalary: -5 }),
        },
        status: 422,
        field: '/contributionSalary',
      },
      {
        name: 'unknown scheme',
        path: '/participants',
        init: {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ ...other(1), schemes: { pension: { startDate: '2020-01-01' } } }),
        },
        status: 422,
        field: '/schemes/pension',
      },
      {
        name: 'unknown field',
        path: '/participants',
        init: { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ ...other(2), nickname: 'x' }) },
        status: 422,
        field: '/nickname',
      },
      {
        name: 'version in body',
        path: '/participants',
        init: { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ ...other(3), version: 7 }) },
        status: 422,
        field: '/version',
      },
      {
        name: 'duplicate enrolment',
        path: '/participants',
        init: { method: 'POST', headers: JSON_HEADERS, body: body(p) },
        status: 409,
        field: '/id',
      },
      {
        name: 'duplicate personalId',
        path: '/participants',
        init: {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ ...other(0), personalId: p.personalId }),
        },
        status: 409,
        field: '/personalId',
      },
      {
        name: 'broken JSON',
        path: '/participants',
        init: { method: 'POST', headers: JSON_HEADERS, body: '{"socialInsuranceNumber": ' },
        status: 400,
      },
      {
        name: 'wrong content type',
        path: '/participants',
        init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: body(p) },
        status: 415,
      },
      {
        name: 'oversized body',
        path: '/participants',
        init: {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ ...other(0), pad: 'x'.repeat(200_000) }),
        },
        status: 413,
      },
      { name: 'unknown id', path: `/participants/${fresh[3]}`, init: {}, status: 404, field: '/id' },
      { name: 'malformed id', path: '/participants/079203001234', init: {}, status: 400, field: '/id' },
      {
        name: 'missing If-Match',
        path: `/participants/${id}/status`,
        init: { method: 'PUT', headers: JSON_HEADERS, body: JSON.stringify({ status: 'suspended' }) },
        status: 428,
        field: '/headers/if-match',
      },
      {
        name: 'garbage If-Match',
        path: `/participants/${id}/status`,
        init: {
          method: 'PUT',
          headers: { ...JSON_HEADERS, 'if-match': 'yes please' },
          body: JSON.stringify({ status: 'suspended' }),
        },
        status: 400,
        field: '/headers/if-match',
      },
      {
        name: 'unknown scheme in a command',
        path: `/participants/${id}/schemes/open`,
        init: {
          method: 'POST',
          headers: { ...JSON_HEADERS, 'if-match': '"1"' },
          body: JSON.stringify({ scheme: 'pension', startDate: '2026-01-01' }),
        },
        status: 422,
        field: '/scheme',
      },
      {
        name: 'bad end reason',
        path: `/participants/${id}/schemes/end`,
        init: {
          method: 'POST',
          headers: { ...JSON_HEADERS, 'if-match': '"1"' },
          body: JSON.stringify({ scheme: 'healthInsurance', endDate: '2026-01-01', endReason: 'bored' }),
        },
        status: 422,
        field: '/endReason',
      },
      {
        name: 'end before start',
        path: `/participants/${id}/schemes/end`,
        init: {
          method: 'POST',
          headers: { ...JSON_HEADERS, 'if-match': '"1"' },
          body: JSON.stringify({ scheme: 'healthInsurance', endDate: '1990-01-01', endReason: 'other' }),
        },
        status: 422,
        field: '/endDate',
      },
      {
        name: 'card of someone else',
        path: `/participants/${id}/card`,
        init: {
          method: 'PUT',
          headers: { ...JSON_HEADERS, 'if-match': '"1"' },
          body: JSON.stringify({ ...p.healthInsuranceCard!, number: 'DN4790000000001' }),
        },
        status: 422,
        field: '/number',
      },
      {
        name: 'death by officer',
        path: `/participants/${id}/status`,
        init: {
          method: 'PUT',
          headers: { ...JSON_HEADERS, 'if-match': '"1"' },
          body: JSON.stringify({ status: 'deceased' }),
        },
        status: 422,
        field: '/status',
      },
      {
        name: 'command with unknown field',
        path: `/participants/${id}/status`,
        init: {
          method: 'PUT',
          headers: { ...JSON_HEADERS, 'if-match': '"1"' },
          body: JSON.stringify({ status: 'suspended', by: 'me' }),
        },
        status: 422,
        field: '/by',
      },
      {
        name: 'array body',
        path: `/participants/${id}/status`,
        init: { method: 'PUT', headers: { ...JSON_HEADERS, 'if-match': '"1"' }, body: '[]' },
        status: 422,
      },
      { name: 'unknown route', path: '/nothing-here', init: {}, status: 404 },
    ];
    for (const t of cases) await assertProblem(await fetch(`${registry.url}${t.path}`, t.init), t);
    assert.deepEqual(await counts(id), before, 'nothing changed');
    for (const other of fresh) assert.equal((await counts(other)).version, null);
    const [total] = await query<{ n: number }>(
      `select count(*)::int as n from participant where data->>'personalId' = $1`,
      [p.personalId],
    );
    assert.equal(total?.n, 1, 'one participant per person');
  });

  it('serves the internal lookup API for the gateway, by id and in batches', async () => {
    const [a, b] = [participants[4]!, participants[5]!];
    for (const p of [a, b]) assert.equal((await enrol(p)).status, 201);
    const one = await fetch(`${registry.url}/internal/records/${a.socialInsuranceNumber}`);
    assert.equal(one.status, 200);
    assert.equal(one.headers.get('etag'), '"1"');
    assert.deepEqual((await one.json()) as Participant, a);
    const missing = `9${run}998`;
    const batch = await fetch(`${registry.url}/internal/records/batch`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ ids: [b.socialInsuranceNumber, missing, a.socialInsuranceNumber] }),
    });
    assert.equal(batch.status, 200);
    const result = (await batch.json()) as { records: Participant[]; missing: string[] };
    assert.deepEqual(
      result.records.map((r) => r.socialInsuranceNumber),
      [b.socialInsuranceNumber, a.socialInsuranceNumber],
    );
    assert.deepEqual(result.missing, [missing]);
  });

  it('publishes OpenAPI built from the contracts, health and Prometheus metrics', async () => {
    const doc = (await (await fetch(`${registry.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    assert.equal(doc.openapi, '3.1.0');
    for (const path of [
      '/participants',
      '/participants/{id}/schemes/open',
      '/participants/{id}/schemes/end',
      '/participants/{id}/card',
      '/internal/records/batch',
    ]) {
      assert.ok(doc.paths[path], `documents ${path}`);
    }
    const health = await fetch(`${registry.url}/health`);
    assert.equal(health.status, 200);
    // /metrics is valid Prometheus exposition and moves with traffic, including contract rejections.
    const moved = await metricsDelta(
      registry.url,
      ['http_server_request_duration_seconds_count', 'ndg_contract_rejections_total'],
      async () => {
        const refused = await fetch(`${registry.url}/participants`, {
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

  it('keeps serving and committing writes while Kafka is unreachable, and shuts down promptly', async () => {
    const db = await infra.freshDatabase('insurance_nokafka');
    const config = {
      ...loadInsuranceConfig({ ...process.env }),
      port: 0,
      databaseUrl: db.url,
      kafkaBrokers: ['127.0.0.1:1'],
      logLevel: 'error' as const,
      consumerGroupPrefix: `t${uniqueSuffix()}.`,
    };
    const offline = await startRegistry(config, InsuranceRegistryModule.forRoot(config));
    let closed = false;
    try {
      const p = participants[7]!;
      const created = await fetch(`${offline.url}/participants`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: body(p),
      });
      assert.equal(created.status, 201);
      assert.equal((await fetch(`${offline.url}/participants/${p.socialInsuranceNumber}`)).status, 200);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const r = await client.query('select count(*)::int as n from outbox where sent_at is null');
      await client.end();
      assert.equal(r.rows[0].n, 1, 'the event waits in the outbox for the broker');
      const started = Date.now();
      await offline.app.close();
      closed = true;
      assert.ok(
        Date.now() - started < 15_000,
        `closed in ${Date.now() - started} ms while the reaction was still trying to connect`,
      );
    } finally {
      if (!closed) await offline.app.close();
    }
  });

  it('ends every open scheme exactly once when population.citizen.deceased arrives twice', async () => {
    const p = participants[6]!;
    assert.equal((await enrol(p)).status, 201);
    const open = Object.entries(p.schemes)
      .filter(([, period]) => period.endDate === undefined)
      .map(([name]) => name);
    assert.ok(open.length > 0);
    const before = await counts(p.socialInsuranceNumber);
    assert.equal(before.version, 1);

    const dateOfDeath = '2026-01-10';
    const citizen = citizenOf.get(p.personalId)!;
    const data: CitizenDeceasedData = {
      ...citizen,
      status: 'deceased',
      dateOfDeath,
      version: citizen.version + 1,
      changedFields: ['dateOfDeath', 'status'],
    };
    const valid = getContracts().validatorForEvent('population.citizen.deceased').validate(data);
    assert.ok(valid.ok, `the death event is valid: ${JSON.stringify(valid)}`);
    const death = (id: string): CloudEvent => ({
      specversion: '1.0',
      id,
      source: '/registries/population',
      type: 'population.citizen.deceased',
      subject: p.personalId,
      time: new Date().toISOString(),
      dataschema: getContracts().eventDataSchemaId('population.citizen.deceased'),
      sequence: data.version,
      datacontenttype: 'application/json',
      data,
    });
    const eventId = uuidv7();
    // A later notice of the same death under a new id, keyed like the others so it is read after them.
    const markerId = uuidv7();

    const admin = infra.kafka.admin();
    await admin.connect();
    await ensureTopic(admin, CITIZEN_TOPIC).finally(() => admin.disconnect());
    const producer = infra.kafka.producer({ idempotent: true });
    await producer.connect();
    try {
      // At least once: the same event delivered twice.
      await producer.send({ topic: CITIZEN_TOPIC, messages: [toKafkaRecord(death(eventId))] });
      await producer.send({ topic: CITIZEN_TOPIC, messages: [toKafkaRecord(death(eventId))] });
      await producer.send({ topic: CITIZEN_TOPIC, messages: [toKafkaRecord(death(markerId))] });
    } finally {
      await producer.disconnect();
    }

    // Once the later notice is processed, both copies before it on the partition are too.
    await waitFor(
      async () =>
        (await query(`select 1 from processed_events where event_id = $1`, [markerId])).length === 1
          ? true
          : undefined,
      { what: 'the reaction to process all three deliveries', timeoutMs: 30_000 },
    );
    const [row] = await query<{ data: Participant; version: number }>(
      `select data, version from participant where id = $1`,
      [p.socialInsuranceNumber],
    );
    assert.equal(row?.version, before.version! + 1, 'version bumped by exactly 1');
    assert.equal(row?.data.status, 'deceased');
    for (const name of open) {
      assert.deepEqual(
        row?.data.schemes[name as keyof Participant['schemes']],
        {
          startDate: p.schemes[name as keyof Participant['schemes']]!.startDate,
          endDate: dateOfDeath,
          endReason: 'deceased',
        },
        `${name} ended`,
      );
    }
    const processed = await query<{ event_id: string; outcome: string }>(
      `select event_id, outcome from processed_events where event_id = any($1::text[]) order by event_id`,
      [[eventId, markerId]],
    );
    assert.deepEqual(
      processed,
      [
        { event_id: eventId, outcome: 'done' },
        { event_id: markerId, outcome: 'done' },
      ].sort((a, b) => a.event_id.localeCompare(b.event_id)),
    );

    const seq = of(p.socialInsuranceNumber)(
      await events.until((es) => of(p.socialInsuranceNumber)(es).length >= 2, 'the scheme-ended event'),
    );
    assert.deepEqual(
      seq.map((e) => [e.sequence, e.type]),
      [
        [1, 'insurance.participant.enrolled'],
        [2, 'insurance.participant.scheme-ended'],
      ],
    );
    assert.deepEqual((seq[1]!.data as { changedFields: string[] }).changedFields, ['schemes', 'status']);
    assert.deepEqual(
      await counts(p.socialInsuranceNumber),
      { outbox: 2, version: 2 },
      'one change, one event',
    );
  });
});
