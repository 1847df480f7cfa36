import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { installInMemoryTracing, type InMemoryTracing } from './in-memory-tracing.js';
import {
  contextFromTraceparent,
  extractTraceContext,
  injectTraceContext,
  traceparentOfActiveSpan,
} from './kafka-propagation.js';
import { type KafkaHeaders } from './kafka-headers.js';

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/;

describe('Kafka trace propagation', () => {
  let tracing: InMemoryTracing;
  before(() => {
    tracing = installInMemoryTracing();
  });
  after(async () => {
    await tracing.uninstall();
  });
  beforeEach(() => tracing.reset());

  it('keeps the trace id through inject and extract, also when headers arrive as Buffers', () => {
    const span = trace.getTracer('test').startSpan('request');
    const headers: KafkaHeaders = {};
    context.with(trace.setSpan(context.active(), span), () => injectTraceContext(headers));
    span.end();

    assert.match(String(headers.traceparent), TRACEPARENT);
    const asReceived: KafkaHeaders = { traceparent: Buffer.from(String(headers.traceparent)) };
    const extracted = trace.getSpanContext(extractTraceContext(asReceived));
    assert.equal(extracted?.traceId, span.spanContext().traceId);
    assert.equal(extracted?.spanId, span.spanContext().spanId);
    assert.equal(extracted?.isRemote, true);
  });

  it('carries tracestate alongside traceparent', () => {
    const parent = contextFromTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    const withState = extractTraceContext({
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      tracestate: 'ndg=1',
    });
    const headers = injectTraceContext<KafkaHeaders>({}, withState);
    assert.equal(headers.tracestate, 'ndg=1');
    assert.equal(trace.getSpanContext(parent)?.traceId, '0af7651916cd43dd8448eb211c80319c');
  });

  it('gives the active span’s traceparent for the outbox row, and nothing outside a span', () => {
    assert.equal(traceparentOfActiveSpan(), undefined);
    const span = trace.getTracer('test').startSpan('write');
    const stored = context.with(trace.setSpan(context.active(), span), () => traceparentOfActiveSpan());
    span.end();
    assert.match(stored ?? '', TRACEPARENT);
    assert.equal(trace.getSpanContext(contextFromTraceparent(stored))?.traceId, span.spanContext().traceId);
  });

  it('falls back to the root context on missing or malformed headers', () => {
    assert.equal(extractTraceContext(undefined), ROOT_CONTEXT);
    assert.equal(trace.getSpanContext(extractTraceContext({ traceparent: 'garbage' })), undefined);
    assert.equal(trace.getSpanContext(contextFromTraceparent(null)), undefined);
  });
});
