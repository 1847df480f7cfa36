// SERVER spans from Fastify's hooks, over real HTTP on loopback: the caller's trace continues,
// the handler (also after a body was read) sees the span, routes name it, and no identifier leaks.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import Fastify, { type FastifyInstance } from 'fastify';
import { installInMemoryTracing, type InMemoryTracing } from '../src/in-memory-tracing.js';
import { traceHttpServer } from '../src/http-server-spans.js';
import { waitFor } from '@ndg/testing';

const PARENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN = '00f067aa0ba902b7';
const PERSONAL_ID = '001099012345';

describe('traceHttpServer', () => {
  let tracing: InMemoryTracing;
  let server: FastifyInstance;
  let origin: string;
  let releaseSlow: () => void = () => undefined;

  before(async () => {
    tracing = installInMemoryTracing();
    server = Fastify();
    traceHttpServer(server);
    const tracer = trace.getTracer('test');
    server.get('/citizens/:id', async (request) => {
      tracer.startSpan('lookup').end();
      return { id: (request.params as { id: string }).id };
    });
    server.post('/citizens', async (request) => {
      // Runs after the body was read from socket events: the server span must still be active.
      tracer.startSpan('register').end();
      return { received: request.body };
    });
    server.get('/broken', async () => {
      throw new Error('a fault of ours');
    });
    server.get('/slow', () => new Promise((resolve) => (releaseSlow = () => resolve('late'))));
    server.get('/health', async () => 'ok');
    server.get('/metrics', async () => 'ok');
    await server.listen({ port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    assert.ok(address && typeof address === 'object');
    origin = `http://127.0.0.1:${address.port}`;
  });
  after(async () => {
    releaseSlow();
    await server.close();
    await tracing.uninstall();
  });
  beforeEach(() => tracing.reset());

  const serverSpans = () => tracing.spans().filter((s) => s.kind === SpanKind.SERVER);

  it('continues the caller’s trace and names the span by route, never by the raw path', async () => {
    const res = await fetch(`${origin}/citizens/${PERSONAL_ID}?fields=fullName`, {
      headers: { traceparent: `00-${PARENT_TRACE}-${PARENT_SPAN}-01`, 'user-agent': 'agency-client/1.0' },
    });
    assert.equal(res.status, 200);
    await res.text();
    const span = await waitFor(() => serverSpans()[0], { what: 'the server span' });
    assert.equal(span.name, 'GET /citizens/:id');
    assert.equal(span.spanContext().traceId, PARENT_TRACE);
    assert.equal(span.parentSpanContext?.spanId, PARENT_SPAN);
    assert.equal(span.attributes['http.request.method'], 'GET');
    assert.equal(span.attributes['http.route'], '/citizens/:id');
    assert.equal(span.attributes['http.response.status_code'], 200);
    assert.equal(span.attributes['user_agent.original'], 'agency-client/1.0');
    assert.equal(span.status.code, SpanStatusCode.UNSET);
    const values = JSON.stringify(span.attributes);
    assert.ok(!values.includes(PERSONAL_ID), `no personal id in ${values}`);
    assert.ok(!values.includes('fullName'), `no query in ${values}`);
    const child = tracing.spans().find((s) => s.name === 'lookup');
    assert.equal(child?.parentSpanContext?.spanId, span.spanContext().spanId, 'handler work is a child');
  });

  it('keeps the span active in a handler that ran after its JSON body was read', async () => {
    const res = await fetch(`${origin}/citizens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fullName: 'Nguyễn Văn An', padding: 'x'.repeat(200_000) }),
    });
    assert.equal(res.status, 200);
    await res.text();
    const span = await waitFor(() => serverSpans()[0], { what: 'the server span' });
    assert.equal(span.name, 'POST /citizens');
    const child = tracing.spans().find((s) => s.name === 'register');
    assert.ok(child, 'the handler ran');
    assert.equal(child.spanContext().traceId, span.spanContext().traceId);
    assert.equal(child.parentSpanContext?.spanId, span.spanContext().spanId);
  });

  it('marks a 5xx as an error, but not a 404', async () => {
    assert.equal((await fetch(`${origin}/broken`)).status, 500);
    assert.equal((await fetch(`${origin}/nowhere/${PERSONAL_ID}`)).status, 404);
    const spans = await waitFor(() => (serverSpans().length === 2 ? serverSpans() : undefined), {
      what: 'two server spans',
    });
    const broken = spans.find((s) => s.attributes['http.response.status_code'] === 500);
    const missing = spans.find((s) => s.attributes['http.response.status_code'] === 404);
    assert.equal(broken?.status.code, SpanStatusCode.ERROR);
    assert.equal(broken?.attributes['error.type'], '500');
    assert.equal(missing?.status.code, SpanStatusCode.UNSET);
    assert.equal(missing?.name, 'GET', 'an unrouted request has no route to name it by');
    assert.ok(!JSON.stringify(missing?.attributes).includes(PERSONAL_ID));
  });

  it('ends the span of a request the client gave up on', async () => {
    const abort = new AbortController();
    const pending = fetch(`${origin}/slow`, { signal: abort.signal }).catch((err: Error) => err);
    // Long enough for the request to reach the handler, which then waits for releaseSlow.
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(serverSpans().length, 0, 'nothing ended yet');
    abort.abort();
    assert.ok((await pending) instanceof Error);
    const span = await waitFor(() => serverSpans()[0], { what: 'the aborted request’s span' });
    assert.equal(span.attributes['error.type'], 'aborted');
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    releaseSlow();
  });

  it('leaves scrapes and probes untraced', async () => {
    await (await fetch(`${origin}/health`)).text();
    await (await fetch(`${origin}/metrics`)).text();
    await (await fetch(`${origin}/citizens/${PERSONAL_ID}`)).text();
    const spans = await waitFor(() => (serverSpans().length > 0 ? serverSpans() : undefined), {
      what: 'the lookup span',
    });
    assert.deepEqual(
      spans.map((s) => s.name),
      ['GET /citizens/:id'],
    );
  });
});
