import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Controller, Get, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Metrics, MetricsModule } from '../src/index.js';
import { checkPrometheusExposition as checkExposition } from '@ndg/testing';

@Controller('citizens')
class CitizensController {
  constructor(private readonly metrics: Metrics) {}

  @Get(':id')
  find(@Param('id') id: string): { id: string } {
    this.metrics.counter('ndg_lookups_total', { help: 'Lookups.', labelNames: ['outcome'] }).inc({ outcome: 'found' });
    return { id };
  }
}

@Module({ imports: [MetricsModule], controllers: [CitizensController] })
class TestAppModule {}

describe('MetricsModule in a Fastify Nest app', () => {
  let app: NestFastifyApplication;
  let base: string;
  before(async () => {
    app = await NestFactory.create<NestFastifyApplication>(TestAppModule, new FastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    assert.ok(address && typeof address === 'object');
    base = `http://127.0.0.1:${address.port}`;
  });
  after(async () => {
    await app.close();
  });

  it('serves valid Prometheus exposition with process metrics', async () => {
    const res = await fetch(`${base}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const { errors, samples } = checkExposition(await res.text());
    assert.deepEqual(errors, []);
    assert.ok(samples.has('process_cpu_user_seconds_total'));
    assert.ok(samples.has('nodejs_eventloop_lag_seconds'));
  });

  it('records requests by method, route template and status, never the raw path', async () => {
    assert.equal((await fetch(`${base}/citizens/19851231-1234`)).status, 200);
    assert.equal((await fetch(`${base}/nowhere/19851231-1234`)).status, 404);
    const text = await (await fetch(`${base}/metrics`)).text();
    const { errors, samples } = checkExposition(text);
    assert.deepEqual(errors, []);
    const counts = samples.get('http_server_request_duration_seconds')?.filter((l) => l.includes('_count{')) ?? [];
    assert.ok(
      counts.includes('http_server_request_duration_seconds_count{method="GET",route="/citizens/:id",status_code="200"} 1'),
      counts.join('\n'),
    );
    assert.ok(counts.some((l) => l.includes('route="unmatched",status_code="404"')), counts.join('\n'));
    assert.ok(!text.includes('19851231-1234'), 'identifiers from URLs never become labels');
    assert.match(text, /^ndg_lookups_total\{outcome="found"\} 1$/m);
  });
});
