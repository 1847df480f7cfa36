import { Controller, Get, Inject, Module, type DynamicModule } from '@nestjs/common';
import type { MigrationInterface } from 'typeorm';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { RecordEtagInterceptor } from './command-params.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MetricsModule } from '@ndg/telemetry';
import { CreateOutbox1763900000000 } from '@ndg/outbox';
import { HealthModule } from './health/health.module.js';
import { KafkaModule } from './kafka.module.js';
import { OutboxRelayService } from './outbox-relay.service.js';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { buildOpenApiDocument, type OpenApiSpec } from './openapi.js';
import { OPENAPI_DOCUMENT, REGISTRY_CONFIG } from './registry-tokens.js';
import type { RegistryConfig } from './registry-config.js';

@Controller()
class OpenApiController {
  constructor(@Inject(OPENAPI_DOCUMENT) private readonly document: Record<string, unknown>) {}

  @Get('openapi.json')
  openapi(): Record<string, unknown> {
    return this.document;
  }
}

type MigrationClass = new () => MigrationInterface;

/** Wiring every registry shares: database with migrations, Kafka, outbox relay, health, metrics, errors, OpenAPI. */
@Module({})
export class RegistryCoreModule {
  static forRoot(config: RegistryConfig, options: { migrations: MigrationClass[]; openapi: OpenApiSpec }): DynamicModule {
    return {
      module: RegistryCoreModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: config.databaseUrl,
          synchronize: false,
          migrationsRun: true,
          migrations: [CreateOutbox1763900000000, ...options.migrations],
          entities: [],
          retryAttempts: 3,
          extra: { max: 20 },
        }),
        KafkaModule.forRoot(config.service, config.kafkaBrokers),
        HealthModule,
        MetricsModule,
      ],
      controllers: [OpenApiController],
      providers: [
        { provide: REGISTRY_CONFIG, useValue: config },
        { provide: OPENAPI_DOCUMENT, useValue: buildOpenApiDocument(options.openapi) },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: RecordEtagInterceptor },
        OutboxRelayService,
      ],
      exports: [REGISTRY_CONFIG],
    };
  }
}
