import {
  METRIC_CONSUMER_LAG,
  METRIC_CONTRACT_REJECTIONS,
  METRIC_WEBHOOK_DEAD_LETTERS,
  METRIC_WEBHOOK_RETRIES,
  type Metrics,
} from '@ndg/telemetry';

/** Deliveries completed, per subscription and mode. */
export const METRIC_FEED_DELIVERIES = 'ndg_feed_deliveries_total';
/** Registry events parked in quarantine, per topic and reason code. */
export const METRIC_FEED_QUARANTINED = 'ndg_feed_quarantined_total';

/** The feed counters and gauges, created once per app. */
export class FeedMetrics {
  private readonly deliveries;
  private readonly retries;
  private readonly deadLetters;
  private readonly quarantine;
  private readonly rejections;
  private readonly consumerLag;

  constructor(metrics: Metrics) {
    this.deliveries = metrics.counter(METRIC_FEED_DELIVERIES, {
      help: 'Change-feed deliveries completed (pull read, Kafka acknowledged, webhook 2xx)',
      labelNames: ['agency', 'subscription', 'mode'],
    });
    this.retries = metrics.counter(METRIC_WEBHOOK_RETRIES, {
      help: 'Feed deliveries that failed and were scheduled again',
      labelNames: ['agency', 'subscription'],
    });
    this.deadLetters = metrics.counter(METRIC_WEBHOOK_DEAD_LETTERS, {
      help: 'Feed deliveries parked as dead letters after their last attempt',
      labelNames: ['agency', 'subscription'],
    });
    this.quarantine = metrics.counter(METRIC_FEED_QUARANTINED, {
      help: 'Registry events parked in quarantine for breaking their contract',
      labelNames: ['topic', 'reason'],
    });
    this.rejections = metrics.counter(METRIC_CONTRACT_REJECTIONS, {
      help: 'Registry answers refused for breaking their contract',
      labelNames: ['contract', 'reason'],
    });
    this.consumerLag = metrics.gauge(METRIC_CONSUMER_LAG, {
      help: 'Records behind the log end, per consumer group and partition',
      labelNames: ['group', 'topic', 'partition'],
    });
  }

  delivered(agency: string, subscription: string, mode: string, n = 1): void {
    this.deliveries.inc({ agency, subscription, mode }, n);
  }

  retried(agency: string, subscription: string): void {
    this.retries.inc({ agency, subscription });
  }

  deadLettered(agency: string, subscription: string): void {
    this.deadLetters.inc({ agency, subscription });
  }

  quarantined(topic: string, reason: string, contract?: string): void {
    this.quarantine.inc({ topic, reason });
    if (contract) this.rejections.inc({ contract, reason: `event-${reason}` });
  }

  lag(group: string, topic: string, partition: number, value: number): void {
    this.consumerLag.set({ group, topic, partition: String(partition) }, value);
  }
}
