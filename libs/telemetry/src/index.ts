export {
  startTelemetry,
  shutdownTelemetry,
  defaultInstrumentations,
  selectedInstrumentations,
  httpServerTracingEnabled,
} from './telemetry-sdk.js';
export { traceHttpServer } from './http-server-spans.js';
export { withHttpClientSpan } from './http-client-spans.js';
export type { HttpClientCall } from './http-client-spans.js';
export type { HttpServerSpanOptions, TraceableServer, TracedRequest } from './http-server-spans.js';
export type { TelemetryOptions, TelemetryHandle } from './telemetry-sdk.js';
export {
  injectTraceContext,
  extractTraceContext,
  traceparentOfActiveSpan,
  contextFromTraceparent,
  hasSpanContext,
} from './kafka-propagation.js';
export { TRACEPARENT_HEADER, TRACESTATE_HEADER } from './kafka-headers.js';
export type { KafkaHeaders } from './kafka-headers.js';
export { withProducerSpan, withConsumerSpan, withSpan } from './messaging-spans.js';
export type { ProducerSpanOptions, ConsumerSpanOptions } from './messaging-spans.js';
export {
  ATTR_MESSAGING_SYSTEM,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_DESTINATION_PARTITION_ID,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  ATTR_MESSAGING_KAFKA_MESSAGE_KEY,
  ATTR_MESSAGING_KAFKA_OFFSET,
  MESSAGING_SYSTEM_KAFKA,
} from './messaging-attributes.js';
export { MetricsModule } from './metrics.module.js';
export { Metrics } from './metrics.service.js';
export type { MetricDefinition, HistogramDefinition } from './metrics.service.js';
export { MetricsController } from './metrics.controller.js';
export { HttpMetricsHook, HTTP_DURATION_BUCKETS } from './http-metrics.hook.js';
export type { HttpLabel } from './http-metrics.hook.js';
export { PersonalDataLabelError, MetricTypeConflictError } from './metrics.errors.js';
export {
  METRIC_HTTP_SERVER_REQUEST_DURATION,
  METRIC_POLICY_DECISIONS,
  METRIC_CONTRACT_REJECTIONS,
  METRIC_OUTBOX_BACKLOG,
  METRIC_OUTBOX_OLDEST_UNSENT_SECONDS,
  METRIC_CONSUMER_LAG,
  METRIC_WEBHOOK_RETRIES,
  METRIC_WEBHOOK_DEAD_LETTERS,
  METRIC_AUDIT_WRITE_SECONDS,
} from './metric-names.js';
export { createLogger, PinoNestLogger } from './logger.js';
export type { LogLevel, LoggerOptions } from './logger.js';
export { installInMemoryTracing } from './in-memory-tracing.js';
export type { InMemoryTracing } from './in-memory-tracing.js';
