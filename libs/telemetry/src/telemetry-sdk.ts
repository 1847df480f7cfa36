// Starts the OpenTelemetry Node SDK once per process. Trace exporters come only from the
// standard OTEL_* variables, so operators switch between Zipkin, OTLP and none without a build.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Instrumentation } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
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
  /** Defaults to http, undici, pg and nestjs-core (Kafka spans come from withProducerSpan/withConsumerSpan). */
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

const INSTRUMENTATION_NAMES = ['http', 'undici', 'pg', 'nestjs-core'] as const;
type InstrumentationName = (typeof INSTRUMENTATION_NAMES)[number];

/**
 * Which instrumentations run, from the OpenTelemetry JS variables `OTEL_NODE_ENABLED_INSTRUMENTATIONS`
 * and `OTEL_NODE_DISABLED_INSTRUMENTATIONS` (comma-separated: http, undici, pg, nestjs-core).
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

/** The instrumentations every service gets (see {@link selectedInstrumentations}). */
export function defaultInstrumentations(env: NodeJS.ProcessEnv = process.env): Instrumentation[] {
  const make: Record<InstrumentationName, () => Instrumentation> = {
    http: () =>
      new HttpInstrumentation({
        // Scrapes and probes every few seconds would drown the real traffic in the trace UI.
        ignoreIncomingRequestHook: (req) =>
          req.url === '/metrics' || (req.url?.startsWith('/health') ?? false),
      }),
    undici: () => new UndiciInstrumentation(),
    // Queries only inside a traced operation, and no span per pool checkout: a lookup then costs a
    // handful of spans rather than dozens.
    pg: () =>
      new PgInstrumentation({
        enhancedDatabaseReporting: false,
        requireParentSpan: true,
        ignoreConnectSpans: true,
      }),
    'nestjs-core': () => new NestInstrumentation(),
  };
  // No kafkajs auto-instrumentation: it gives every message of a batch the batch's context,
  // breaking the writer → relay → consumer trace, and records the Kafka key (a personal id)
  // as a span attribute. Producers and consumers use withProducerSpan/withConsumerSpan instead.
  return selectedInstrumentations(env).map((name) => make[name]());
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
    resource: resourceFromAttributes(serviceVersion ? { 'service.version': serviceVersion } : {}),
  };
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
