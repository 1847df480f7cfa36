import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';

export const KAFKA = Symbol('KAFKA');

@Global()
@Module({})
export class KafkaModule {
  static forRoot(clientId: string, brokers: string[]): DynamicModule {
    return {
      module: KafkaModule,
      providers: [
        {
          provide: KAFKA,
          // Broker trouble is reported by /health and the relay, not as a stack trace per retry.
          useFactory: () =>
            new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, retry: { retries: 2 }, connectionTimeout: 2000 }),
        },
      ],
      exports: [KAFKA],
    };
  }
}
