import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OutboxRelay } from '@ndg/outbox';
import { Metrics, METRIC_OUTBOX_BACKLOG, METRIC_OUTBOX_OLDEST_UNSENT_SECONDS } from '@ndg/telemetry';
import { REGISTRY_CONFIG } from './registry-tokens.js';
import type { RegistryConfig } from './registry-config.js';

/** Runs the outbox relay inside the registry process and exposes its backlog as metrics. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay: OutboxRelay | undefined;
  private readonly logger = new Logger('OutboxRelay');

  constructor(
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.outboxRelay) return;
    let lastError = '';
    const relay = new OutboxRelay({
      databaseUrl: this.config.databaseUrl,
      kafkaBrokers: this.config.kafkaBrokers,
      clientId: `${this.config.service}-relay`,
      onError: (err) => {
        const message = (err as Error).message;
        // A broker outage repeats the same error every retry: say it once.
        if (message !== lastError) this.logger.warn(`relay waiting: ${message}`);
        lastError = message;
      },
      onPublished: () => {
        lastError = '';
      },
    });
    this.relay = relay;
    relay.start();
    const backlog = this.metrics.gauge(METRIC_OUTBOX_BACKLOG, { help: 'Unsent outbox rows', labelNames: ['service'] });
    const oldest = this.metrics.gauge(METRIC_OUTBOX_OLDEST_UNSENT_SECONDS, {
      help: 'Age of the oldest unsent outbox row, seconds',
      labelNames: ['service'],
    });
    const collect = async () => {
      const b = await relay.backlog().catch(() => undefined);
      if (!b) return;
      backlog.set({ service: this.config.service }, b.unsent);
      oldest.set({ service: this.config.service }, b.oldestUnsentSeconds);
    };
    this.timer = setInterval(() => void collect(), 5000);
    this.timer.unref();
  }

  private timer: NodeJS.Timeout | undefined;

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.relay?.stop();
  }
}
