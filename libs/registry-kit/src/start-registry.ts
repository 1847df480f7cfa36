import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DynamicModule } from '@nestjs/common';
import { ensureDatabase } from '@ndg/database';
import { createLogger, PinoNestLogger } from '@ndg/telemetry';
import type { RegistryConfig } from './registry-config.js';

export interface RunningRegistry {
  app: NestFastifyApplication;
  url: string;
}

const PINO_LEVEL = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' } as const;

/** Creates the service's database if needed, then starts the app; port 0 picks a free port (tests). */
export async function startRegistry(config: RegistryConfig, module: DynamicModule): Promise<RunningRegistry> {
  await ensureDatabase(config.databaseUrl);
  const adapter = new FastifyAdapter({ bodyLimit: config.bodyLimit, routerOptions: { maxParamLength: 200 } });
  // Only JSON bodies are accepted; text/plain would otherwise reach validation as a string.
  adapter.getInstance().removeContentTypeParser('text/plain');
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger: new PinoNestLogger(createLogger(config.service, { level: PINO_LEVEL[config.logLevel] })),
  });
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return { app, url: `http://${config.host}:${port}` };
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
