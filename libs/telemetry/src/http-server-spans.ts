// SERVER spans for the platform's Fastify servers, from Fastify's own hooks. The generic
// node:http instrumentation cost about 65 µs of CPU per request here (it re-parses the URL,
// gathers twenty attributes and rebinds the request and response emitters, sampled or not),
// which bench:lookups showed as most of tracing's overhead. Fastify has already routed the
// request, so the span gets its route template for free and nothing else needs patching.
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_PORT,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from './http-attributes.js';

type Done = (err?: Error) => void;

/** The parts of Fastify's request the hooks read. */
export interface TracedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly protocol?: string;
  readonly routeOptions?: { url?: string | undefined };
  readonly raw: { httpVersion?: string; socket?: { localPort?: number | undefined } | null };
}

interface TracedReply {
  readonly statusCode: number;
}

/** The parts of a Fastify instance the hooks are added to. */
export interface TraceableServer {
  addHook(
    name: 'onRequest' | 'preHandler',
    hook: (req: TracedRequest, reply: TracedReply, done: Done) => void,
  ): unknown;
  addHook(name: 'onResponse', hook: (req: TracedRequest, reply: TracedReply, done: Done) => void): unknown;
  addHook(name: 'onRequestAbort', hook: (req: TracedRequest, done: Done) => void): unknown;
}

export interface HttpServerSpanOptions {
  /** Defaults to the global tracer provider's `@ndg/telemetry` tracer. */
  readonly tracer?: Tracer;
  /** Requests not worth a trace; defaults to `/metrics` and `/health…` (scraped every few seconds). */
  readonly ignore?: (url: string) => boolean;
}

/** The span and its context, kept per request (a WeakMap: nothing is added to Fastify's objects). */
const active = new WeakMap<object, { span: Span; ctx: Context }>();

const defaultIgnore = (url: string): boolean => url === '/metrics' || url.startsWith('/health');

/**
 * Traces every request `server` answers with one SERVER span that continues the caller's
 * `traceparent` and is the active span while Nest handles the request. No raw path or query is
 * recorded: the platform's paths carry personal identifiers, so the span names the route template.
 */
export function traceHttpServer(server: TraceableServer, options: HttpServerSpanOptions = {}): void {
  const tracer = options.tracer ?? trace.getTracer('@ndg/telemetry');
  const ignore = options.ignore ?? defaultIgnore;

  server.addHook('onRequest', (request, _reply, done) => {
    if (ignore(request.url)) return done();
    const route = request.routeOptions?.url;
    const attributes: Record<string, string | number> = {
      [ATTR_HTTP_REQUEST_METHOD]: request.method,
      [ATTR_URL_SCHEME]: request.protocol ?? 'http',
    };
    if (route) attributes[ATTR_HTTP_ROUTE] = route;
    if (request.raw.httpVersion) attributes[ATTR_NETWORK_PROTOCOL_VERSION] = request.raw.httpVersion;
    const port = request.raw.socket?.localPort;
    if (port) attributes[ATTR_SERVER_PORT] = port;
    const agent = request.headers['user-agent'];
    if (typeof agent === 'string') attributes[ATTR_USER_AGENT_ORIGINAL] = agent.slice(0, 256);
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(
      route ? `${request.method} ${route}` : request.method,
      { kind: SpanKind.SERVER, attributes },
      parent,
    );
    const ctx = trace.setSpan(parent, span);
    active.set(request, { span, ctx });
    // Everything Fastify runs from here on synchronously, and what it awaits, sees the span.
    context.with(ctx, done);
  });

  // A body is read from socket events, outside the request's context: enter it again before the handler.
  server.addHook('preHandler', (request, _reply, done) => {
    const entry = active.get(request);
    if (entry) context.with(entry.ctx, done);
    else done();
  });

  server.addHook('onResponse', (request, reply, done) => {
    const entry = active.get(request);
    if (entry) {
      active.delete(request);
      const { span } = entry;
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, reply.statusCode);
      // Client errors are the client's: only a 5xx marks the server span as failed.
      if (reply.statusCode >= 500) {
        span.setAttribute(ATTR_ERROR_TYPE, String(reply.statusCode));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    }
    done();
  });

  server.addHook('onRequestAbort', (request, done) => {
    const entry = active.get(request);
    if (entry) {
      active.delete(request);
      entry.span.setAttribute(ATTR_ERROR_TYPE, 'aborted');
      entry.span.setStatus({ code: SpanStatusCode.ERROR, message: 'the client closed the connection' });
      entry.span.end();
    }
    done();
  });
}
