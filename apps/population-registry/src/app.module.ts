import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { PopulationRegistryConfig } from './config.js';
import { HealthModule } from './health/health.module.js';
import { KafkaModule } from './kafka.provider.js';

@Module({})
export class AppModule {
  static forRoot(config: PopulationRegistryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: config.databaseUrl,
          synchronize: false,
          migrationsRun: true,
          migrations: [],
          entities: [],
          retryAttempts: 3,
        }),
        KafkaModule.forRoot('population-registry', config.kafkaBrokers),
        HealthModule,
      ],
    };
  }
}
