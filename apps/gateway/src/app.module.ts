import {
  Controller,
  Get,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import pg from 'pg';
import { BatchedAuditWriter } from '@ndg/audit';
import { buildOpenApiDocument } from '@ndg/registry-kit';
import { METRIC_AUDIT_WRITE_SECONDS, Metrics, MetricsModule } from '@ndg/telemetry';
import { AdminController } from './admin/admin.controller.js';
import { AdminTokenGuard } from './admin/admin-token.guard.js';
import { AccessHistoryController } from './audit/access-history.controller.js';
import { AUDITOR } from './audit/audit-tokens.js';
import { GatewayAuditor } from './audit/gateway-auditor.js';
import type { GatewayConfig } from './config/gateway.config.js';
import { GATEWAY_CONFIG } from './config/gateway-tokens.js';
import { GATEWAY_POOL, migrateGatewaySchema } from './database/gateway-schema.js';
import { FeedsAdminController } from './feeds/feeds-admin.controller.js';
import { FeedsService } from './feeds/feeds.service.js';
import { SubscriptionsController } from './feeds/subscriptions.controller.js';
import { GatewayProblemFilter } from './gateway-problem.filter.js';
import { HealthController } from './health/health.controller.js';
import { LookupsController } from './lookups/lookups.controller.js';
import { LookupService, REGISTRY_CLIENT } from './lookups/lookup.service.js';
import { RegistryClient } from './lookups/registry-client.js';
import { GATEWAY_OPENAPI } from './openapi/gateway.openapi.js';
import { ConfigStore } from './policies/config-store.service.js';

const OPENAPI_DOCUMENT = Symbol('OPENAPI_DOCUMENT');
const AUDIT_WRITER = Symbol('AUDIT_WRITER');

@Controller()
class OpenApiController {
  constructor(@Inject(OPENAPI_DOCUMENT) private readonly document: Record<string, unknown>) {}

  @Get('openapi.json')
  openapi(): Record<string, unknown> {
    return this.document;
  }
}

/** Closes what the providers opened, in reverse order of need. */
class Resources implements OnApplicationShutdown {
  constructor(
    private readonly pool: pg.Pool,
    private readonly writer: BatchedAuditWriter,
    private readonly registries: RegistryClient,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.writer.close().catch(() => undefined);
    await this.registries.close().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}

const infrastructure = [
  {
    provide: GATEWAY_POOL,
    inject: [GATEWAY_CONFIG],
    useFactory: async (config: GatewayConfig) => {
      const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 20 });
      pool.on('error', () => undefined);
      await migrateGatewaySchema(pool);
      return pool;
    },
  },
  {
    provide: AUDIT_WRITER,
    inject: [GATEWAY_POOL],
    useFactory: (pool: pg.Pool) => new BatchedAuditWriter(pool),
  },
  {
    provide: AUDITOR,
    inject: [AUDIT_WRITER, Metrics],
    useFactory: (writer: BatchedAuditWriter, metrics: Metrics) => {
      const seconds = metrics.histogram(METRIC_AUDIT_WRITE_SECONDS, {
        help: 'Time until a decision is committed to the audit log',
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      });
      return new GatewayAuditor(writer, (s) => seconds.observe(s));
    },
  },
  {
    provide: REGISTRY_CLIENT,
    inject: [GATEWAY_CONFIG],
    useFactory: (config: GatewayConfig) => new RegistryClient(config.registries, config.registryTimeoutMs),
  },
  {
    provide: Resources,
    inject: [GATEWAY_POOL, AUDIT_WRITER, REGISTRY_CLIENT],
    useFactory: (pool: pg.Pool, writer: BatchedAuditWriter, registries: RegistryClient) =>
      new Resources(pool, writer, registries),
  },
];

/** The gateway: agencies, policies, lookups, change feeds, audit, admin, health, metrics and OpenAPI. */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [MetricsModule],
      controllers: [
        LookupsController,
        AdminController,
        SubscriptionsController,
        FeedsAdminController,
        AccessHistoryController,
        HealthController,
        OpenApiController,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: OPENAPI_DOCUMENT, useValue: buildOpenApiDocument(GATEWAY_OPENAPI) },
        { provide: APP_FILTER, useClass: GatewayProblemFilter },
        ...infrastructure,
        ConfigStore,
        LookupService,
        FeedsService,
        AdminTokenGuard,
      ],
    };
  }
}
