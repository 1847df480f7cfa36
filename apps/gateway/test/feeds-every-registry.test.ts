// Change feeds from every registry: the population, business and insurance registries and the gateway
// run as real processes on the real broker and database. One agency subscribes to all three datasets
// (identity fields only) by pull, Kafka and webhook; another agency has no grant at all.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import type { Consumer, KafkaMessage } from 'kafkajs';
import type { Citizen, Dataset, Enterprise, Participant } from '@ndg/contracts';
import { fromKafkaRecord, type CloudEvent } from '@ndg/events';
import { generateDataset } from '@ndg/synthetic';
import {
  freePort,
  spawnService,
  testInfrastructure,
  uniqueSuffix,
  waitFor,
  type ServiceProcess,
  type TestInfrastructure,
  ensureTopic,
} from '@ndg/testing';
import { signToken, testAgency, type TestAgency } from './agency-keys.js';

type Data = Record<string, unknown>;
type Event = CloudEvent<Data>;

const ADMIN_TOKEN = `admin-${randomBytes(12).toString('hex')}`;
const SUFFIX = uniqueSuffix()
  .replace(/[^a-z0-9]/g, '')
  .slice(-8);
const GRANTED = `eg${SUFFIX}`; // subscribe on all three datasets, identity fields only
const UNGRANTED = `en${SUFFIX}`; // a registered agency without any policy
const DATASETS = ['population.citizen', 'business.enterprise', 'insurance.participant'] as const;
const TOPICS = DATASETS.map((d) => `registry.${d}`);
const MODES = ['pull', 'kafka', 'webhook'] as const;
type Mode = (typeof MODES)[number];

/** The granted fields per dataset: the identity fields every record carries. */
const FIELDS: Record<Dataset, readonly string[]> = {
  'population.citizen': ['personalId', 'fullName', 'dateOfBirth'],
  'business.enterprise': ['enterpriseCode', 'name'],
  'insurance.participant': ['socialInsuranceNumber', 'personalId'],
};
const CREATED: Record<Dataset, string> = {
  'population.citizen': 'population.citizen.born',
  'business.enterprise': 'business.enterprise.registered',
  'insurance.participant': 'insurance.participant.enrolled',
};

const POLICY = `agency: ${GRANTED}
grants:
${DATASETS.map(
  (d) => `  - dataset: ${d}
    operations: [subscribe]
    purposes: [testing]
    fields: [${FIELDS[d].join(', ')}]
    validFrom: 2020-01-01
    legalBasis: Test feed grant on ${d}
`,
).join('')}`;

// Ids of this run only: the registry topics are shared with other suites and reruns.
const RUN = String(randomInt(0, 10_000_000)).padStart(7, '0');
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const generated = generateDataset({
  seed: randomInt(1, 1_000_000),
  citizens: 400,
  enterprises: 30,
  participants: 60,
});
const citizens: Citizen[] = generated.citizens
  .filter((c) => c.status === 'alive')
  .slice(0, 4)
  .map((c, i) => ({ ...c, personalId: `8${RUN}${pad(i, 4)}`, version: 1 }));
const enterprises: Enterprise[] = generated.enterprises
  .filter((e) => e.legalForm !== 'branch')
  .slice(0, 4)
  .map((e, i) => ({
    ...e,
    enterpriseCode: `${RUN}${pad(i, 3)}`,
    status: 'active',
    legalRepresentativeDeceased: false,
    version: 1,
  }));
const participants: Participant[] = generated.participants
  .filter(
    (p) => p.status === 'active' && p.schemes.healthInsurance?.endDate === undefined && p.healthInsuranceCard,
  )
  .slice(0, 4)
  .map((p, i): Participant => {
    const socialInsuranceNumber = `9${RUN}${pad(i, 2)}`;
    const card = p.healthInsuranceCard;
    return {
      ...p,
      socialInsuranceNumber,
      personalId: `9${RUN}${pad(i, 4)}`,
      ...(card
        ? { healthInsuranceCard: { ...card, number: card.number.slice(0, 5) + socialInsuranceNumber } }
        : {}),
      version: 1,
    };
  });

interface Hook {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly status: number;
}

/** A receiver on 127.0.0.1 (port 0: any), answering with `status(path)`. */
async function startReceiver(port: number, status: (body: string) => number, into: Hook[]): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const code = status(body);
      into.push({ path: req.url ?? '', headers: req.headers, body, status: code });
      res.writeHead(code).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}

function portOf(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

async function closeServer(server: Server | undefined): Promise<void> {
  if (!server?.listening) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

const sorted = (keys: Iterable<string>) => [...keys].sort();
const datasetOf = (e: Pick<Event, 'type'>) => e.type.split('.').slice(0, 2).join('.') as Dataset;

describe('change feeds from all three registries to every delivery mode', { timeout: 300_000 }, () => {
  let infra: TestInfrastructure;
  let population: ServiceProcess | undefined;
  let business: ServiceProcess | undefined;
  let insurance: ServiceProcess | undefined;
  let gateway: ServiceProcess | undefined;
  let db: pg.Pool | undefined;
  let dirs: string[] = [];
  let granted: TestAgency;
  let ungranted: TestAgency;
  let receiver: Server | undefined;
  let receiverBase = '';
  let flaky: Server | undefined;
  let consumer: Consumer | undefined;
  const hooks: Hook[] = [];
  const feedMessages: { topic: string; message: KafkaMessage }[] = [];
  const group = `fer-${SUFFIX}`;
  const quarantineTopic = `gateway.quarantine.fer${SUFFIX}`;
  const subs = new Map<string, { id: string; secret?: string }>();
  const key = (dataset: Dataset, mode: Mode) => `${dataset}/${mode}`;

  async function api(path: string, agency: TestAgency, body?: unknown): Promise<Response> {
    const token = await signToken(agency, { purpose: 'testing', caseRef: 'FEED-ALL-1' });
    return fetch(`${gateway?.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  async function subscribe(
    agency: TestAgency,
    dataset: Dataset,
    delivery: Record<string, unknown>,
  ): Promise<{ status: number; body: { id?: string; secret?: string; code?: string } }> {
    const res = await api('/v1/subscriptions', agency, {
      dataset,
      purpose: 'testing',
      delivery,
      start: 'now',
    });
    return {
      status: res.status,
      body: (await res.json()) as { id?: string; secret?: string; code?: string },
    };
  }

  async function pullAll(agency: TestAgency, id: string): Promise<Event[]> {
    const out: Event[] = [];
    let cursor = '';
    for (;;) {
      const res = await api(
        `/v1/subscriptions/${id}/events?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        agency,
      );
      assert.equal(res.status, 200, await res.clone().text());
      const page = (await res.json()) as { events: Event[]; nextCursor: string };
      out.push(...page.events);
      if (page.events.length === 0) return out;
      cursor = page.nextCursor;
    }
  }

  async function write(
    service: ServiceProcess | undefined,
    path: string,
    body: unknown,
    method = 'POST',
    ifMatch?: string,
  ) {
    const res = await fetch(`${service?.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(ifMatch ? { 'if-match': ifMatch } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.status === 200 || res.status === 201, `${method} ${path}: ${res.status} ${text}`);
    return res.headers.get('etag') ?? '';
  }
  const withoutVersion = <T extends { version: number }>(r: T) => {
    const { version: _v, ...fields } = r;
    return fields;
  };
  const registerCitizen = (c: Citizen) => write(population, '/citizens', withoutVersion(c));
  const registerEnterprise = (e: Enterprise) => write(business, '/enterprises', withoutVersion(e));
  const enrolParticipant = (p: Participant) => write(insurance, '/participants', withoutVersion(p));

  const kafkaEvents = (): Event[] =>
    feedMessages.map(({ topic, message }) => {
      const parsed = fromKafkaRecord(message);
      assert.ok(parsed.ok, `a CloudEvent on ${topic}`);
      return parsed.event as Event;
    });

  before(async () => {
    assert.equal(citizens.length, 4);
    assert.equal(enterprises.length, 4);
    assert.equal(participants.length, 4, 'enough active participants with a card in the generated dataset');
    infra = await testInfrastructure();
    const brokers = infra.brokers.join(',');
    // The registry topics are shared: make sure they exist, never delete them.
    const admin = infra.kafka.admin();
    await admin.connect();
    try {
      for (const topic of TOPICS) await ensureTopic(admin, topic);
    } finally {
      await admin.disconnect();
    }
    // This run's topics: cleanup deletes them.
    await infra.createTopic(quarantineTopic, 1);
    for (const d of DATASETS) await infra.createTopic(`feed.${GRANTED}.${d}`, 3);

    const [populationDb, businessDb, insuranceDb, gatewayDb] = await Promise.all([
      infra.freshDatabase('fer_population'),
      infra.freshDatabase('fer_business'),
      infra.freshDatabase('fer_insurance'),
      infra.freshDatabase('fer_gateway'),
    ]);
    [population, business, insurance] = await Promise.all([
      spawnService('population-registry', {
        env: {
          NDG_POPULATION_DATABASE_URL: populationDb.url,
          KAFKA_BROKERS: brokers,
          CONSUMER_GROUP_PREFIX: `${group}-pop`,
        },
      }),
      spawnService('business-registry', {
        env: {
          NDG_BUSINESS_DATABASE_URL: businessDb.url,
          KAFKA_BROKERS: brokers,
          CONSUMER_GROUP_PREFIX: `${group}-biz`,
        },
      }),
      spawnService('insurance-registry', {
        env: {
          NDG_INSURANCE_DATABASE_URL: insuranceDb.url,
          KAFKA_BROKERS: brokers,
          CONSUMER_GROUP_PREFIX: `${group}-ins`,
        },
      }),
    ]);

    granted = await testAgency(GRANTED, 'ES256');
    ungranted = await testAgency(UNGRANTED, 'EdDSA');
    const policiesDir = await mkdtemp(join(tmpdir(), 'fer-policies-'));
    const agenciesDir = await mkdtemp(join(tmpdir(), 'fer-agencies-'));
    dirs = [policiesDir, agenciesDir];
    await writeFile(join(policiesDir, `${GRANTED}.yaml`), POLICY);
    for (const a of [granted, ungranted])
      await writeFile(join(agenciesDir, `${a.id}.json`), JSON.stringify({ id: a.id, keys: [a.publicJwk] }));

    receiver = await startReceiver(0, () => 200, hooks);
    receiverBase = `http://127.0.0.1:${portOf(receiver)}`;

    gateway = await spawnService('gateway', {
      env: {
        ADMIN_TOKEN,
        POLICIES_DIR: policiesDir,
        AGENCIES_DIR: agenciesDir,
        NDG_GATEWAY_DATABASE_URL: gatewayDb.url,
        POPULATION_REGISTRY_URL: population.url,
        BUSINESS_REGISTRY_URL: business.url,
        INSURANCE_REGISTRY_URL: insurance.url,
        FEEDS_ENABLED: 'true',
        KAFKA_BROKERS: brokers,
        CONSUMER_GROUP_PREFIX: group,
        FEED_TOPICS: TOPICS.join(','),
        QUARANTINE_TOPIC: quarantineTopic,
        FEED_START_AT: 'latest',
        FEED_DISPATCH_INTERVAL_MS: '50',
        WEBHOOK_RETRY_BASE_MS: '100',
        WEBHOOK_RETRY_MAX_MS: '1000',
        WEBHOOK_TIMEOUT_MS: '3000',
      },
    });
    db = new pg.Pool({ connectionString: gatewayDb.url, max: 2 });
    // 'now' starts at the topic ends: the feed worker must be in its group before any write, and
    // its group must hold a committed position on every partition of the three topics. A Stable
    // group alone is not enough: its positions on topics without traffic stay unset (-1) for
    // several seconds after the join and are then set to the end, skipping records written meanwhile.
    const groups = infra.kafka.admin();
    await groups.connect();
    try {
      await waitFor(
        async () => {
          const { groups: described } = await groups.describeGroups([`${group}.gateway.feeds`]);
          if (described[0]?.state !== 'Stable' || described[0].members.length === 0) return undefined;
          const committed = await groups.fetchOffsets({ groupId: `${group}.gateway.feeds`, topics: TOPICS });
          return committed.length === TOPICS.length &&
            committed.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.offset !== '-1'))
            ? true
            : undefined;
        },
        {
          timeoutMs: 60_000,
          intervalMs: 250,
          what: 'the feed worker in its group with a position on every partition',
        },
      );
    } finally {
      await groups.disconnect();
    }

    consumer = infra.kafka.consumer({ groupId: `${group}-reader` });
    await consumer.connect();
    await consumer.subscribe({ topics: DATASETS.map((d) => `feed.${GRANTED}.${d}`), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        feedMessages.push({ topic, message });
      },
    });
  });

  after(async () => {
    await consumer?.disconnect().catch(() => undefined);
    for (const child of [gateway, population, business, insurance])
      await child?.stop().catch(() => undefined);
    await db?.end().catch(() => undefined);
    await closeServer(receiver);
    await closeServer(flaky);
    await infra?.cleanup();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('refuses every subscribe attempt of the agency without a grant (403), by every mode and dataset', async () => {
    for (const dataset of DATASETS)
      for (const mode of MODES) {
        const delivery = mode === 'webhook' ? { mode, url: `${receiverBase}/hook/${UNGRANTED}` } : { mode };
        const res = await subscribe(ungranted, dataset, delivery);
        assert.equal(res.status, 403, `${dataset} by ${mode}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.code, 'POLICY.UNKNOWN_AGENCY', JSON.stringify(res.body));
        assert.equal(res.body.id, undefined);
      }
  });

  it('subscribes the granted agency to all three datasets by pull, kafka and webhook', async () => {
    for (const dataset of DATASETS)
      for (const mode of MODES) {
        const delivery =
          mode === 'webhook' ? { mode, url: `${receiverBase}/hook/${dataset}`, maxAttempts: 10 } : { mode };
        const res = await subscribe(granted, dataset, delivery);
        assert.equal(res.status, 201, `${dataset} by ${mode}: ${JSON.stringify(res.body)}`);
        assert.ok(res.body.id);
        if (mode === 'webhook') assert.match(res.body.secret ?? '', /^whsec_/);
        subs.set(key(dataset, mode), {
          id: res.body.id,
          ...(res.body.secret ? { secret: res.body.secret } : {}),
        });
      }
    const list = (await (await api('/v1/subscriptions', granted)).json()) as { subscriptions: unknown[] };
    assert.equal(list.subscriptions.length, 9);
  });

  it('delivers a write of each registry by each mode, projected to exactly the granted fields; the ungranted agency gets nothing', async () => {
    const [c, e, p] = [citizens[0], enterprises[0], participants[0]];
    assert.ok(c && e && p);
    await registerCitizen(c);
    await registerEnterprise(e);
    await enrolParticipant(p);
    const subjectOf: Record<Dataset, string> = {
      'population.citizen': c.personalId,
      'business.enterprise': e.enterpriseCode,
      'insurance.participant': p.socialInsuranceNumber,
    };
    const record: Record<Dataset, Data> = {
      'population.citizen': { ...c },
      'business.enterprise': { ...e },
      'insurance.participant': { ...p },
    };
    const mine = new Set(Object.values(subjectOf));
    const checkEvent = (dataset: Dataset, ev: Event, how: string) => {
      assert.equal(ev.type, CREATED[dataset], how);
      assert.equal(ev.subject, subjectOf[dataset], how);
      assert.equal(ev.sequence, 1, how);
      assert.deepEqual(
        sorted(Object.keys(ev.data)),
        sorted(['changedFields', ...FIELDS[dataset]]),
        `${how}: projected keys`,
      );
      for (const f of FIELDS[dataset]) assert.deepEqual(ev.data[f], record[dataset][f], `${how}: ${f}`);
      assert.deepEqual(
        sorted(ev.data['changedFields'] as string[]),
        sorted(FIELDS[dataset]),
        `${how}: changedFields`,
      );
    };

    // Pull.
    const pulledIds = new Map<Dataset, string>();
    for (const dataset of DATASETS) {
      const id = subs.get(key(dataset, 'pull'))?.id ?? '';
      const events = await waitFor(
        async () => {
          const all = (await pullAll(granted, id)).filter((x) => mine.has(x.subject));
          return all.length > 0 ? all : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 300, what: `the pulled ${dataset} event` },
      );
      assert.equal(events.length, 1, JSON.stringify(events));
      const [ev] = events;
      assert.ok(ev);
      checkEvent(dataset, ev, `pull ${dataset}`);
      pulledIds.set(dataset, ev.id);
    }

    // Kafka: feed.<agency>.<domain>.<entity>, keyed by subject.
    const fromKafka = await waitFor(
      () => {
        const got = kafkaEvents().filter((x) => mine.has(x.subject));
        return new Set(got.map((x) => x.id)).size >= DATASETS.length ? got : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'the kafka feed messages of all three datasets' },
    );
    for (const dataset of DATASETS) {
      const onTopic = feedMessages.filter(
        ({ topic, message }) =>
          topic === `feed.${GRANTED}.${dataset}` && mine.has(message.key?.toString() ?? ''),
      );
      assert.ok(onTopic.length >= 1, `a record on feed.${GRANTED}.${dataset}`);
      assert.equal(onTopic[0]?.message.key?.toString(), subjectOf[dataset], 'keyed by subject');
      const events = fromKafka.filter((x) => datasetOf(x) === dataset);
      assert.deepEqual(
        new Set(events.map((x) => x.id)),
        new Set([pulledIds.get(dataset)]),
        `kafka ${dataset}: same event`,
      );
      for (const ev of events) checkEvent(dataset, ev, `kafka ${dataset}`);
    }

    // Webhook: one path per dataset, each subscription with its own secret.
    const accepted = await waitFor(
      () => {
        const got = hooks.filter((h) => h.status === 200 && mine.has((JSON.parse(h.body) as Event).subject));
        return got.length >= DATASETS.length ? got : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'the webhooks of all three datasets' },
    );
    assert.equal(accepted.length, DATASETS.length, 'one POST per event');
    for (const dataset of DATASETS) {
      const hook = accepted.find((h) => h.path === `/hook/${dataset}`);
      assert.ok(hook, `a webhook for ${dataset}`);
      const payload = new Webhook(subs.get(key(dataset, 'webhook'))?.secret ?? '').verify(hook.body, {
        'webhook-id': String(hook.headers['webhook-id']),
        'webhook-timestamp': String(hook.headers['webhook-timestamp']),
        'webhook-signature': String(hook.headers['webhook-signature']),
      }) as Event;
      assert.equal(payload.id, pulledIds.get(dataset), `webhook ${dataset}: same event`);
      assert.equal(hook.headers['webhook-id'], payload.id);
      checkEvent(dataset, payload, `webhook ${dataset}`);
    }

    // The ungranted agency: no subscription, no delivery row, no feed topic, no POST.
    assert.ok(db);
    const rows = await db.query<{ subscriptions: number; deliveries: number }>(
      `select (select count(*)::int from feed_subscription where agency = $1) as subscriptions,
              (select count(*)::int from feed_delivery d join feed_subscription s on s.id = d.subscription_id
                 where s.agency = $1) as deliveries`,
      [UNGRANTED],
    );
    assert.deepEqual(rows.rows[0], { subscriptions: 0, deliveries: 0 });
    assert.ok(!hooks.some((h) => h.path.includes(UNGRANTED)), 'nothing POSTed for the ungranted agency');
    const admin = infra.kafka.admin();
    await admin.connect();
    try {
      assert.deepEqual(
        (await admin.listTopics()).filter((t) => t.startsWith(`feed.${UNGRANTED}.`)),
        [],
      );
    } finally {
      await admin.disconnect();
    }
    const list = await api('/v1/subscriptions', ungranted);
    if (list.status === 200)
      assert.deepEqual(((await list.json()) as { subscriptions: unknown[] }).subscriptions, []);
    else assert.equal(list.status, 403, await list.text());
  });

  it('a webhook receiver down at first, then answering 500, then recovered, gets every event once, in sequence order per subject, signed', async () => {
    // A port nothing listens on: connection refused until the receiver starts there.
    const port = await freePort();
    const flakyBase = `http://127.0.0.1:${port}`;
    const secrets = new Map<string, string>();
    const ids: string[] = [];
    for (const dataset of DATASETS) {
      const res = await subscribe(granted, dataset, {
        mode: 'webhook',
        url: `${flakyBase}/hook/${dataset}`,
        maxAttempts: 50,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.ok(res.body.id && res.body.secret);
      secrets.set(`/hook/${dataset}`, res.body.secret);
      ids.push(res.body.id);
    }
    // Two writes per subject in each registry.
    const [c, e, p] = [citizens[1], enterprises[1], participants[1]];
    assert.ok(c && e && p);
    const citizenTag = await registerCitizen(c);
    await write(
      population,
      `/citizens/${c.personalId}/name`,
      { fullName: 'Nguyễn Văn Đổi Tên' },
      'PUT',
      citizenTag,
    );
    const enterpriseTag = await registerEnterprise(e);
    await write(
      business,
      `/enterprises/${e.enterpriseCode}`,
      { name: 'Công ty TNHH Tên Mới' },
      'PUT',
      enterpriseTag,
    );
    const participantTag = await enrolParticipant(p);
    await write(
      insurance,
      `/participants/${p.socialInsuranceNumber}/status`,
      { status: 'suspended' },
      'PUT',
      participantTag,
    );
    const subjects = [c.personalId, e.enterpriseCode, p.socialInsuranceNumber];
    const mine = new Set(subjects);
    const expected = subjects.length * 2;

    // Down: every event is owed, and the first of each subject has failed to connect at least once.
    assert.ok(db);
    const pool = db;
    await waitFor(
      async () => {
        const r = await pool.query<{
          subject: string;
          sequence: string;
          attempts: number;
          last_error: string | null;
        }>(
          `select subject, sequence::text as sequence, attempts, last_error from feed_delivery
           where subscription_id = any($1::uuid[]) and subject = any($2)`,
          [ids, subjects],
        );
        if (r.rows.length < expected) return undefined;
        assert.ok(
          r.rows.every((x) => x.attempts < 50),
          'none parked',
        );
        const firsts = r.rows.filter((x) => x.sequence === '1');
        return firsts.length === subjects.length &&
          firsts.every((x) => x.attempts >= 1 && /^webhook: /.test(x.last_error ?? ''))
          ? true
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100, what: 'failed attempts against the receiver that is down' },
    );

    // Up on the same port: the first requests answer 500, then it recovers.
    const received: Hook[] = [];
    let failuresLeft = 4;
    // Other suites write to the same registry topics meanwhile: only this test's events get the 500s.
    const isMine = (body: string) => mine.has((JSON.parse(body) as Event).subject);
    flaky = await startReceiver(port, (body) => (isMine(body) && failuresLeft-- > 0 ? 500 : 200), received);
    const mineOf = (list: Hook[]) => list.filter((h) => isMine(h.body));
    const acceptedOnce = (list: Hook[]) => {
      const byId = new Map<string, Hook>();
      for (const h of mineOf(list))
        if (h.status === 200 && !byId.has(String(h.headers['webhook-id'])))
          byId.set(String(h.headers['webhook-id']), h);
      return byId;
    };
    await waitFor(() => (acceptedOnce(received).size >= expected ? true : undefined), {
      timeoutMs: 90_000,
      intervalMs: 200,
      what: 'every event accepted by the recovered receiver',
    });
    // Settled: every delivery row is delivered, nothing left in flight.
    await waitFor(
      async () => {
        const r = await pool.query<{ status: string }>(
          `select status from feed_delivery where subscription_id = any($1::uuid[]) and subject = any($2)`,
          [ids, subjects],
        );
        return r.rows.length === expected && r.rows.every((x) => x.status === 'delivered') ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'every delivery row delivered' },
    );

    const all = mineOf(received);
    assert.equal(all.filter((h) => h.status === 500).length, 4, 'the receiver answered 500 first');
    // Signatures: every request, failed or accepted, verifies with its subscription's secret.
    for (const h of all) {
      const secret = secrets.get(h.path);
      assert.ok(secret, `a path of this test: ${h.path}`);
      const payload = new Webhook(secret).verify(h.body, {
        'webhook-id': String(h.headers['webhook-id']),
        'webhook-timestamp': String(h.headers['webhook-timestamp']),
        'webhook-signature': String(h.headers['webhook-signature']),
      }) as Event;
      assert.equal(payload.id, h.headers['webhook-id']);
      assert.equal(h.path, `/hook/${datasetOf(payload)}`);
      assert.deepEqual(
        sorted(Object.keys(payload.data)),
        sorted(['changedFields', ...FIELDS[datasetOf(payload)]]),
      );
    }
    // Exactly once per event id: one accepted POST each, the six events of this test.
    const accepted = all.filter((h) => h.status === 200);
    const acceptedIds = accepted.map((h) => String(h.headers['webhook-id']));
    assert.equal(
      new Set(acceptedIds).size,
      acceptedIds.length,
      `no event accepted twice: ${JSON.stringify(acceptedIds)}`,
    );
    assert.equal(acceptedIds.length, expected);
    const events = accepted.map((h) => JSON.parse(h.body) as Event);
    // In sequence order per subject.
    for (const subject of subjects) {
      const list = events.filter((x) => x.subject === subject);
      assert.deepEqual(
        list.map((x) => x.sequence),
        [1, 2],
        `${subject}: ${JSON.stringify(list.map((x) => [x.type, x.sequence]))}`,
      );
      assert.equal(list[0]?.type, CREATED[datasetOf(list[0] ?? { type: '' })]);
    }
    // A failed attempt is retried with the same event id: every id that failed was accepted later.
    for (const h of all.filter((x) => x.status === 500))
      assert.ok(acceptedIds.includes(String(h.headers['webhook-id'])), 'the retried event was accepted');
  });
});
