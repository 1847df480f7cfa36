/** A label name that looks like it would carry personal data. */
export class PersonalDataLabelError extends Error {
  readonly code = 'TELEMETRY.PERSONAL_DATA_LABEL';
  constructor(metric: string, label: string) {
    super(`metric ${metric}: label "${label}" looks like personal data; metrics must never identify people`);
    this.name = 'PersonalDataLabelError';
  }
}

/** The same metric name asked for as two different kinds of metric. */
export class MetricTypeConflictError extends Error {
  readonly code = 'TELEMETRY.METRIC_TYPE_CONFLICT';
  constructor(metric: string, wanted: string) {
    super(`metric ${metric} is already registered as another type than ${wanted}`);
    this.name = 'MetricTypeConflictError';
  }
}
