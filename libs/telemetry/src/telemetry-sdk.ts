// Starts the OpenTelemetry Node SDK once per process. Trace exporters come only from the
// standard OTEL_* variables, so operators switch between Zipkin, OTLP and none without a build.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { context } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { type Instrumentation } from '@opentelemetry/instrumentation';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { hostname } from 'node:os';
import { envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK, type NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { type SpanProcessor } from '@opentelemetry/sdk-trace';

/** What `startTelemetry` needs; everything has an environment-driven default. */
export interface TelemetryOptions {
  /** Defaults to `OTEL_SERVICE_NAME` (the SDK also reads it itself). */
  serviceName?: string;
  /** Defaults to `SERVICE_VERSION`, then the `version` of the package.json in the working directory. */
  serviceVersion?: string;
  /** Replaces the exporter chosen by `OTEL_TRACES_EXPORTER`; tests pass an `InMemorySpanExporter` here. */
  spanProcessors?: SpanProcessor[];
  /** Defaults to undici and pg (Kafka spans come from withProducerSpan/withConsumerSpan). */
  instrumentations?: Instrumentation[];
  /** Flush spans on SIGTERM/SIGINT; the preload turns it on. */
  flushOnSignals?: boolean;
}

/** The running SDK; `shutdown` flushes pending spans and is safe to call twice. */
export interface TelemetryHandle {
  readonly enabled: boolean;
  shutdown(): Promise<void>;
}

let current: TelemetryHandle | undefined;

// No nestjs-core: its instrumentation supports Nest < 12 only, and the route-named SERVER spans
// say what its handler spans would.
const INSTRUMENTATION_NAMES = ['http', 'undici', 'pg'] as const;
type InstrumentationName = (typeof INSTRUMENTATION_NAMES)[number];

/**
 * Which instrumentations run, from the OpenTelemetry JS variables `OTEL_NODE_ENABLED_INSTRUMENTATIONS`
 * and `OTEL_NODE_DISABLED_INSTRUMENTATIONS` (comma-separated: http, undici, pg).
 */
export function selectedInstrumentations(env: NodeJS.ProcessEnv = process.env): InstrumentationName[] {
  const list = (v: string | undefined) =>
    (v ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const enabled = list(env['OTEL_NODE_ENABLED_INSTRUMENTATIONS']);
  const disabled = new Set(list(env['OTEL_NODE_DISABLED_INSTRUMENTATIONS']));
  for (const name of [...enabled, ...disabled]) {
    if (!(INSTRUMENTATION_NAMES as readonly string[]).includes(name)) {
      throw new Error(`unknown instrumentation "${name}" (known: ${INSTRUMENTATION_NAMES.join(', ')})`);
    }
  }
  return INSTRUMENTATION_NAMES.filter(
    (n) => (enabled.length === 0 || enabled.includes(n)) && !disabled.has(n),
  );
}

/**
 * The OpenTelemetry instrumentations every service gets (see {@link selectedInstrumentations}).
 * `http` is not among them: SERVER spans come from Fastify's hooks (see `traceHttpServer`), and
 * outgoing calls all go through undici.
 */
export function defaultInstrumentations(env: NodeJS.ProcessEnv = process.env): Instrumentation[] {
  const make: Record<Exclude<InstrumentationName, 'http'>, () => Instrumentation> = {
    // A suppressed context is a call that records its own span (withHttpClientSpan) or must not
    // be traced at all (an exporter's own request): undici adds none.
    undici: () =>
      new UndiciInstrumentation({ ignoreRequestHook: () => isTracingSuppressed(context.active()) }),
    // Queries only inside a traced operation, and no span per pool checkout: a lookup then costs a
    // handful of spans rather than dozens.
    pg: () =>
      new PgInstrumentation({
        enhancedDatabaseReporting: false,
        requireParentSpan: true,
        ignoreConnectSpans: true,
      }),
  };
  // No kafkajs auto-instrumentation: it gives every message of a batch the batch's context,
  // breaking the writer → relay → consumer trace, and records the Kafka key (a personal id)
  // as a span attribute. Producers and consumers use withProducerSpan/withConsumerSpan instead.
  return selectedInstrumentations(env)
    .filter((name): name is Exclude<InstrumentationName, 'http'> => name !== 'http')
    .map((name) => make[name]());
}

/** Whether this process's HTTP servers should get SERVER spans: tracing is on and `http` is selected. */
export function httpServerTracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return current?.enabled === true && selectedInstrumentations(env).includes('http');
}

/** Starts tracing for this process; a second call returns the first handle. */
export function startTelemetry(options: TelemetryOptions = {}): TelemetryHandle {
  if (current) return current;
  if (isTrue(process.env.OTEL_SDK_DISABLED)) {
    current = { enabled: false, shutdown: () => Promise.resolve() };
    return current;
  }
  const serviceVersion = options.serviceVersion ?? process.env.SERVICE_VERSION ?? versionOfWorkingPackage();
  const config: Partial<NodeSDKConfiguration> = {
    instrumentations: options.instrumentations ?? defaultInstrumentations(),
    resource: resourceFromAttributes({
      ...(serviceVersion ? { 'service.version': serviceVersion } : {}),
      ...(process.env.OTEL_NODE_RESOURCE_DETECTORS
        ? {}
        : { 'host.name': hostname(), 'process.pid': process.pid }),
    }),
  };
  // The Zipkin exporter copies every resource attribute onto every span: the default detectors'
  // twenty-odd host, OS and process attributes were over half of the bytes exported and a third of
  // tracing's CPU in bench:lookups. Keep what tells instances apart (plus OTEL_RESOURCE_ATTRIBUTES);
  // OTEL_NODE_RESOURCE_DETECTORS brings the SDK's detectors back.
  if (!process.env.OTEL_NODE_RESOURCE_DETECTORS) config.resourceDetectors = [envDetector];
  if (options.serviceName) config.serviceName = options.serviceName;
  if (options.spanProcessors) config.spanProcessors = options.spanProcessors;
  // Metrics are served by prom-client at /metrics and logs go to stdout through pino, so the
  // SDK's own OTLP metrics and logs stay off unless an operator asks for them explicitly.
  if (!process.env.OTEL_METRICS_EXPORTER) config.metricReaders = [];
  if (!process.env.OTEL_LOGS_EXPORTER) config.logRecordProcessors = [];

  const sdk = new NodeSDK(config);
  sdk.start();
  let stopping: Promise<void> | undefined;
  const handle: TelemetryHandle = {
    enabled: true,
    shutdown: () => (stopping ??= sdk.shutdown().catch(() => undefined)),
  };
  current = handle;
  if (options.flushOnSignals) flushOnSignals(handle);
  return handle;
}

/** Flushes and stops the SDK started by `startTelemetry`, if any. */
export async function shutdownTelemetry(): Promise<void> {
  await current?.shutdown();
}

function flushOnSignals(handle: TelemetryHandle): void {
  // A process that simply runs out of work (a job, a script) flushes too.
  process.once('beforeExit', () => void handle.shutdown());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void handle.shutdown().then(() => {
        // Listening to a signal cancels Node's default exit. If the app has its own handler
        // (Nest's enableShutdownHooks) it re-raises the signal when done; otherwise we do.
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    });
  }
}

function versionOfWorkingPackage(): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}
