import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  spawnService,
  testInfrastructure,
  type ServiceProcess,
  type TestInfrastructure,
} from '../src/index.js';

describe('spawnService', () => {
  let infra: TestInfrastructure;
  const started: ServiceProcess[] = [];
  before(async () => {
    infra = await testInfrastructure();
  });
  after(async () => {
    await Promise.all(started.map((s) => s.stop()));
    await infra.cleanup();
  });

  it('lets the service bind a port of its own choosing and reports it, and restarts it there', async () => {
    const db = await infra.freshDatabase('spawn_population');
    const env = {
      NDG_POPULATION_DATABASE_URL: db.url,
      KAFKA_BROKERS: infra.brokers.join(','),
      OUTBOX_RELAY: 'false',
    };
    const first = await spawnService('population-registry', { env });
    started.push(first);
    assert.ok(first.port > 0);
    assert.equal(first.url, `http://127.0.0.1:${first.port}`);
    assert.equal((await fetch(`${first.url}/health`)).status, 200);
    await first.kill();
    const again = await spawnService('population-registry', { env, port: first.port });
    started.push(again);
    assert.equal(again.url, first.url);
    assert.equal((await fetch(`${again.url}/health`)).status, 200);
  });

  it('fails with the service’s own error line when it exits during start-up', async () => {
    await assert.rejects(
      spawnService('population-registry', { env: { KAFKA_BROKERS: 'not a broker list' } }),
      (err: Error) => /exited 1/.test(err.message) && /KAFKA_BROKERS/.test(err.message),
    );
  });
});
