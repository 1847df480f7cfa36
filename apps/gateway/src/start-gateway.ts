import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ensureDatabase } from '@ndg/database';
import { PROBLEM_CONTENT_TYPE, toProblem } from '@ndg/registry-kit';
import { createLogger, PinoNestLogger } from '@ndg/telemetry';
import { GatewayModule } from './app.module.js';
import type { GatewayConfig } from './config/gateway.config.js';

export interface RunningGateway {
  readonly app: NestFastifyApplication;
  readonly url: string;
}

const PINO_LEVEL = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' } as const;

/** Creates the gateway database if needed, then starts; port 0 picks a free port (tests). */
export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  await ensureDatabase(config.databaseUrl);
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimit,
    routerOptions: { maxParamLength: 200 },
    // Fastify answers a URL it cannot decode before Nest sees it; keep that answer problem+json too.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const body = { ...toProblem(error), instance: request.url.split('?')[0] };
      void reply.code(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
    },
  });
  // Only JSON bodies: text/plain would otherwise reach validation as a string.
  adapter.getInstance().removeContentTypeParser('text/plain');
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(createLogger(config.service, { level: PINO_LEVEL[config.logLevel] })),
  });
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return { app, url: `http://${config.host}:${port}` };
}
