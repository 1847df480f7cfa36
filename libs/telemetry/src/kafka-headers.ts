/** W3C Trace Context header names, carried unchanged in Kafka record headers. */
export const TRACEPARENT_HEADER = 'traceparent';
export const TRACESTATE_HEADER = 'tracestate';

/** The shape of kafkajs `IHeaders`, declared here so callers need not import kafkajs types. */
export type KafkaHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;
