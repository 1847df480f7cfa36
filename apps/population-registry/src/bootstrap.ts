import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConsoleLogger } from '@nestjs/common';
import { ensureDatabase } from '@ndg/database';
import { AppModule } from './app.module.js';
import type { LogLevel, PopulationRegistryConfig } from './config.js';

const ORDER: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];
function levelsUpTo(level: LogLevel): LogLevel[] {
  return ORDER.slice(0, ORDER.indexOf(level) + 1);
}

/** Builds and starts the app; tests call this with their own config (port 0 = any free port). */
export async function startPopulationRegistry(config: PopulationRegistryConfig): Promise<{
  app: NestFastifyApplication;
  url: string;
}> {
  await ensureDatabase(config.databaseUrl);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), new FastifyAdapter(), {
    logger: new ConsoleLogger({ json: true, logLevels: levelsUpTo(config.logLevel) }),
  });
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return { app, url: `http://${config.host}:${port}` };
}
