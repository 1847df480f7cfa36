import { randomUUID } from 'node:crypto';
import { isSpanContextValid, trace, type SpanContext } from '@opentelemetry/api';
import type { Dataset, FieldError } from '@ndg/contracts';
import type { FieldCatalogue } from '@ndg/policy';
import { GatewayError } from '../gateway-errors.js';
import { DATASETS, isDataset } from './datasets.js';

const SELECTOR = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** Shows a client's value in an error without echoing a huge or odd string back. */
function shown(value: string): string {
  return JSON.stringify(value.slice(0, 40));
}

export function parseDataset(value: string): Dataset {
  if (!isDataset(value))
    throw GatewayError.of('unknownDataset', `no dataset ${shown(value)}`, [
      { path: '/dataset', message: `must be one of ${Object.keys(DATASETS).join(', ')}` },
    ]);
  return value;
}

export function parseId(dataset: Dataset, value: string, path = '/id'): string {
  const { idPattern } = DATASETS[dataset];
  if (!idPattern.test(value))
    throw GatewayError.of('invalidId', `${shown(value)} is not a ${dataset} id`, [
      { path, message: `must match ${idPattern.source}` },
    ]);
  return value;
}

/** Only the listed query parameters are accepted; anything else is a client mistake worth naming. */
export function checkQuery(query: unknown, allowed: readonly string[]): void {
  const keys = query && typeof query === 'object' ? Object.keys(query) : [];
  const unknown = keys.filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw GatewayError.of(
      'unknownParameter',
      `unknown query parameter ${unknown.map(shown).join(', ')}`,
      unknown.map((k) => ({
        path: `/query/${k.slice(0, 40)}`,
        message: allowed.length ? `allowed: ${allowed.join(', ')}` : 'no query parameters allowed',
      })),
    );
  }
}

/** Field selectors must name a field or classification of the dataset. */
export function checkSelectors(
  catalogue: FieldCatalogue,
  selectors: readonly string[],
  path: string,
): readonly string[] {
  const errors: FieldError[] = [];
  selectors.forEach((s, i) => {
    if (!SELECTOR.test(s) || catalogue.expand(s) === undefined)
      errors.push({ path: `${path}/${i}`, message: `${shown(s)} is neither a field nor a classification` });
  });
  if (errors.length > 0) throw GatewayError.of('unknownField', 'unknown field', errors);
  return [...new Set(selectors)];
}

/** `?fields=a,b` → selectors; absent → undefined (everything granted). */
export function parseFieldsParam(catalogue: FieldCatalogue, value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '' || value.length > 2000) {
    throw GatewayError.of('unknownField', 'fields must be one comma-separated list', [
      { path: '/query/fields', message: 'give it once, e.g. fields=fullName,dateOfBirth' },
    ]);
  }
  return checkSelectors(catalogue, value.split(','), '/query/fields');
}

/**
 * The trace id an audit record is filed under: the active span's when tracing is on (so the record
 * leads to the trace the platform team sees), else the incoming W3C traceparent's, else a fresh one.
 */
export function traceIdOf(
  traceparent: unknown,
  active: SpanContext | undefined = trace.getActiveSpan()?.spanContext(),
): string {
  if (active && isSpanContextValid(active)) return active.traceId;
  const match = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent) : null;
  // randomUUID draws from a cached entropy pool: far cheaper per request than randomBytes.
  return match?.[1] ?? randomUUID().replaceAll('-', '');
}
