import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Admin, Kafka } from 'kafkajs';
import { probeKafka } from '@ndg/events';
import { KAFKA } from '../kafka.module.js';

@Injectable()
export class KafkaHealthIndicator implements OnModuleDestroy {
  private admin: Admin | undefined;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async isHealthy(key: 'kafka'): Promise<HealthIndicatorResult<'kafka'>> {
    const check = this.indicators.check(key);
    try {
      this.admin ??= this.kafka.admin();
      await this.admin.connect();
    } catch (err) {
      this.admin = undefined;
      return check.down({ message: err instanceof Error ? err.message : 'unreachable' });
    }
    const probe = await probeKafka(this.admin);
    return probe.up ? check.up({ brokers: probe.brokers }) : check.down({ message: probe.error });
  }

  async onModuleDestroy(): Promise<void> {
    await this.admin?.disconnect();
  }
}
