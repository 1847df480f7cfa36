// A schema that is wrong quarantines good events; after the corrected schema is rolled out (a
// gateway restart with the fixed schemas), a replay delivers each quarantined event exactly once.
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { findWorkspaceRoot } from '@ndg/database';
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

const ROOT = findWorkspaceRoot() ?? process.cwd();
const ADMIN_TOKEN = `admin-${randomBytes(12).toString('hex')}`;
const SUFFIX = uniqueSuffix()
  .replace(/[^a-z0-9]/g, '')
  .slice(-8);
const AGENCY = `sf${SUFFIX}`;
const DEFS = join('common', 'defs.v1.schema.json');

describe('replay after a schema fix', { timeout: 240_000 }, () => {
  let infra: TestInfrastructure;
  let registry: ServiceProcess;
  let gateway: ServiceProcess | undefined;
  let gatewayEnv: Record<string, string>;
  // Set by the first start; a restart comes back where the clients expect it.
  let gatewayPort: number | undefined;
  let gatewayDb: pg.Pool;
  let agency: TestAgency;
  let schemasDir: string;
  let dirs: string[] = [];
  const group = `schemafix-${SUFFIX}`;

  async function startGateway(): Promise<ServiceProcess> {
    const started = await spawnService('gateway', {
      env: gatewayEnv,
      ...(gatewayPort ? { port: gatewayPort } : {}),
    });
    gatewayPort = started.port;
    const admin = infra.kafka.admin();
    await admin.connect();
    try {
      await waitFor(
        async () => {
          const { groups } = await admin.describeGroups([`${group}.gateway.feeds`]);
          return groups[0]?.state === 'Stable' ? true : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 250, what: 'the feed worker joining its group' },
      );
    } finally {
      await admin.disconnect();
    }
    return started;
  }

  async function api(path: string, init: { body?: unknown; admin?: boolean } = {}): Promise<Response> {
    const auth = init.admin ? ADMIN_TOKEN : await signToken(agency, { purpose: 'testing', caseRef: 'FIX-1' });
    return fetch(`${gateway!.url}${path}`, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${auth}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  }

  before(async () => {
    infra = await testInfrastructure();
    // The deployed schemas: a copy of the repository's, where a bad change allows names of at most 3 characters.
    schemasDir = await mkdtemp(join(tmpdir(), 'schemas-'));
    await cp(join(ROOT, 'schemas'), schemasDir, { recursive: true });
    const defs = JSON.parse(await readFile(join(schemasDir, DEFS), 'utf8')) as {
      $defs: Record<string, Record<string, unknown>>;
    };
    defs.$defs['vietnameseName']!['maxLength'] = 3;
    await writeFile(join(schemasDir, DEFS), JSON.stringify(defs, null, 2));

    const populationDb = await infra.freshDatabase('schemafix_population');
    const gatewayDbInfo = await infra.freshDatabase('schemafix_gateway');
    registry = await spawnService('population-registry', {
      env: { NDG_POPULATION_DATABASE_URL: populationDb.url, KAFKA_BROKERS: infra.brokers.join(',') },
    });
    agency = await testAgency(AGENCY, 'ES256');
    const policiesDir = await mkdtemp(join(tmpdir(), 'schemafix-policies-'));
    const agenciesDir = await mkdtemp(join(tmpdir(), 'schemafix-agencies-'));
    dirs = [schemasDir, policiesDir, agenciesDir];
    await writeFile(
      join(policiesDir, `${AGENCY}.yaml`),
      `agency: ${AGENCY}\ngrants:\n  - dataset: population.citizen\n    operations: [subscribe]\n    purposes: [testing]\n    fields: [personalId, fullName]\n    validFrom: 2020-01-01\n    legalBasis: Schema fix test grant\n`,
    );
    await writeFile(
      join(agenciesDir, `${AGENCY}.json`),
      JSON.stringify({ id: AGENCY, keys: [agency.publicJwk] }),
    );
    gatewayEnv = {
      NDG_SCHEMAS_DIR: schemasDir,
      ADMIN_TOKEN,
      POLICIES_DIR: policiesDir,
      AGENCIES_DIR: agenciesDir,
      NDG_GATEWAY_DATABASE_URL: gatewayDbInfo.url,
      POPULATION_REGISTRY_URL: registry.url,
      BUSINESS_REGISTRY_URL: 'http://127.0.0.1:9',
      INSURANCE_REGISTRY_URL: 'http://127.0.0.1:9',
      FEEDS_ENABLED: 'true',
      KAFKA_BROKERS: infra.brokers.join(','),
      CONSUMER_GROUP_PREFIX: group,
      FEED_TOPICS: 'registry.population.citizen',
      QUARANTINE_TOPIC: `gateway.quarantine.${SUFFIX}`,
      FEED_START_AT: 'latest',
      FEED_DISPATCH_INTERVAL_MS: '50',
    };
    gateway = await startGateway();
    gatewayDb = new pg.Pool({ connectionString: gatewayDbInfo.url, max: 2 });
  });

  after(async () => {
    await gateway?.stop();
    await registry?.stop();
    await gatewayDb?.end();
    await infra?.cleanup();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('quarantines events the wrong schema refuses, and delivers each once after the fix and a replay', async () => {
    const sub = await api('/v1/subscriptions', {
      body: { dataset: 'population.citizen', purpose: 'testing', delivery: { mode: 'pull' }, start: 'now' },
    });
    assert.equal(sub.status, 201, await sub.clone().text());
    const { id: subscriptionId } = (await sub.json()) as { id: string };

    const citizen = [...generateCitizens(Date.now() % 1_000_000, 5)].find(
      (c) => c.status === 'alive' && c.fullName.length > 3,
    )!;
    const { version: _v, ...fields } = citizen;
    const write = await fetch(`${registry.url}/citizens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fields),
    });
    assert.equal(write.status, 201);

    const quarantined = await waitFor(
      async () => {
        const r = await gatewayDb.query<{ id: string; reason: string }>(
          `select id::text as id, reason from quarantined_event where convert_from(value, 'UTF8') like $1`,
          [`%${citizen.personalId}%`],
        );
        return r.rows[0];
      },
      { timeoutMs: 30_000, what: 'the event in quarantine' },
    );
    assert.match(quarantined.reason, /fullName/);
    const pulled = async () =>
      (
        (await (await api(`/v1/subscriptions/${subscriptionId}/events?limit=100`)).json()) as {
          events: { id: string; subject: string }[];
        }
      ).events.filter((e) => e.subject === citizen.personalId);
    assert.deepEqual(await pulled(), [], 'nothing delivered while the event breaks the deployed contract');
    const refused = await api(`/admin/quarantine/${quarantined.id}/replay`, { admin: true, body: {} });
    assert.equal(refused.status, 422, 'a replay before the fix still refuses it');

    // The fix: the corrected schema is rolled out, which means a restart.
    await cp(join(ROOT, 'schemas', DEFS), join(schemasDir, DEFS));
    await gateway!.stop();
    gateway = await startGateway();

    const replayed = await api(`/admin/quarantine/${quarantined.id}/replay`, { admin: true, body: {} });
    assert.equal(replayed.status, 200, await replayed.clone().text());
    assert.equal(((await replayed.json()) as { queued: number }).queued, 1);
    const again = await api(`/admin/quarantine/${quarantined.id}/replay`, { admin: true, body: {} });
    assert.equal(((await again.json()) as { queued: number }).queued, 0, 'a second replay queues nothing');

    const delivered = await waitFor(
      async () => {
        const events = await pulled();
        return events.length > 0 ? events : undefined;
      },
      { timeoutMs: 30_000, what: 'the replayed event on the pull feed' },
    );
    assert.equal(delivered.length, 1, 'delivered exactly once');
  });
});
