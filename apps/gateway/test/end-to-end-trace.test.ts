// One trace from an officer's write to an agency's webhook: the population registry and the
// gateway run as real processes with the telemetry preload, exporting their spans (Zipkin JSON)
// to a collector in this test that keeps them in memory.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateCitizens } from '@ndg/synthetic';
import {
  spawnService,
  testInfrastructure,
  uniqueSuffix,
  waitFor,
  type ServiceProcess,
  type TestInfrastructure,
} from '@ndg/testing';
import { signToken, testAgency, type TestAgency } from './agency-keys.js';

interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  kind?: string;
  localEndpoint?: { serviceName?: string };
  tags?: Record<string, string>;
}

const ADMIN_TOKEN = `admin-${randomBytes(12).toString('hex')}`;
const SUFFIX = uniqueSuffix()
  .replace(/[^a-z0-9]/g, '')
  .slice(-8);
const AGENCY = `tr${SUFFIX}`;

/** An in-memory span collector speaking the Zipkin v2 API the SDK's exporter posts to. */
async function startCollector(): Promise<{ spans: ZipkinSpan[]; endpoint: string; server: Server }> {
  const spans: ZipkinSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      spans.push(...(JSON.parse(Buffer.concat(chunks).toString()) as ZipkinSpan[]));
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { spans, endpoint: `http://127.0.0.1:${port}/api/v2/spans`, server };
}

describe('one trace from an officer write to the agency webhook', { timeout: 180_000 }, () => {
  let infra: TestInfrastructure;
  let registry: ServiceProcess;
  let gateway: ServiceProcess;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let receiver: Server;
  let receiverUrl: string;
  let agency: TestAgency;
  let dirs: string[] = [];
  const hooks: { headers: IncomingHttpHeaders; body: string }[] = [];

  before(async () => {
    infra = await testInfrastructure();
    collector = await startCollector();
    const tracing = {
      OTEL_TRACES_EXPORTER: 'zipkin',
      OTEL_EXPORTER_ZIPKIN_ENDPOINT: collector.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    const populationDb = await infra.freshDatabase('trace_population');
    const gatewayDb = await infra.freshDatabase('trace_gateway');
    registry = await spawnService('population-registry', {
      tracing: true,
      env: {
        ...tracing,
        OTEL_SERVICE_NAME: 'population-registry',
        NDG_POPULATION_DATABASE_URL: populationDb.url,
        KAFKA_BROKERS: infra.brokers.join(','),
      },
    });
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        hooks.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const address = receiver.address();
    receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;

    agency = await testAgency(AGENCY, 'ES256');
    const policiesDir = await mkdtemp(join(tmpdir(), 'trace-policies-'));
    const agenciesDir = await mkdtemp(join(tmpdir(), 'trace-agencies-'));
    dirs = [policiesDir, agenciesDir];
    await writeFile(
      join(policiesDir, `${AGENCY}.yaml`),
      `agency: ${AGENCY}\ngrants:\n  - dataset: population.citizen\n    operations: [subscribe]\n    purposes: [testing]\n    fields: [personalId, fullName]\n    validFrom: 2020-01-01\n    legalBasis: Trace test grant\n`,
    );
    await writeFile(
      join(agenciesDir, `${AGENCY}.json`),
      JSON.stringify({ id: AGENCY, keys: [agency.publicJwk] }),
    );
    gateway = await spawnService('gateway', {
      tracing: true,
      env: {
        ...tracing,
        OTEL_SERVICE_NAME: 'gateway',
        ADMIN_TOKEN,
        POLICIES_DIR: policiesDir,
        AGENCIES_DIR: agenciesDir,
        NDG_GATEWAY_DATABASE_URL: gatewayDb.url,
        POPULATION_REGISTRY_URL: registry.url,
        BUSINESS_REGISTRY_URL: 'http://127.0.0.1:9',
        INSURANCE_REGISTRY_URL: 'http://127.0.0.1:9',
        FEEDS_ENABLED: 'true',
        KAFKA_BROKERS: infra.brokers.join(','),
        CONSUMER_GROUP_PREFIX: `trace-${SUFFIX}`,
        FEED_TOPICS: 'registry.population.citizen',
        QUARANTINE_TOPIC: `gateway.quarantine.${SUFFIX}`,
        FEED_START_AT: 'latest',
        FEED_DISPATCH_INTERVAL_MS: '50',
      },
    });
  });

  after(async () => {
    await gateway?.stop();
    await registry?.stop();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (collector ? collector.server.close(() => resolve()) : resolve()));
    await infra?.cleanup();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('covers the HTTP write, its transaction, the relay publish, the gateway consume and delivery, and the webhook POST', async () => {
    const token = await signToken(agency, { purpose: 'testing', caseRef: 'TRACE-1' });
    const sub = await fetch(`${gateway.url}/v1/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        dataset: 'population.citizen',
        purpose: 'testing',
        delivery: { mode: 'webhook', url: receiverUrl, maxAttempts: 5 },
        start: 'now',
      }),
    });
    assert.equal(sub.status, 201, await sub.clone().text());
    // The feed worker must be in its group before the write, or 'now' starts after it.
    const admin = infra.kafka.admin();
    await admin.connect();
    try {
      await waitFor(
        async () => {
          const { groups } = await admin.describeGroups([`trace-${SUFFIX}.gateway.feeds`]);
          return groups[0]?.state === 'Stable' ? true : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 250, what: 'the feed worker joining its group' },
      );
    } finally {
      await admin.disconnect();
    }

    const citizen = [...generateCitizens(Date.now() % 1_000_000, 5)].find((c) => c.status === 'alive')!;
    const { version: _v, ...fields } = citizen;
    const write = await fetch(`${registry.url}/citizens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fields),
    });
    assert.equal(write.status, 201);

    const hook = await waitFor(() => hooks.find((h) => h.body.includes(citizen.personalId)), {
      timeoutMs: 60_000,
      what: 'the webhook',
    });
    const traceId = /^00-([0-9a-f]{32})-/.exec(String(hook.headers['traceparent'] ?? ''))?.[1];
    assert.ok(traceId, `the webhook request carries a traceparent: ${String(hook.headers['traceparent'])}`);

    const need = (spans: ZipkinSpan[]) => {
      const inTrace = spans.filter((s) => s.traceId === traceId);
      const by = (service: string, test: (s: ZipkinSpan) => boolean) =>
        inTrace.find((s) => s.localEndpoint?.serviceName === service && test(s));
      const found = {
        write: by(
          'population-registry',
          (s) => s.kind === 'SERVER' && s.name.toLowerCase().startsWith('post'),
        ),
        transaction: by('population-registry', (s) => /commit/i.test(s.name)),
        publish: by(
          'population-registry',
          (s) => s.kind === 'PRODUCER' && s.name === 'send registry.population.citizen',
        ),
        consume: by(
          'gateway',
          (s) => s.kind === 'CONSUMER' && s.name === 'process registry.population.citizen',
        ),
        delivery: by('gateway', (s) => s.name === 'deliver webhook'),
        post: by(
          'gateway',
          (s) =>
            s.kind === 'CLIENT' && (s.tags?.['url.full'] ?? s.tags?.['http.url'] ?? '').includes('/hook'),
        ),
      };
      const { write, transaction, publish, consume, delivery, post } = found;
      return write && transaction && publish && consume && delivery && post
        ? { write, transaction, publish, consume, delivery, post }
        : undefined;
    };
    const found = await waitFor(() => need(collector.spans), {
      timeoutMs: 30_000,
      what: `all six spans in trace ${traceId}; have ${collector.spans
        .filter((s) => s.traceId === traceId)
        .map((s) => `${s.localEndpoint?.serviceName}:${s.kind ?? 'INTERNAL'}:${s.name}`)
        .join(', ')}`,
    });

    const byId = new Map(collector.spans.filter((s) => s.traceId === traceId).map((s) => [s.id, s]));
    const ancestors = (span: ZipkinSpan): string[] => {
      const chain: string[] = [];
      for (let p = span.parentId; p; p = byId.get(p)?.parentId) chain.push(p);
      return chain;
    };
    // Parent/child: the transaction and the publish descend from the officer's request, the
    // consume from the publish, the delivery from the consume, the POST from the delivery.
    assert.ok(ancestors(found.transaction).includes(found.write.id), 'transaction under the write');
    assert.ok(
      ancestors(found.publish).includes(found.write.id),
      'publish under the write (via the outbox row)',
    );
    assert.equal(found.consume.parentId, found.publish.id, 'consume is a child of the publish');
    assert.ok(
      ancestors(found.delivery).includes(found.consume.id),
      'delivery under the consume (via the feed row)',
    );
    assert.equal(found.post.parentId, found.delivery.id, 'the webhook POST is a child of the delivery');
    assert.deepEqual(
      new Set(Object.values(found).map((s) => s.localEndpoint?.serviceName)),
      new Set(['population-registry', 'gateway']),
    );
  });
});
