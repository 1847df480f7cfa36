import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { installInMemoryTracing, type InMemoryTracing } from './in-memory-tracing.js';
import { withConsumerSpan, withProducerSpan, withSpan } from './messaging-spans.js';
import { type KafkaHeaders } from './kafka-headers.js';

const TOPIC = 'registry.population.citizen';

describe('messaging spans', () => {
  let tracing: InMemoryTracing;
  before(() => {
    tracing = installInMemoryTracing();
  });
  after(async () => {
    await tracing.uninstall();
  });
  beforeEach(() => tracing.reset());

  it('links send and process into one trace with the semantic-convention attributes', async () => {
    const headers: KafkaHeaders = {};
    await withSpan('handle request', () =>
      withProducerSpan({ topic: TOPIC, messageId: 'evt-1', key: 'k-1', partition: 2, headers }, () => 'sent'),
    );
    const result = await withConsumerSpan(
      { topic: TOPIC, group: 'gateway', messageId: 'evt-1', headers, partition: 2, offset: '41' },
      () => trace.getActiveSpan()?.spanContext().spanId,
    );

    const spans = tracing.spans();
    const request = spans.find((s) => s.name === 'handle request');
    const send = spans.find((s) => s.name === `send ${TOPIC}`);
    const process = spans.find((s) => s.name === `process ${TOPIC}`);
    assert.ok(request && send && process, `spans: ${spans.map((s) => s.name).join(', ')}`);

    const traceId = request.spanContext().traceId;
    assert.equal(send.spanContext().traceId, traceId);
    assert.equal(process.spanContext().traceId, traceId);
    assert.equal(request.kind, SpanKind.INTERNAL);
    assert.equal(send.kind, SpanKind.PRODUCER);
    assert.equal(process.kind, SpanKind.CONSUMER);
    assert.equal(send.parentSpanContext?.spanId, request.spanContext().spanId);
    assert.equal(process.parentSpanContext?.spanId, send.spanContext().spanId);
    assert.equal(process.links[0]?.context.spanId, send.spanContext().spanId);
    assert.equal(result, process.spanContext().spanId, 'fn runs with the consumer span active');

    assert.deepEqual(send.attributes, {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'send',
      'messaging.operation.name': 'send',
      'messaging.destination.name': TOPIC,
      'messaging.message.id': 'evt-1',
      'messaging.kafka.message.key': 'k-1',
      'messaging.destination.partition.id': '2',
    });
    assert.deepEqual(process.attributes, {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'process',
      'messaging.destination.name': TOPIC,
      'messaging.consumer.group.name': 'gateway',
      'messaging.message.id': 'evt-1',
      'messaging.destination.partition.id': '2',
      'messaging.kafka.offset': 41,
    });
  });

  it('starts a new trace when the record carries no context', async () => {
    await withConsumerSpan({ topic: TOPIC, group: 'gateway', headers: {} }, () => undefined);
    const [span] = tracing.spans();
    assert.equal(span?.parentSpanContext, undefined);
    assert.deepEqual(span?.links, []);
  });

  it('records a failure on the span and rethrows it', async () => {
    await assert.rejects(
      withProducerSpan({ topic: TOPIC }, () => Promise.reject(new Error('broker down'))),
      /broker down/,
    );
    const [span] = tracing.spans();
    assert.equal(span?.status.code, SpanStatusCode.ERROR);
    assert.equal(span?.events[0]?.name, 'exception');
    assert.ok(span?.endTime[0], 'the span is ended');
  });
});
