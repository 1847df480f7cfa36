// CLIENT spans named by URL template, over real HTTP with the undici instrumentation installed as
// the services run it: one span per call, the callee gets its traceparent, no personal id recorded.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { installInMemoryTracing, type InMemoryTracing } from '../src/in-memory-tracing.js';
import { withHttpClientSpan } from '../src/http-client-spans.js';
import { defaultInstrumentations } from '../src/telemetry-sdk.js';

const PERSONAL_ID = '001099012345';

describe('withHttpClientSpan', () => {
  let tracing: InMemoryTracing;
  let unregister: () => void;
  let server: Server;
  let port: number;
  const received: { url: string; traceparent: string | undefined }[] = [];

  before(async () => {
    tracing = installInMemoryTracing();
    unregister = registerInstrumentations({
      instrumentations: defaultInstrumentations({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'undici' }),
    });
    server = createServer((req, res) => {
      const traceparent = req.headers['traceparent'];
      received.push({
        url: req.url ?? '',
        traceparent: typeof traceparent === 'string' ? traceparent : undefined,
      });
      res.statusCode = req.url?.startsWith('/down') ? 503 : 200;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    port = address.port;
  });
  after(async () => {
    unregister();
    await new Promise((resolve) => server.close(resolve));
    await tracing.uninstall();
  });
  beforeEach(() => {
    tracing.reset();
    received.length = 0;
  });

  const target = () => ({ scheme: 'http', serverAddress: '127.0.0.1', serverPort: port });
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${port}${path}`, { headers }).then(async (res) => {
      await res.text();
      return res.status;
    });
  const clientSpans = () => tracing.spans().filter((s) => s.kind === SpanKind.CLIENT);

  it('records one span named by the template and hands the callee its traceparent', async () => {
    const status = await trace.getTracer('test').startActiveSpan('lookup', async (parent) => {
      const headers: Record<string, string> = {};
      const answer = await withHttpClientSpan(
        { method: 'GET', urlTemplate: '/internal/records/{id}', ...target() },
        headers,
        () => get(`/internal/records/${PERSONAL_ID}`, headers),
        (s) => s,
      );
      parent.end();
      return answer;
    });
    assert.equal(status, 200);
    const spans = clientSpans();
    assert.equal(
      spans.length,
      1,
      `one client span, not undici's too: ${spans.map((s) => s.name).join(', ')}`,
    );
    const span = spans[0]!;
    assert.equal(span.name, 'GET /internal/records/{id}');
    assert.equal(span.attributes['url.template'], '/internal/records/{id}');
    assert.equal(span.attributes['http.response.status_code'], 200);
    assert.equal(span.attributes['server.port'], port);
    const parent = tracing.spans().find((s) => s.name === 'lookup');
    assert.equal(span.parentSpanContext?.spanId, parent?.spanContext().spanId);
    assert.ok(!JSON.stringify(span.attributes).includes(PERSONAL_ID), 'no personal id on the span');
    assert.equal(
      received[0]?.traceparent?.split('-')[2],
      span.spanContext().spanId,
      'the callee continues this span',
    );
  });

  it('leaves other calls to the undici instrumentation, which records their full URL', async () => {
    await trace.getTracer('test').startActiveSpan('webhook', async (parent) => {
      await get('/hook');
      parent.end();
    });
    const spans = clientSpans();
    assert.equal(spans.length, 1);
    assert.match(String(spans[0]!.attributes['url.full']), /\/hook$/);
  });

  it('records nothing for a call outside any traced operation', async () => {
    const headers: Record<string, string> = {};
    assert.equal(
      await withHttpClientSpan(
        { method: 'GET', urlTemplate: '/health', ...target() },
        headers,
        () => get('/health', headers),
        (s) => s,
      ),
      200,
    );
    assert.deepEqual(tracing.spans(), [], 'neither this span nor undici’s');
    assert.equal(received[0]?.traceparent, undefined);
  });

  it('marks a 5xx answer and a failed call as errors', async () => {
    await trace.getTracer('test').startActiveSpan('probe', async (parent) => {
      await failingCalls();
      parent.end();
    });
    const spans = clientSpans();
    const down = spans.find((s) => s.name === 'GET /down');
    const nowhere = spans.find((s) => s.name === 'GET /nowhere');
    assert.equal(down?.status.code, SpanStatusCode.ERROR);
    assert.equal(down?.attributes['error.type'], '503');
    assert.equal(nowhere?.status.code, SpanStatusCode.ERROR);
    assert.equal(nowhere?.attributes['error.type'], 'TypeError');
    assert.equal(spans.length, 2, 'no undici spans beside them');
  });

  async function failingCalls(): Promise<void> {
    const headers: Record<string, string> = {};
    await withHttpClientSpan(
      { method: 'GET', urlTemplate: '/down', ...target() },
      headers,
      () => get('/down', headers),
      (s) => s,
    );
    await assert.rejects(
      withHttpClientSpan(
        { method: 'GET', urlTemplate: '/nowhere', scheme: 'http', serverAddress: '127.0.0.1', serverPort: 9 },
        {},
        () => fetch('http://127.0.0.1:9/nowhere'),
        (r) => r.status,
      ),
    );
  }
});
