/** Kafka header names of the CloudEvents Kafka protocol binding, binary mode (DESIGN §5). */
export const CloudEventHeader = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  subject: 'ce_subject',
  time: 'ce_time',
  dataschema: 'ce_dataschema',
  sequence: 'ce_sequence',
  traceparent: 'ce_traceparent',
  contentType: 'content-type',
} as const;

/** W3C trace context header that OpenTelemetry propagators read, carried beside the CE extension. */
export const TRACEPARENT_HEADER = 'traceparent';
