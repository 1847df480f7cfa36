// The trace of a change runs from the writer's span, through the relay's publish, to the
// consumer: the outbox row carries the writer's traceparent across the commit.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SpanKind } from '@opentelemetry/api';
import { installInMemoryTracing, traceparentOfActiveSpan, withConsumerSpan, withSpan, type InMemoryTracing } from '@ndg/telemetry';
import { testInfrastructure, uniqueSuffix, waitFor, type TestInfrastructure } from '@ndg/testing';
import { OutboxRelay, appendToOutbox } from '../src/index.js';
import { outboxFixture } from './outbox-fixture.js';

describe('trace context through the outbox', { timeout: 60_000 }, () => {
  let infra: TestInfrastructure;
  let tracing: InMemoryTracing;
  before(async () => {
    tracing = installInMemoryTracing();
    infra = await testInfrastructure();
  });
  after(async () => {
    await infra.cleanup();
    await tracing.uninstall();
  });

  it('makes the relay publish a child of the writer, and the consumer a child of the publish', async () => {
    const f = await outboxFixture(infra, 'relay_trace');
    const relay = new OutboxRelay({ databaseUrl: f.databaseUrl, kafkaBrokers: infra.brokers });
    const consumer = infra.kafka.consumer({ groupId: `trace.${uniqueSuffix()}` });
    let consumed = false;
    try {
      await withSpan('officer write', () =>
        f.dataSource.transaction((tx) =>
          appendToOutbox(tx, {
            aggregateType: f.aggregateType,
            subject: '001203004567',
            type: 'population.citizen.name-corrected',
            sequence: 1,
            data: { changedFields: ['fullName'] },
            dataschema: 'https://schemas.ndg.gov.vn/population/citizen-name-corrected.v1.schema.json',
            source: '/registries/population',
            traceparent: traceparentOfActiveSpan(),
          }),
        ),
      );
      relay.start();
      await consumer.connect();
      await consumer.subscribe({ topics: [f.topic], fromBeginning: true });
      await consumer.run({
        eachMessage: ({ topic, partition, message }) =>
          withConsumerSpan({ topic, group: 'trace-test', partition, offset: message.offset, headers: message.headers }, () => {
            consumed = true;
          }),
      });
      await waitFor(() => (consumed ? true : undefined), { what: 'the event consumed', timeoutMs: 30_000 });
    } finally {
      await consumer.disconnect();
      await relay.stop();
      await f.close();
    }
    const spans = tracing.spans();
    const writer = spans.find((s) => s.name === 'officer write');
    const send = spans.find((s) => s.name === `send ${f.topic}`);
    const process = spans.find((s) => s.name === `process ${f.topic}`);
    assert.ok(writer && send && process, `spans: ${spans.map((s) => s.name).join(', ')}`);
    const traceId = writer.spanContext().traceId;
    assert.equal(send.spanContext().traceId, traceId);
    assert.equal(process.spanContext().traceId, traceId);
    assert.equal(send.kind, SpanKind.PRODUCER);
    assert.equal(process.kind, SpanKind.CONSUMER);
    assert.equal(send.parentSpanContext?.spanId, writer.spanContext().spanId);
    assert.equal(process.parentSpanContext?.spanId, send.spanContext().spanId);
    assert.equal(send.attributes['messaging.destination.name'], f.topic);
    assert.equal(send.attributes['messaging.kafka.message.key'], undefined, 'the key (a personal id) stays off spans');
  });
});
