import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Citizen } from '@ndg/contracts';
import { startRegistry, type RunningRegistry } from '@ndg/registry-kit';
import { generateCitizens } from '@ndg/synthetic';
import { testInfrastructure, type TestInfrastructure } from '@ndg/testing';
import { PopulationRegistryModule } from '../src/app.module.js';
import { loadPopulationConfig } from '../src/population.config.js';

describe('GET /internal/records: keyset paging of the snapshot', { timeout: 120_000 }, () => {
  let infra: TestInfrastructure;
  let registry: RunningRegistry;
  const citizens = [...generateCitizens(Date.now() % 1_000_000, 30)]
    .filter((c) => c.status === 'alive')
    .slice(0, 12);

  before(async () => {
    infra = await testInfrastructure();
    const db = await infra.freshDatabase('population_paging');
    const config = {
      ...loadPopulationConfig({ ...process.env }),
      port: 0,
      databaseUrl: db.url,
      logLevel: 'error' as const,
    };
    registry = await startRegistry(config, PopulationRegistryModule.forRoot(config));
    for (const c of citizens) {
      const { version: _v, ...fields } = c;
      const res = await fetch(`${registry.url}/citizens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fields),
      });
      assert.equal(res.status, 201, await res.text());
    }
  });
  after(async () => {
    await registry?.app.close();
    await infra?.cleanup();
  });

  async function page(query: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${registry.url}/internal/records${query}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('walks every record once, ordered by id, each at its current version', async () => {
    const seen: Citizen[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const { status, body } = await page(`?limit=5${after ? `&after=${after}` : ''}`);
      assert.equal(status, 200, JSON.stringify(body));
      const records = body['records'] as Citizen[];
      assert.ok(records.length <= 5);
      seen.push(...records);
      after = body['next'] as string | null;
      if (after !== null) assert.equal(after, records.at(-1)?.personalId);
      pages++;
    } while (after !== null && pages < 20);
    const ids = seen.map((c) => c.personalId);
    assert.deepEqual(ids, [...citizens.map((c) => c.personalId)].sort());
    assert.ok(seen.every((c) => c.version === 1));
    assert.equal(pages, Math.ceil(citizens.length / 5) + (citizens.length % 5 === 0 ? 1 : 0));
  });

  it('answers next: null on the last page and an empty page past the end', async () => {
    const all = await page('?limit=1000');
    assert.equal(all.status, 200);
    assert.equal((all.body['records'] as unknown[]).length, citizens.length);
    assert.equal(all.body['next'], null);
    const exact = await page(`?limit=${citizens.length}`);
    assert.equal(
      exact.body['next'],
      null,
      'no extra round trip when the page ends exactly at the last record',
    );
    const last = [...citizens.map((c) => c.personalId)].sort().at(-1) ?? '';
    const past = await page(`?after=${last}`);
    assert.deepEqual(past.body, { records: [], next: null });
  });

  it('refuses a malformed after, limit out of bounds and unknown parameters with problem+json 400', async () => {
    for (const q of [
      '?after=12',
      '?after=abc',
      '?limit=0',
      '?limit=1001',
      '?limit=x',
      '?limit=5&limit=6',
      '?page=2',
      '?after=&sort=id',
    ]) {
      const res = await fetch(`${registry.url}/internal/records${q}`);
      assert.equal(res.status, 400, q);
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/, q);
      const body = (await res.json()) as { type: string; errors?: { path: string }[] };
      assert.match(body.type, /^https:\/\/errors\.ndg\.gov\.vn\//, q);
      assert.ok(body.errors?.[0]?.path.startsWith('/query/'), q);
    }
  });

  it('documents the route in /openapi.json', async () => {
    const doc = (await (await fetch(`${registry.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    assert.ok(doc.paths['/internal/records']?.['get']);
  });
});
