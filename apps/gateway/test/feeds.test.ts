import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { getContracts } from '@ndg/contracts';
import { CloudEventHeader, fromKafkaRecord, toKafkaRecord, type CloudEvent } from '@ndg/events';
import { generateCitizens } from '@ndg/synthetic';
import {
  spawnService,
  testInfrastructure,
  uniqueSuffix,
  waitFor,
  type ServiceProcess,
  type TestInfrastructure,
  ensureTopic,
} from '@ndg/testing';
import { queueSnapshotRow, snapshotEvent } from '../src/feeds/feed-backfill.js';
import { FeedNotifications } from '../src/feeds/feed-notifications.js';
import { FeedRetention } from '../src/feeds/feed-retention.js';
import { signToken, testAgency, type TestAgency } from './agency-keys.js';

const ADMIN_TOKEN = `admin-${randomBytes(12).toString('hex')}`;
const CITIZEN_TOPIC = 'registry.population.citizen';
const SUFFIX = uniqueSuffix()
  .replace(/[^a-z0-9]/g, '')
  .slice(-8);
const FULL = `ff${SUFFIX}`; // full grant: personalId, fullName, status
const SCOPED = `fs${SUFFIX}`; // row scope: province 01 only
const NONE = `fn${SUFFIX}`; // lookup only, no subscribe

const POLICIES = {
  [FULL]: `agency: ${FULL}
grants:
  - dataset: population.citizen
    operations: [lookup, subscribe]
    purposes: [testing]
    fields: [personalId, fullName, status]
    validFrom: 2020-01-01
    legalBasis: Test feed grant
`,
  [SCOPED]: `agency: ${SCOPED}
grants:
  - dataset: population.citizen
    operations: [subscribe]
    purposes: [testing]
    fields: [personalId, permanentAddress.provinceCode]
    where: { "permanentAddress.provinceCode": ["01"] }
    validFrom: 2020-01-01
    legalBasis: Test scoped feed grant
`,
  [NONE]: `agency: ${NONE}
grants:
  - dataset: population.citizen
    operations: [lookup]
    purposes: [testing]
    fields: [personalId]
    validFrom: 2020-01-01
    legalBasis: Test lookup-only grant
`,
};

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly status: number;
}

describe('change feeds against the real broker, registry and database', { timeout: 300_000 }, () => {
  let infra: TestInfrastructure;
  let registry: ServiceProcess;
  let gateway: ServiceProcess;
  let gatewayEnv: Record<string, string>;
  // Set by the first start; a restart comes back where the clients expect it.
  let gatewayPort: number | undefined;
  let db: pg.Pool;
  let policiesDir: string;
  let agenciesDir: string;
  let full: TestAgency;
  let scoped: TestAgency;
  let none: TestAgency;
  let receiver: Server;
  let receiverUrl: string;
  const received: Received[] = [];
  let failuresLeft = 3;
  let feedConsumer: Consumer | undefined;
  const feedMessages: KafkaMessage[] = [];
  const quarantineMessages: KafkaMessage[] = [];
  const group = `feedtest-${SUFFIX}`;
  const quarantineTopic = `gateway.quarantine.${SUFFIX}`;
  const subs: { pull?: string; kafka?: string; webhook?: string; scoped?: string; secret?: string } = {};
  // Households share an address, so 400 citizens held fewer than 3 in province 01 for 127 of the
  // 1,000,000 seeds; 1000 hold enough for every seed (checked: at most 704 are needed).
  const citizens = [...generateCitizens(Date.now() % 1_000_000, 1000)].filter((c) => c.status === 'alive');
  const in01 = citizens.filter((c) => c.permanentAddress.provinceCode === '01').slice(0, 3);
  const notIn01 = citizens.filter((c) => c.permanentAddress.provinceCode !== '01').slice(0, 3);
  const later = citizens.filter((c) => !in01.includes(c) && !notIn01.includes(c)).slice(0, 25);
  const etags = new Map<string, string>();

  async function token(agency: TestAgency): Promise<string> {
    return signToken(agency, { purpose: 'testing', caseRef: 'FEED-1' });
  }

  async function api(
    path: string,
    agency: TestAgency | 'admin',
    init: { method?: string; body?: unknown } = {},
  ) {
    const auth = agency === 'admin' ? ADMIN_TOKEN : await token(agency);
    return fetch(`${gateway.url}${path}`, {
      method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
      headers: {
        authorization: `Bearer ${auth}`,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  }

  async function register(c: (typeof citizens)[number]): Promise<void> {
    const { version: _v, ...fields } = c;
    const res = await fetch(`${registry.url}/citizens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fields),
    });
    assert.equal(res.status, 201, await res.text());
    etags.set(c.personalId, res.headers.get('etag') ?? '');
  }

  async function rename(personalId: string, fullName: string): Promise<void> {
    const res = await fetch(`${registry.url}/citizens/${personalId}/name`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'if-match': etags.get(personalId) ?? '' },
      body: JSON.stringify({ fullName }),
    });
    assert.equal(res.status, 200, await res.text());
    etags.set(personalId, res.headers.get('etag') ?? '');
  }

  /** Everything a pull subscription holds from the start (re-reading is allowed: same ids). */
  async function pullAll(agency: TestAgency, id: string): Promise<CloudEvent<Record<string, unknown>>[]> {
    const out: CloudEvent<Record<string, unknown>>[] = [];
    let cursor = '';
    for (;;) {
      const res = await api(
        `/v1/subscriptions/${id}/events?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        agency,
      );
      assert.equal(res.status, 200, await res.clone().text());
      const page = (await res.json()) as {
        events: CloudEvent<Record<string, unknown>>[];
        nextCursor: string;
      };
      out.push(...page.events);
      if (page.events.length === 0) return out;
      cursor = page.nextCursor;
    }
  }

  async function groupStable(): Promise<void> {
    const admin = infra.kafka.admin();
    await admin.connect();
    try {
      await waitFor(
        async () => {
          const { groups } = await admin.describeGroups([`${group}.gateway.feeds`]);
          return groups[0]?.state === 'Stable' && groups[0].members.length > 0 ? true : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 250, what: 'the feed worker joining its group' },
      );
    } finally {
      await admin.disconnect();
    }
  }

  async function startGatewayChild(): Promise<void> {
    gateway = await spawnService('gateway', {
      env: gatewayEnv,
      ...(gatewayPort ? { port: gatewayPort } : {}),
    });
    gatewayPort = gateway.port;
    await groupStable();
  }

  before(async () => {
    infra = await testInfrastructure();
    assert.ok(in01.length === 3 && notIn01.length === 3 && later.length === 25);
    const populationDb = await infra.freshDatabase('feeds_population');
    const gatewayDb = await infra.freshDatabase('feeds_gateway');
    registry = await spawnService('population-registry', {
      env: {
        NDG_POPULATION_DATABASE_URL: populationDb.url,
        KAFKA_BROKERS: infra.brokers.join(','),
        OUTBOX_RELAY: 'true',
      },
    });
    policiesDir = await mkdtemp(join(tmpdir(), 'feeds-policies-'));
    agenciesDir = await mkdtemp(join(tmpdir(), 'feeds-agencies-'));
    full = await testAgency(FULL, 'ES256');
    scoped = await testAgency(SCOPED, 'EdDSA');
    none = await testAgency(NONE, 'ES256');
    for (const a of [full, scoped, none]) {
      await writeFile(join(policiesDir, `${a.id}.yaml`), POLICIES[a.id] ?? '');
      await writeFile(join(agenciesDir, `${a.id}.json`), JSON.stringify({ id: a.id, keys: [a.publicJwk] }));
    }
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const status = failuresLeft-- > 0 ? 500 : 200;
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString(), status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const address = receiver.address();
    receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;

    gatewayEnv = {
      ADMIN_TOKEN,
      POLICIES_DIR: policiesDir,
      AGENCIES_DIR: agenciesDir,
      POLICY_RELOAD_INTERVAL_MS: '200',
      NDG_GATEWAY_DATABASE_URL: gatewayDb.url,
      POPULATION_REGISTRY_URL: registry.url,
      INSURANCE_REGISTRY_URL: 'http://127.0.0.1:9',
      BUSINESS_REGISTRY_URL: 'http://127.0.0.1:9',
      FEEDS_ENABLED: 'true',
      KAFKA_BROKERS: infra.brokers.join(','),
      CONSUMER_GROUP_PREFIX: group,
      FEED_TOPICS: CITIZEN_TOPIC,
      QUARANTINE_TOPIC: quarantineTopic,
      FEED_START_AT: 'latest',
      FEED_DISPATCH_INTERVAL_MS: '50',
      WEBHOOK_RETRY_BASE_MS: '50',
      WEBHOOK_RETRY_MAX_MS: '400',
      WEBHOOK_TIMEOUT_MS: '3000',
      CONSUMER_LAG_INTERVAL_MS: '500',
    };
    await startGatewayChild();
    db = new pg.Pool({ connectionString: gatewayDb.url, max: 2 });

    feedConsumer = infra.kafka.consumer({ groupId: `feedtest-reader-${SUFFIX}` });
    await feedConsumer.connect();
    const admin = infra.kafka.admin();
    await admin.connect();
    await ensureTopic(admin, `feed.${FULL}.population.citizen`);
    await ensureTopic(admin, quarantineTopic);
    await admin.disconnect();
    await feedConsumer.subscribe({
      topics: [`feed.${FULL}.population.citizen`, quarantineTopic],
      fromBeginning: true,
    });
    await feedConsumer.run({
      eachMessage: async ({ topic, message }) => {
        (topic === quarantineTopic ? quarantineMessages : feedMessages).push(message);
      },
    });
  });

  after(async () => {
    await feedConsumer?.disconnect().catch(() => undefined);
    await gateway?.stop();
    await registry?.stop();
    await db?.end();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
    await infra?.cleanup();
    for (const dir of [policiesDir, agenciesDir]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuses subscribe without a grant (403 with the reason) and a plain-http webhook (422)', async () => {
    const denied = await api('/v1/subscriptions', none, {
      body: { dataset: 'population.citizen', purpose: 'testing', delivery: { mode: 'pull' } },
    });
    assert.equal(denied.status, 403);
    assert.equal(((await denied.json()) as { code: string }).code, 'POLICY.OPERATION_NOT_GRANTED');
    const insecure = await api('/v1/subscriptions', full, {
      body: {
        dataset: 'population.citizen',
        purpose: 'testing',
        delivery: { mode: 'webhook', url: 'http://example.org/x' },
      },
    });
    assert.equal(insecure.status, 422);
    assert.equal(((await insecure.json()) as { code: string }).code, 'FEED.INSECURE_WEBHOOK');
  });

  it('subscribes by pull, kafka and webhook, and a row-scoped agency', async () => {
    for (const [key, agency, delivery] of [
      ['pull', full, { mode: 'pull' }],
      ['kafka', full, { mode: 'kafka' }],
      ['webhook', full, { mode: 'webhook', url: receiverUrl, maxAttempts: 10 }],
      ['scoped', scoped, { mode: 'pull' }],
    ] as const) {
      const res = await api('/v1/subscriptions', agency, {
        body: { dataset: 'population.citizen', purpose: 'testing', delivery },
      });
      const body = (await res.json()) as { id: string; secret?: string };
      assert.equal(res.status, 201, JSON.stringify(body));
      subs[key] = body.id;
      if (key === 'webhook') {
        assert.match(body.secret ?? '', /^whsec_/);
        subs.secret = body.secret;
      }
    }
    const list = await api('/v1/subscriptions', full);
    assert.equal(((await list.json()) as { subscriptions: unknown[] }).subscriptions.length, 3);
  });

  it('delivers registry writes by pull, kafka and webhook, projected to the grant; row scope applies', async () => {
    for (const c of [...in01, ...notIn01]) await register(c);
    const first = in01[0];
    assert.ok(first);
    await rename(first.personalId, 'Nguyễn Văn Đổi');
    await rename(first.personalId, 'Nguyễn Văn Đổi Lại');
    const all = [...in01, ...notIn01].map((c) => c.personalId);
    const expected = all.length + 2;
    // The registry topic is shared with other suites: keep only this suite's subjects.
    const mine = new Set(all);

    const pulled = await waitFor(
      async () => {
        const events = (await pullAll(full, subs.pull ?? '')).filter((e) => mine.has(e.subject));
        return events.length >= expected ? events : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 300, what: 'pull events' },
    );
    assert.equal(pulled.length, expected, JSON.stringify(pulled.map((e) => [e.type, e.subject, e.sequence])));
    assert.deepEqual(new Set(pulled.map((e) => e.subject)), new Set(all));
    for (const e of pulled) {
      assert.deepEqual(Object.keys(e.data).sort(), ['changedFields', 'fullName', 'personalId', 'status']);
      assert.equal(e.specversion, '1.0');
    }
    const firstSeq = pulled.filter((e) => e.subject === first.personalId).map((e) => e.sequence);
    assert.deepEqual(firstSeq, [1, 2, 3]);

    const scopedEvents = await waitFor(
      async () => {
        const events = (await pullAll(scoped, subs.scoped ?? '')).filter((e) => mine.has(e.subject));
        return events.length >= in01.length + 2 ? events : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 300, what: 'scoped pull events' },
    );
    assert.deepEqual(new Set(scopedEvents.map((e) => e.subject)), new Set(in01.map((c) => c.personalId)));
    // The scoped agency sees only province 01, whoever else writes to the topic.
    for (const e of await pullAll(scoped, subs.scoped ?? ''))
      assert.deepEqual(e.data['permanentAddress'], { provinceCode: '01' });
    for (const e of scopedEvents)
      assert.deepEqual(Object.keys(e.data).sort(), ['changedFields', 'permanentAddress', 'personalId']);

    const kafkaAll = (): CloudEvent<Record<string, unknown>>[] =>
      feedMessages.map((m) => {
        const parsed = fromKafkaRecord(m);
        assert.ok(parsed.ok);
        return parsed.event as CloudEvent<Record<string, unknown>>;
      });
    await waitFor(
      () => (kafkaAll().filter((e) => mine.has(e.subject)).length >= expected ? true : undefined),
      {
        timeoutMs: 30_000,
        intervalMs: 200,
        what: 'kafka feed messages',
      },
    );
    const kafkaEvents = kafkaAll().filter((e) => mine.has(e.subject));
    assert.deepEqual(new Set(kafkaEvents.map((e) => e.id)), new Set(pulled.map((e) => e.id)));
    for (const e of kafkaEvents)
      assert.deepEqual(Object.keys(e.data).sort(), ['changedFields', 'fullName', 'personalId', 'status']);
    // Keyed by subject (one citizen's events stay on one partition, in order). Other suites'
    // citizens reach this feed too, so every message is checked, not the first.
    for (const m of feedMessages) {
      const parsed = fromKafkaRecord(m);
      assert.ok(parsed.ok);
      assert.equal(m.key?.toString(), parsed.event.subject);
    }

    // Webhook: the first 3 attempts get 500, then everything is accepted.
    const accepted = await waitFor(
      () => {
        const ok = received.filter(
          (r) => r.status === 200 && mine.has((JSON.parse(r.body) as CloudEvent).subject),
        );
        return ok.length >= expected ? ok : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'webhook deliveries' },
    );
    // Independent check of the Standard Webhooks signature with the official library.
    const wh = new Webhook(subs.secret ?? '');
    for (const r of received) {
      const payload = wh.verify(r.body, {
        'webhook-id': String(r.headers['webhook-id']),
        'webhook-timestamp': String(r.headers['webhook-timestamp']),
        'webhook-signature': String(r.headers['webhook-signature']),
      }) as CloudEvent<Record<string, unknown>>;
      assert.equal(payload.id, r.headers['webhook-id']);
      assert.deepEqual(Object.keys(payload.data).sort(), [
        'changedFields',
        'fullName',
        'personalId',
        'status',
      ]);
    }
    const acceptedEvents = accepted.map((r) => JSON.parse(r.body) as CloudEvent);
    assert.equal(
      new Set(acceptedEvents.map((e) => e.id)).size,
      acceptedEvents.length,
      'each event id accepted once',
    );
    assert.deepEqual(new Set(acceptedEvents.map((e) => e.id)), new Set(pulled.map((e) => e.id)));
    const bySubject = new Map<string, number[]>();
    for (const e of acceptedEvents)
      bySubject.set(e.subject, [...(bySubject.get(e.subject) ?? []), e.sequence]);
    assert.deepEqual(bySubject.get(first.personalId), [1, 2, 3], 'in order per subject');
    assert.ok(
      received.some((r) => r.status === 500),
      'the receiver failed first',
    );

    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    assert.match(metrics, /ndg_webhook_retries_total\{[^}]*\} [1-9]/);
    assert.match(metrics, /ndg_feed_deliveries_total\{[^}]*mode="webhook"[^}]*\} /);
    assert.match(metrics, /ndg_consumer_lag\{/);
  });

  it('quarantines a contract-breaking event (table + topic, original bytes), replays it once after a fix', async () => {
    const c = later[24];
    assert.ok(c);
    const good: CloudEvent = {
      specversion: '1.0',
      id: randomUUID(),
      source: 'population-registry',
      type: 'population.citizen.registered',
      subject: c.personalId,
      time: new Date().toISOString(),
      dataschema: getContracts().eventDataSchemaId('population.citizen.registered'),
      sequence: 1,
      datacontenttype: 'application/json',
      data: { ...c, version: 1, changedFields: ['personalId', 'fullName'] },
    };
    const validity = getContracts().validatorForEvent(good.type).validate(good.data);
    assert.ok(validity.ok, `the data itself is valid: ${JSON.stringify(validity)}`);
    // A producer stamped the wrong dataschema: the envelope breaks the contract, the data does not.
    const record = toKafkaRecord({
      ...good,
      dataschema: 'https://schemas.ndg.gov.vn/population/citizen-registered.v9.schema.json',
    });
    const producer = infra.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: CITIZEN_TOPIC,
      messages: [{ key: record.key, value: record.value, headers: record.headers }],
    });
    await producer.disconnect();

    const row = await waitFor(
      async () => {
        const r = await db.query<{ id: string; value: Buffer; reason: string }>(
          `select id::text as id, value, reason from quarantined_event where value = $1`,
          [record.value],
        );
        return r.rows[0];
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'the quarantined row' },
    );
    assert.ok(row.value.equals(record.value), 'original value bytes');
    assert.match(row.reason, /^envelope: ce_dataschema/);
    const onTopic = await waitFor(() => quarantineMessages.find((m) => m.value?.equals(record.value)), {
      timeoutMs: 30_000,
      intervalMs: 200,
      what: 'the quarantine topic record',
    });
    for (const [name, value] of Object.entries(record.headers))
      assert.equal(onTopic.headers?.[name]?.toString(), value, `original header ${name}`);
    assert.match(onTopic.headers?.['ndg-quarantine-reason']?.toString() ?? '', /ce_dataschema/);
    const listed = await api('/admin/quarantine', 'admin');
    assert.equal(listed.status, 200);
    assert.ok(((await listed.json()) as { events: { id: string }[] }).events.some((e) => e.id === row.id));
    // Reaches no one.
    assert.ok(!(await pullAll(full, subs.pull ?? '')).some((e) => e.id === good.id));

    // Replay as is: still invalid with the contracts in force.
    const still = await api(`/admin/quarantine/${row.id}/replay`, 'admin', { body: {} });
    assert.equal(still.status, 422);
    // Replay with the envelope corrected by the platform team.
    const fix = { headers: { [CloudEventHeader.dataschema]: good.dataschema } };
    const replayed = await api(`/admin/quarantine/${row.id}/replay`, 'admin', { body: fix });
    const replayBody = (await replayed.json()) as { queued: number; eventId: string };
    assert.equal(replayed.status, 200, JSON.stringify(replayBody));
    assert.equal(replayBody.eventId, good.id);
    // The seed changes per run, so the citizen may live where the row-scoped agency may see them.
    const inScope = c.permanentAddress.provinceCode === '01';
    assert.equal(
      replayBody.queued,
      inScope ? 4 : 3,
      `pull, kafka and webhook subscriptions of the full agency${inScope ? ', and the scoped one' : ''}`,
    );
    const again = await api(`/admin/quarantine/${row.id}/replay`, 'admin', { body: fix });
    assert.equal(((await again.json()) as { queued: number }).queued, 0, 'fanned out once');
    const pulled = await waitFor(
      async () => {
        const events = (await pullAll(full, subs.pull ?? '')).filter((e) => e.id === good.id);
        return events.length > 0 ? events : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 200, what: 'the replayed event' },
    );
    assert.equal(pulled.length, 1);
    assert.equal(
      (await pullAll(scoped, subs.scoped ?? '')).some((e) => e.id === good.id),
      inScope,
      'the row scope applies to a replayed event',
    );
  });

  it('loses nothing when the gateway is killed mid-stream and restarted', async () => {
    const batch = later.slice(0, 24);
    const writes = (async () => {
      for (const c of batch) await register(c);
    })();
    // Kill while the registry is still writing and the worker is consuming.
    await waitFor(
      async () => {
        const r = await db.query<{ n: string }>(
          `select count(*)::text as n from feed_delivery d join feed_event e on e.id = d.event_id
           where d.subscription_id = $1 and e.subject = any($2)`,
          [subs.pull, batch.map((c) => c.personalId)],
        );
        return Number(r.rows[0]?.n) >= 3 ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 50, what: 'some of the batch ingested' },
    );
    await gateway.kill();
    await writes;
    await startGatewayChild();
    const ids = new Set(batch.map((c) => c.personalId));
    const events = await waitFor(
      async () => {
        const all = (await pullAll(full, subs.pull ?? '')).filter((e) => ids.has(e.subject));
        return new Set(all.map((e) => e.subject)).size >= batch.length ? all : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 300, what: 'every event after the restart' },
    );
    assert.equal(new Set(events.map((e) => e.id)).size, batch.length, 'one event id per write, no loss');
    const webhookIds = await waitFor(
      () => {
        const got = new Set(
          received
            .filter((r) => r.status === 200)
            .map((r) => JSON.parse(r.body) as CloudEvent)
            .filter((e) => ids.has(e.subject))
            .map((e) => e.id),
        );
        return got.size >= batch.length ? got : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 300, what: 'every webhook after the restart' },
    );
    assert.deepEqual(webhookIds, new Set(events.map((e) => e.id)));
    // Kafka mode: every event reaches the feed topic; a resend after the kill repeats the same event id.
    const kafkaBatch = await waitFor(
      () => {
        const got = feedMessages
          .map((m) => fromKafkaRecord(m))
          .flatMap((p) => (p.ok ? [p.event as CloudEvent<Record<string, unknown>>] : []))
          .filter((e) => ids.has(e.subject));
        return new Set(got.map((e) => e.id)).size >= batch.length ? got : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 300, what: 'every kafka feed message after the restart' },
    );
    assert.deepEqual(new Set(kafkaBatch.map((e) => e.id)), new Set(events.map((e) => e.id)), 'no loss');
    const byId = new Map<string, string>();
    for (const e of kafkaBatch) {
      const key = JSON.stringify([e.subject, e.sequence, e.type, e.data]);
      assert.equal(byId.get(e.id) ?? key, key, `a duplicate of ${e.id} is the same event`);
      byId.set(e.id, key);
    }
  });

  it('backfill: records written before subscribing arrive as snapshots, writes during and after arrive live, no duplicate and no gap per subject', async () => {
    const fresh = citizens
      .filter((x) => !later.includes(x) && !in01.includes(x) && !notIn01.includes(x))
      .slice(1, 3);
    const res = await api('/v1/subscriptions', full, {
      body: {
        dataset: 'population.citizen',
        purpose: 'testing',
        delivery: { mode: 'pull' },
        start: 'backfill',
      },
    });
    const created = (await res.json()) as { id: string; start: string; backfill?: string };
    assert.equal(res.status, 201, JSON.stringify(created));
    assert.equal(created.start, 'backfill');
    const scopedRes = await api('/v1/subscriptions', scoped, {
      body: {
        dataset: 'population.citizen',
        purpose: 'testing',
        delivery: { mode: 'pull' },
        start: 'backfill',
      },
    });
    const scopedSub = (await scopedRes.json()) as { id: string };
    assert.equal(scopedRes.status, 201);
    // Writes racing the backfill: renames of existing subjects and new registrations.
    for (const c of later.slice(0, 3)) await rename(c.personalId, `${c.fullName} Một`);
    for (const c of fresh) await register(c);
    await waitFor(
      async () => {
        const list = (await (await api('/v1/subscriptions', full)).json()) as {
          subscriptions: { id: string; backfill?: string }[];
        };
        return list.subscriptions.find((x) => x.id === created.id)?.backfill === 'done' ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'the backfill to finish' },
    );
    // Writes after the backfill: live only.
    await rename(later[0]?.personalId ?? '', 'Trần Thị Sau');
    await rename(later[3]?.personalId ?? '', 'Lê Văn Sau');

    const snapshotPage = (await (await fetch(`${registry.url}/internal/records?limit=1000`)).json()) as {
      records: { personalId: string; version: number; permanentAddress: { provinceCode: string } }[];
    };
    const truth = new Map(snapshotPage.records.map((r) => [r.personalId, r.version]));
    assert.ok(truth.size >= 30);
    const preExisting = new Set(
      [...in01, ...notIn01, ...later.slice(0, 24)].map((c) => c.personalId).filter((id) => truth.has(id)),
    );
    const events = await waitFor(
      async () => {
        const all = await pullAll(full, created.id);
        const last = new Map<string, number>();
        for (const e of all) last.set(e.subject, Math.max(last.get(e.subject) ?? 0, e.sequence));
        return [...truth].every(([id, v]) => last.get(id) === v) ? all : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 300, what: 'every subject at its registry version' },
    );
    assert.equal(new Set(events.map((e) => e.id)).size, events.length, 'no event twice');
    const bySubject = new Map<string, CloudEvent<Record<string, unknown>>[]>();
    for (const e of events) bySubject.set(e.subject, [...(bySubject.get(e.subject) ?? []), e]);
    assert.deepEqual(new Set(bySubject.keys()), new Set(truth.keys()), 'every record, nothing else');
    for (const [subject, list] of bySubject) {
      const seqs = list.map((e) => e.sequence);
      const first = seqs[0] ?? 0;
      assert.deepEqual(
        seqs,
        Array.from({ length: seqs.length }, (_, i) => first + i),
        `${subject}: consecutive from the snapshot, in order, no duplicate: ${JSON.stringify(list.map((e) => [e.type, e.sequence]))}`,
      );
      if (preExisting.has(subject)) {
        assert.equal(list[0]?.type, 'population.citizen.registered', `${subject} starts with its snapshot`);
        assert.ok(first >= 1);
      } else assert.equal(first, 1, `${subject} was created after the subscription: from its first version`);
      for (const e of list)
        assert.deepEqual(Object.keys(e.data).sort(), ['changedFields', 'fullName', 'personalId', 'status']);
    }
    const renamedAfter = bySubject.get(later[3]?.personalId ?? '') ?? [];
    assert.equal(
      renamedAfter.at(-1)?.type,
      'population.citizen.name-corrected',
      'the write after the backfill came live',
    );
    assert.equal(renamedAfter.at(-2)?.type, 'population.citizen.registered');

    // Row scope applies to the snapshot too.
    const inScope = snapshotPage.records
      .filter((r) => r.permanentAddress.provinceCode === '01')
      .map((r) => r.personalId);
    const scopedEvents = await waitFor(
      async () => {
        const all = await pullAll(scoped, scopedSub.id);
        return new Set(all.map((e) => e.subject)).size >= inScope.length ? all : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 300, what: 'the scoped backfill' },
    );
    assert.deepEqual(new Set(scopedEvents.map((e) => e.subject)), new Set(inScope));
    await api(`/v1/subscriptions/${scopedSub.id}`, scoped, { method: 'DELETE' });
    await api(`/v1/subscriptions/${created.id}`, full, { method: 'DELETE' });
  });

  it('backfill seam in place: live rows at or below the snapshot version are dropped, later ones move behind it', async () => {
    const subId = randomUUID();
    const subject = `9${String(Date.now()).slice(-11)}`;
    await db.query(
      `insert into feed_subscription (id, agency, officer, purpose, case_ref, dataset, mode, start_kind, backfill_state)
       values ($1, 'seam-test', 'o', 'testing', 'c', 'population.citizen', 'pull', 'backfill', 'running')`,
      [subId],
    );
    const live: Record<number, string> = {};
    for (const seq of [2, 3, 4]) {
      live[seq] = randomUUID();
      await db.query(
        `insert into feed_event (id, source, type, subject, sequence, time, dataschema, data, topic, kafka_partition, kafka_offset)
         values ($1, '/registries/population', 'population.citizen.name-corrected', $2, $3, now(), 'x', '{}', 't', 0, $3)`,
        [live[seq], subject, seq],
      );
      await db.query(
        `insert into feed_delivery (subscription_id, event_id, subject, sequence) values ($1, $2, $3, $4)`,
        [subId, live[seq], subject, seq],
      );
    }
    const base = in01[0];
    assert.ok(base);
    const built = snapshotEvent('population.citizen', { ...base, personalId: subject, version: 3 });
    assert.ok(built.ok);
    const client = await db.connect();
    try {
      await client.query('begin');
      assert.equal(await queueSnapshotRow(client, subId, built.event), 1);
      assert.equal(await queueSnapshotRow(client, subId, built.event), 0, 'idempotent');
      await client.query('commit');
    } finally {
      client.release();
    }
    const rows = await db.query<{ event_id: string; sequence: string; snapshot: boolean }>(
      `select event_id, sequence::text as sequence, snapshot from feed_delivery where subscription_id = $1 order by position`,
      [subId],
    );
    assert.deepEqual(
      rows.rows.map((r) => [r.event_id, Number(r.sequence), r.snapshot]),
      [
        [built.event.id, 3, true],
        [live[4], 4, false],
      ],
    );
    await db.query(`delete from feed_delivery where subscription_id = $1`, [subId]);
    await db.query(`update feed_subscription set status = 'deleted', deleted_at = now() where id = $1`, [
      subId,
    ]);
  });

  it('parks a webhook that always fails as a dead letter after maxAttempts, redelivers it once the receiver recovers; a slow receiver holds up no other subscription', async () => {
    const hooks: { failing: Received[]; fast: Received[]; slow: number } = { failing: [], fast: [], slow: 0 };
    let failing = true;
    const servers: Server[] = [];
    async function listen(handler: (body: string, req: IncomingHttpHeaders, res: ServerResponse) => void) {
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => handler(Buffer.concat(chunks).toString(), req.headers, res));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      const address = server.address();
      return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
    }
    const failingUrl = await listen((body, headers, res) => {
      const status = failing ? 503 : 200;
      hooks.failing.push({ headers, body, status });
      res.writeHead(status).end();
    });
    const fastUrl = await listen((body, headers, res) => {
      hooks.fast.push({ headers, body, status: 200 });
      res.writeHead(200).end();
    });
    // Answers long after WEBHOOK_TIMEOUT_MS (3 s): every attempt times out.
    const slowUrl = await listen((_body, _headers, res) => {
      hooks.slow++;
      setTimeout(() => res.writeHead(200).end(), 20_000).unref();
    });
    const ids: Record<string, string> = {};
    for (const [key, url, maxAttempts] of [
      ['failing', failingUrl, 3],
      ['slow', slowUrl, 10],
      ['fast', fastUrl, 10],
    ] as const) {
      const res = await api('/v1/subscriptions', full, {
        body: {
          dataset: 'population.citizen',
          purpose: 'testing',
          delivery: { mode: 'webhook', url, maxAttempts },
        },
      });
      const body = (await res.json()) as { id: string };
      assert.equal(res.status, 201, JSON.stringify(body));
      ids[key] = body.id;
    }
    try {
      const writes = citizens
        .filter((x) => !later.includes(x) && !in01.includes(x) && !notIn01.includes(x))
        .slice(3, 5);
      for (const c of writes) await register(c);
      const mine = new Set(writes.map((c) => c.personalId));
      const subjectsOf = (list: Received[], status = 200) =>
        new Set(
          list.filter((r) => r.status === status).map((r) => (JSON.parse(r.body) as CloudEvent).subject),
        );

      // The fast subscription gets everything while the slow one is still retrying.
      await waitFor(() => ([...mine].every((s) => subjectsOf(hooks.fast).has(s)) ? true : undefined), {
        timeoutMs: 30_000,
        intervalMs: 100,
        what: 'the fast receiver',
      });
      await waitFor(() => (hooks.slow > 0 ? true : undefined), {
        timeoutMs: 30_000,
        intervalMs: 100,
        what: 'a slow attempt',
      });
      const slowRows = await db.query<{ status: string }>(
        `select status from feed_delivery where subscription_id = $1 and subject = any($2)`,
        [ids['slow'], [...mine]],
      );
      assert.equal(slowRows.rows.length, mine.size);
      assert.ok(
        slowRows.rows.every((r) => r.status === 'pending'),
        'the slow subscription is still retrying',
      );

      // Always failing: parked after exactly maxAttempts.
      const dead = await waitFor(
        async () => {
          const r = await db.query<{ status: string; attempts: number; event_id: string }>(
            `select status, attempts, event_id from feed_delivery where subscription_id = $1 and subject = any($2)`,
            [ids['failing'], [...mine]],
          );
          return r.rows.length === mine.size && r.rows.every((x) => x.status === 'dead') ? r.rows : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 100, what: 'dead letters' },
      );
      assert.ok(
        dead.every((r) => r.attempts === 3),
        JSON.stringify(dead),
      );
      const attemptsPerEvent = new Map<string, number>();
      for (const r of hooks.failing) {
        const id = String(r.headers['webhook-id']);
        attemptsPerEvent.set(id, (attemptsPerEvent.get(id) ?? 0) + 1);
      }
      for (const r of dead) assert.equal(attemptsPerEvent.get(r.event_id), 3, 'three attempts, then parked');
      const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      assert.match(
        metrics,
        new RegExp(`ndg_webhook_dead_letters_total\\{[^}]*subscription="${ids['failing']}"[^}]*\\} 2`),
      );

      // The receiver recovers; the platform team redelivers.
      failing = false;
      const redeliver = await api(`/admin/subscriptions/${ids['failing']}/dead-letters/redeliver`, 'admin', {
        method: 'POST',
      });
      assert.equal(redeliver.status, 200);
      assert.deepEqual(await redeliver.json(), { subscription: ids['failing'], redelivered: 2 });
      await waitFor(() => ([...mine].every((s) => subjectsOf(hooks.failing).has(s)) ? true : undefined), {
        timeoutMs: 30_000,
        intervalMs: 100,
        what: 'the redelivered dead letters',
      });
      const accepted = hooks.failing
        .filter((r) => r.status === 200)
        .map((r) => String(r.headers['webhook-id']));
      assert.deepEqual(new Set(accepted), new Set(dead.map((r) => r.event_id)), 'the same event ids');
      const again = await api(`/admin/subscriptions/${ids['failing']}/dead-letters/redeliver`, 'admin', {
        method: 'POST',
      });
      assert.equal(((await again.json()) as { redelivered: number }).redelivered, 0);
    } finally {
      for (const key of ['failing', 'slow', 'fast'])
        await api(`/v1/subscriptions/${ids[key]}`, full, { method: 'DELETE' });
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    }
  });

  it('pull long-poll wakes on NOTIFY (one LISTEN connection shared by the waiters)', async () => {
    const notifications = new FeedNotifications(String(gatewayEnv['NDG_GATEWAY_DATABASE_URL']));
    try {
      await notifications.ensureConnected();
      assert.ok(notifications.listening);
      const a = notifications.arm('population.citizen');
      const b = notifications.arm('population.citizen');
      const other = notifications.arm('business.enterprise');
      assert.equal(notifications.waiting, 3);
      let otherWoke = false;
      void other.notified.then(() => (otherWoke = true));
      await db.query(`select pg_notify('ndg_feed_delivery', 'population.citizen')`);
      await Promise.all([a.notified, b.notified]);
      assert.equal(otherWoke, false, 'another dataset is not woken');
      other.cancel();
      assert.equal(notifications.waiting, 0);
    } finally {
      await notifications.stop();
    }
    // End to end: a long-poll started before the write returns with it.
    const res = await api('/v1/subscriptions', full, {
      body: { dataset: 'population.citizen', purpose: 'testing', delivery: { mode: 'pull' } },
    });
    const sub = (await res.json()) as { id: string };
    const c = citizens.filter((x) => !later.includes(x) && !in01.includes(x) && !notIn01.includes(x))[5];
    assert.ok(c);
    const polled = api(`/v1/subscriptions/${sub.id}/events?wait=25`, full);
    await register(c);
    const page = (await (await polled).json()) as { events: CloudEvent[] };
    assert.ok(page.events.length > 0, 'the long-poll returned events');
    await api(`/v1/subscriptions/${sub.id}`, full, { method: 'DELETE' });
  });

  it('stops delivering at once when the grant is removed, and deletes subscriptions', async () => {
    await writeFile(join(policiesDir, `${FULL}.yaml`), POLICIES[NONE]?.replaceAll(NONE, FULL) ?? '');
    await new Promise((r) => setTimeout(r, 1500));
    const before = (await pullAll(full, subs.pull ?? '')).length;
    const c = citizens.find((x) => !later.includes(x) && !in01.includes(x) && !notIn01.includes(x));
    assert.ok(c);
    await register(c);
    await new Promise((r) => setTimeout(r, 3000));
    // The pull read itself re-checks the policy: nothing is disclosed any more.
    assert.equal((await pullAll(full, subs.pull ?? '')).length, 0, `had ${before} before`);
    assert.ok(
      !received.some((r) => r.status === 200 && (JSON.parse(r.body) as CloudEvent).subject === c.personalId),
    );
    const del = await api(`/v1/subscriptions/${subs.scoped}`, scoped, { method: 'DELETE' });
    assert.equal(del.status, 204);
    const gone = await api(`/v1/subscriptions/${subs.scoped}/events`, scoped);
    assert.equal(gone.status, 404);
  });

  it('retention prunes delivered rows and the events no delivery needs, keeps pending and dead ones', async () => {
    const before = await db.query<{ status: string; n: string }>(
      `select status, count(*)::text as n from feed_delivery group by status`,
    );
    const count = (status: string) => Number(before.rows.find((r) => r.status === status)?.n ?? 0);
    assert.ok(count('delivered') > 0);
    const deliveredEvents = await db.query<{ event_id: string }>(
      `select d.event_id from feed_delivery d where d.status = 'delivered'
         and not exists (select 1 from feed_delivery o where o.event_id = d.event_id and o.status not in ('delivered', 'dropped'))
       limit 20`,
    );
    // An active subscription still owes one pending and one dead delivery.
    const owedSub = randomUUID();
    await db.query(
      `insert into feed_subscription (id, agency, officer, purpose, case_ref, dataset, mode, start_kind)
       values ($1, 'retention-test', 'o', 'testing', 'c', 'population.citizen', 'pull', 'now')`,
      [owedSub],
    );
    for (const status of ['pending', 'dead']) {
      const eventId = randomUUID();
      await db.query(
        `insert into feed_event (id, source, type, subject, sequence, time, dataschema, data, topic, kafka_partition,
           kafka_offset, received_at)
         values ($1, '/registries/population', 'population.citizen.born', '000000000001', 1, now(), 'x', '{}', 't', 0, 0,
           now() - interval '2 days')`,
        [eventId],
      );
      await db.query(
        `insert into feed_delivery (subscription_id, event_id, subject, sequence, status, created_at)
         values ($1, $2, '000000000001', 1, $3, now() - interval '2 days')`,
        [owedSub, eventId, status],
      );
    }
    const owed = await db.query<{ event_id: string }>(
      `select event_id from feed_delivery where subscription_id = $1`,
      [owedSub],
    );
    const retention = new FeedRetention(db, { retentionMs: 0, intervalMs: 1000 });
    const pruned = await retention.prune();
    assert.ok(pruned.deliveries >= count('delivered'), JSON.stringify(pruned));
    const after = await db.query<{ n: string }>(
      `select count(*)::text as n from feed_delivery where status = 'delivered'`,
    );
    assert.equal(Number(after.rows[0]?.n), 0);
    const gone = await db.query(`select 1 from feed_event where id = any($1)`, [
      deliveredEvents.rows.map((r) => r.event_id),
    ]);
    assert.equal(gone.rowCount, 0, 'events only delivered rows referred to are pruned');
    const kept = await db.query(
      `select distinct d.event_id from feed_delivery d join feed_event e on e.id = d.event_id where d.event_id = any($1)`,
      [owed.rows.map((r) => r.event_id)],
    );
    assert.equal(kept.rowCount, 2, 'owed deliveries and their events stay');
    await db.query(`update feed_subscription set status = 'deleted', deleted_at = now() where id = $1`, [
      owedSub,
    ]);
  });
});
