import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DynamicModule } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ensureDatabase } from '@ndg/database';
import { createLogger, httpServerTracingEnabled, PinoNestLogger, traceHttpServer } from '@ndg/telemetry';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem-details.filter.js';
import type { LogLevel, RegistryConfig } from './registry-config.js';

export interface RunningService {
  app: NestFastifyApplication;
  url: string;
}
/** @deprecated name kept for the registries' tests; same as RunningService. */
export type RunningRegistry = RunningService;

export interface ServiceStartOptions {
  service: string;
  host: string;
  port: number;
  databaseUrl: string;
  logLevel: LogLevel;
  bodyLimit: number;
}

const PINO_LEVEL = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' } as const;

/**
 * Starts a NestJS service on Fastify the way every service of the platform runs: its own
 * database created if needed, JSON-only bodies with a size limit, problem+json for everything
 * Fastify refuses before Nest sees it, pino logs. Port 0 picks a free port (tests).
 */
export async function startNestService(options: ServiceStartOptions, module: DynamicModule): Promise<RunningService> {
  await ensureDatabase(options.databaseUrl);
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimit,
    routerOptions: { maxParamLength: 200 },
    // A URL Fastify cannot decode is answered before Nest sees it; keep that answer problem+json too.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const body = { ...toProblem(error), instance: request.url.split('?')[0] };
      void reply.code(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
    },
  });
  // Only JSON bodies: text/plain would otherwise reach validation as a string.
  adapter.getInstance().removeContentTypeParser('text/plain');
  // Before Nest adds its middleware and routes, so the span covers all of a request.
  if (httpServerTracingEnabled()) traceHttpServer(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger: new PinoNestLogger(createLogger(options.service, { level: PINO_LEVEL[options.logLevel] })),
  });
  app.enableShutdownHooks();
  await app.listen(options.port, options.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { app, url: `http://${options.host}:${port}` };
}

/** Starts a registry; see {@link startNestService}. */
export function startRegistry(config: RegistryConfig, module: DynamicModule): Promise<RunningService> {
  return startNestService(config, module);
}

/** The body of every registry's `main.ts`: read config, start, print where to look. */
export async function runRegistry(load: () => RegistryConfig, module: (config: RegistryConfig) => DynamicModule): Promise<void> {
  let config: RegistryConfig;
  try {
    config = load();
  } catch (err) {
    console.error(`${process.env['OTEL_SERVICE_NAME'] ?? 'registry'}: ${(err as Error).message}`);
    process.exit(1);
  }
  const { url } = await startRegistry(config, module(config));
  console.log(JSON.stringify({ service: config.service, msg: 'listening', url, health: `${url}/health`, openapi: `${url}/openapi.json` }));
}
