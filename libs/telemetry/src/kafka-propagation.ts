// Trace context across Kafka and the outbox. We use the W3C propagator directly rather than the
// global one: the outbox column and the record headers are W3C `traceparent` by contract,
// whatever OTEL_PROPAGATORS says.
import {
  context,
  ROOT_CONTEXT,
  trace,
  type Context,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { TRACEPARENT_HEADER, type KafkaHeaders } from './kafka-headers.js';

const w3c = new W3CTraceContextPropagator();

const headerSetter: TextMapSetter<KafkaHeaders> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

const headerGetter: TextMapGetter<KafkaHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key] ?? carrier[key.toLowerCase()];
    const first = Array.isArray(value) ? value[0] : value;
    // kafkajs hands consumers Buffers; producers may have set strings.
    return first === undefined ? undefined : first.toString();
  },
};

/** Writes `traceparent` (and `tracestate`) of `ctx` (default: the active context) into `headers`. */
export function injectTraceContext<T extends KafkaHeaders>(headers: T, ctx: Context = context.active()): T {
  w3c.inject(ctx, headers, headerSetter);
  return headers;
}

/** The context a record's headers carry; the root context when they carry none or a malformed one. */
export function extractTraceContext(headers: KafkaHeaders | undefined): Context {
  if (!headers) return ROOT_CONTEXT;
  return w3c.extract(ROOT_CONTEXT, headers, headerGetter);
}

/** The active span's `traceparent`, for the outbox row; undefined when no valid span is active. */
export function traceparentOfActiveSpan(): string | undefined {
  const carrier: KafkaHeaders = {};
  w3c.inject(context.active(), carrier, headerSetter);
  const value = carrier[TRACEPARENT_HEADER];
  return typeof value === 'string' ? value : undefined;
}

/** The context a stored `traceparent` stands for; the root context when it is absent or malformed. */
export function contextFromTraceparent(traceparent: string | null | undefined): Context {
  if (!traceparent) return ROOT_CONTEXT;
  return extractTraceContext({ [TRACEPARENT_HEADER]: traceparent });
}

/** True when `ctx` holds a remote or local span context with a valid trace id. */
export function hasSpanContext(ctx: Context): boolean {
  return trace.getSpanContext(ctx) !== undefined;
}
