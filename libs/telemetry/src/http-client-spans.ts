// CLIENT spans for calls whose URL carries personal data (the gateway's lookups put a personal id
// in the registry's path). The undici instrumentation records the full URL; these spans record the
// URL template instead, and the call runs with tracing suppressed so undici adds no second span.
import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_SCHEME,
  ATTR_URL_TEMPLATE,
} from './http-attributes.js';

/** Where a call goes, without anything that identifies a person. */
export interface HttpClientCall {
  readonly method: string;
  /** e.g. `/internal/records/{id}`: the path with its identifiers left out. */
  readonly urlTemplate: string;
  readonly scheme: string;
  readonly serverAddress: string;
  readonly serverPort: number;
}

/**
 * Runs `send` in a CLIENT span named `<method> <urlTemplate>`, after putting the span's
 * `traceparent` into `headers` (which `send` must send). `statusOf` reads the status code from
 * what `send` returns; a 5xx or a throw marks the span as failed. Without an active span, `send`
 * runs untraced.
 */
export async function withHttpClientSpan<T>(
  call: HttpClientCall,
  headers: Record<string, string>,
  send: () => Promise<T>,
  statusOf: (result: T) => number,
): Promise<T> {
  const parent = context.active();
  // Outside a traced operation (a health probe, say) a call is not worth a trace of its own.
  if (!trace.getSpan(parent)) return context.with(suppressTracing(parent), send);
  const span: Span = trace.getTracer('@ndg/telemetry').startSpan(
    `${call.method} ${call.urlTemplate}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        [ATTR_HTTP_REQUEST_METHOD]: call.method,
        [ATTR_URL_TEMPLATE]: call.urlTemplate,
        [ATTR_URL_SCHEME]: call.scheme,
        [ATTR_SERVER_ADDRESS]: call.serverAddress,
        [ATTR_SERVER_PORT]: call.serverPort,
      },
    },
    parent,
  );
  const ctx = trace.setSpan(parent, span);
  propagation.inject(ctx, headers);
  try {
    const result = await context.with(suppressTracing(ctx), send);
    const status = statusOf(result);
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    if (status >= 500) {
      span.setAttribute(ATTR_ERROR_TYPE, String(status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    return result;
  } catch (err) {
    span.setAttribute(ATTR_ERROR_TYPE, err instanceof Error ? err.name : 'Error');
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw err;
  } finally {
    span.end();
  }
}
