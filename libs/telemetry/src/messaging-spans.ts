// Spans around producing and consuming one Kafka record, shaped by the OpenTelemetry messaging
// semantic conventions so any backend groups them as messaging traffic.
import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';
import { extractTraceContext, injectTraceContext } from './kafka-propagation.js';
import { type KafkaHeaders } from './kafka-headers.js';
import {
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_DESTINATION_PARTITION_ID,
  ATTR_MESSAGING_KAFKA_MESSAGE_KEY,
  ATTR_MESSAGING_KAFKA_OFFSET,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  MESSAGING_SYSTEM_KAFKA,
} from './messaging-attributes.js';

const TRACER_NAME = '@ndg/telemetry';

/** One record being sent. `key` becomes a span attribute: pass only pseudonymous keys. */
export interface ProducerSpanOptions {
  topic: string;
  messageId?: string;
  key?: string;
  partition?: number;
  /** When given, the producer span's context is injected into these headers before `fn` runs. */
  headers?: KafkaHeaders;
  /** Parent of the send span; defaults to the active context (the relay passes the outbox row's). */
  parent?: Context;
  attributes?: Attributes;
}

/** One record being processed. `key` becomes a span attribute: pass only pseudonymous keys. */
export interface ConsumerSpanOptions {
  topic: string;
  group: string;
  messageId?: string;
  key?: string;
  headers?: KafkaHeaders;
  partition?: number;
  /** kafkajs gives offsets as strings. */
  offset?: string | number;
  attributes?: Attributes;
}

/** Runs `fn` inside a PRODUCER span `send <topic>`; records failures and ends the span. */
export function withProducerSpan<T>(
  options: ProducerSpanOptions,
  fn: (span: Span) => T | Promise<T>,
): Promise<T> {
  const attributes: Attributes = {
    ...options.attributes,
    [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM_KAFKA,
    [ATTR_MESSAGING_OPERATION_TYPE]: 'send',
    [ATTR_MESSAGING_OPERATION_NAME]: 'send',
    [ATTR_MESSAGING_DESTINATION_NAME]: options.topic,
    ...optional(ATTR_MESSAGING_MESSAGE_ID, options.messageId),
    ...optional(ATTR_MESSAGING_KAFKA_MESSAGE_KEY, options.key),
    ...optional(ATTR_MESSAGING_DESTINATION_PARTITION_ID, options.partition?.toString()),
  };
  return runInSpan(
    `send ${options.topic}`,
    { kind: SpanKind.PRODUCER, attributes },
    options.parent ?? context.active(),
    (span) => {
      if (options.headers) injectTraceContext(options.headers);
      return fn(span);
    },
  );
}

/**
 * Runs `fn` inside a CONSUMER span `process <topic>`, a child of the context in the record's
 * headers and linked to it, so the trace continues from the producer.
 */
export function withConsumerSpan<T>(
  options: ConsumerSpanOptions,
  fn: (span: Span) => T | Promise<T>,
): Promise<T> {
  const parent = extractTraceContext(options.headers);
  const producer = trace.getSpanContext(parent);
  const links: Link[] = producer ? [{ context: producer }] : [];
  const attributes: Attributes = {
    ...options.attributes,
    [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM_KAFKA,
    [ATTR_MESSAGING_OPERATION_TYPE]: 'process',
    [ATTR_MESSAGING_OPERATION_NAME]: 'process',
    [ATTR_MESSAGING_DESTINATION_NAME]: options.topic,
    [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: options.group,
    ...optional(ATTR_MESSAGING_MESSAGE_ID, options.messageId),
    ...optional(ATTR_MESSAGING_KAFKA_MESSAGE_KEY, options.key),
    ...optional(ATTR_MESSAGING_DESTINATION_PARTITION_ID, options.partition?.toString()),
    ...optional(
      ATTR_MESSAGING_KAFKA_OFFSET,
      options.offset === undefined ? undefined : Number(options.offset),
    ),
  };
  return runInSpan(`process ${options.topic}`, { kind: SpanKind.CONSUMER, attributes, links }, parent, fn);
}

/**
 * Runs `fn` inside an INTERNAL span named `name`, child of `parent` (default: the active context) —
 * e.g. work picked up from a queue continues the trace stored with it via contextFromTraceparent.
 */
export function withSpan<T>(
  name: string,
  fn: (span: Span) => T | Promise<T>,
  attributes?: Attributes,
  parent: Context = context.active(),
): Promise<T> {
  return runInSpan(name, { kind: SpanKind.INTERNAL, attributes: attributes ?? {} }, parent, fn);
}

async function runInSpan<T>(
  name: string,
  spanOptions: { kind: SpanKind; attributes: Attributes; links?: Link[] },
  parent: Context,
  fn: (span: Span) => T | Promise<T>,
): Promise<T> {
  const span = trace.getTracer(TRACER_NAME).startSpan(name, spanOptions, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (err) {
    span.recordException(err instanceof Error ? err : String(err));
    span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
    throw err;
  } finally {
    span.end();
  }
}

function optional(name: string, value: string | number | undefined): Attributes {
  return value === undefined || value === '' ? {} : { [name]: value };
}
