// The preload, as apps use it: spans from ESM-imported pg and a traced Kafka send inside an HTTP request
// reach a Zipkin endpoint chosen only by OTEL_* variables, flushed on SIGTERM.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';

interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  kind?: string;
  localEndpoint?: { serviceName?: string };
  tags?: Record<string, string>;
}

const fixture = fileURLToPath(new URL('../../test/fixtures/traced-app.mjs', import.meta.url));
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';

function answers(hostPort: string): Promise<boolean> {
  const url = new URL(hostPort.includes('://') ? hostPort : `tcp://${hostPort}`);
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

describe('the @ndg/telemetry/preload entry point', { timeout: 60_000 }, () => {
  const received: ZipkinSpan[] = [];
  let collector: Server;
  let endpoint: string;
  let pgUp = false;
  let kafkaUp = false;
  before(async () => {
    [pgUp, kafkaUp] = await Promise.all([answers(databaseUrl), answers(brokers.split(',')[0] ?? '')]);
    collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push(...(JSON.parse(Buffer.concat(chunks).toString()) as ZipkinSpan[]));
        res.statusCode = 202;
        res.end();
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const address = collector.address();
    assert.ok(address && typeof address === 'object');
    endpoint = `http://127.0.0.1:${address.port}/api/v2/spans`;
  });
  after(() => {
    collector.close();
  });

  it('exports http, pg and Kafka producer spans of one request as one trace', async () => {
    assert.ok(pgUp, `PostgreSQL answers at ${databaseUrl} (npm run infra:up)`);
    assert.ok(kafkaUp, `Kafka answers at ${brokers} (npm run infra:up)`);
    const child = spawn(
      process.execPath,
      ['--disable-warning=TimeoutNegativeWarning', '--import', '@ndg/telemetry/preload', fixture],
      {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        env: {
          ...process.env,
          OTEL_SERVICE_NAME: 'traced-app',
          OTEL_TRACES_EXPORTER: 'zipkin',
          OTEL_EXPORTER_ZIPKIN_ENDPOINT: endpoint,
          DATABASE_URL: databaseUrl,
          KAFKA_BROKERS: kafkaUp ? brokers : '',
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, sig) => resolve(sig)),
    );
    assert.equal(signal, 'SIGTERM', 'the preload re-raises SIGTERM after flushing');

    const server = received.find((s) => s.kind === 'SERVER' && s.name.startsWith('GET'));
    assert.ok(server, `spans: ${received.map((s) => `${s.kind} ${s.name}`).join(', ')}`);
    assert.equal(server.localEndpoint?.serviceName, 'traced-app');
    assert.equal(server.name.toUpperCase(), 'GET /WORK', 'named by its route template');
    assert.equal(server.tags?.['http.route'], '/work');
    // A lean resource: the Zipkin exporter repeats it on every span.
    assert.equal(server.tags?.['host.name'], hostname());
    assert.ok(server.tags?.['service.version'], 'service.version on the span');
    assert.equal(server.tags?.['process.command_args'], undefined, 'no process detector by default');
    const inTrace = received.filter((s) => s.traceId === server.traceId);
    const query = inTrace.find(
      (s) => s.tags?.['db.system.name'] === 'postgresql' || s.tags?.['db.system'] === 'postgresql',
    );
    assert.ok(query, `pg span in the request's trace; got ${inTrace.map((s) => s.name).join(', ')}`);
    const fetchSpan = received.find((s) => s.kind === 'CLIENT' && s.id === server.parentId);
    assert.ok(fetchSpan, 'the fetch (undici) span is the parent of the server span');
    const send = inTrace.find((s) => s.kind === 'PRODUCER' && s.tags?.['messaging.system'] === 'kafka');
    assert.ok(
      send,
      `Kafka producer span in the request's trace; got ${inTrace.map((s) => s.name).join(', ')}`,
    );
  });
});
