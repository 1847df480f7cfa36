import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { installInMemoryTracing, type InMemoryTracing } from './in-memory-tracing.js';
import { createLogger, PinoNestLogger } from './logger.js';
import { withSpan } from './messaging-spans.js';

function memoryStream(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { stream, lines };
}

describe('logs', () => {
  let tracing: InMemoryTracing;
  before(() => {
    tracing = installInMemoryTracing();
  });
  after(async () => {
    await tracing.uninstall();
  });

  it('puts trace_id and span_id of the active span on each line, and none outside spans', async () => {
    const { stream, lines } = memoryStream();
    const logger = createLogger('population-registry', { destination: stream });
    logger.info('outside');
    const ids = await withSpan('work', (span) => {
      logger.info('inside');
      return span.spanContext();
    });
    const [outside, inside] = lines();
    assert.equal(outside?.trace_id, undefined);
    assert.equal(inside?.trace_id, ids.traceId);
    assert.equal(inside?.span_id, ids.spanId);
    assert.equal(inside?.service, 'population-registry');
    assert.equal(inside?.level, 'info');
    assert.equal(inside?.msg, 'inside');
  });

  it('adapts Nest logging, keeps the context name and drops extra arguments', () => {
    const { stream, lines } = memoryStream();
    const nest = new PinoNestLogger(createLogger('svc', { level: 'debug', destination: stream }));
    nest.log('Nest application successfully started', 'NestApplication');
    nest.warn('slow', { body: { nationalId: '123' } }, 'Handler');
    nest.error('boom', 'Error: boom\n    at x', 'ExceptionsHandler');
    nest.verbose('hidden below debug');
    const [log, warn, error, ...rest] = lines();
    assert.equal(log?.context, 'NestApplication');
    assert.equal(log?.level, 'info');
    assert.equal(warn?.context, 'Handler');
    assert.ok(!JSON.stringify(warn).includes('nationalId'), 'extra arguments never reach the log');
    assert.equal(error?.level, 'error');
    assert.equal(error?.context, 'ExceptionsHandler');
    assert.match(String(error?.stack), /at x/);
    assert.equal(rest.length, 0);
  });
});
