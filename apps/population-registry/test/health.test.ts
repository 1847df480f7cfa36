import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testInfrastructure, type TestInfrastructure } from '@ndg/testing';
import { startPopulationRegistry } from '../src/bootstrap.js';

describe('GET /health', () => {
  let infra: TestInfrastructure;
  const stops: (() => Promise<void>)[] = [];
  before(async () => {
    infra = await testInfrastructure();
  });
  after(async () => {
    for (const stop of stops) await stop();
    await infra.cleanup();
  });

  async function start(kafkaBrokers: string[]) {
    const db = await infra.freshDatabase('health');
    const { app, url } = await startPopulationRegistry({ host: '127.0.0.1', port: 0, databaseUrl: db.url, kafkaBrokers, logLevel: 'error' });
    stops.push(() => app.close());
    return url;
  }

  it('reports Postgres and Kafka up when both answer', async () => {
    const url = await start(infra.brokers);
    const res = await fetch(`${url}/health`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; info: Record<string, { status: string; brokers?: number }> };
    assert.equal(body.status, 'ok');
    assert.equal(body.info['database']?.status, 'up');
    assert.equal(body.info['kafka']?.status, 'up');
    assert.ok((body.info['kafka']?.brokers ?? 0) >= 1);
  });

  it('answers 503 naming Kafka when no broker answers', async () => {
    const url = await start(['127.0.0.1:1']);
    const res = await fetch(`${url}/health`);
    assert.equal(res.status, 503);
    const body = (await res.json()) as { error: Record<string, { status: string }>; info: Record<string, { status: string }> };
    assert.equal(body.error['kafka']?.status, 'down');
    assert.equal(body.info['database']?.status, 'up');
  });
});
