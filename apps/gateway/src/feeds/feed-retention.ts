import { Logger } from '@nestjs/common';
import type pg from 'pg';

/** How long delivered rows are kept and how often they are pruned. */
export interface FeedRetentionConfig {
  /** Delivered (and dropped) deliveries older than this are deleted; default 24 h. */
  readonly retentionMs: number;
  /** How often every replica prunes; default 1 h. */
  readonly intervalMs: number;
}

const BATCH = 5000;

/**
 * Prunes what no subscription needs any more: `feed_delivery` rows delivered or dropped longer ago
 * than the retention (pending and dead rows stay: they are still owed), every row of subscriptions
 * deleted longer ago than that, then `feed_event` rows older than the retention that no delivery
 * refers to. Deletes in batches; safe on every replica at once (idempotent deletes).
 */
export class FeedRetention {
  private readonly logger = new Logger('FeedRetention');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly config: FeedRetentionConfig,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.prune()
        .catch((err: unknown) => this.logger.warn(`feed retention failed: ${(err as Error).message}`))
        .finally(() => {
          this.running = undefined;
        });
    }, this.config.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; returns the numbers of delivery and event rows deleted. */
  async prune(retentionMs = this.config.retentionMs): Promise<{ deliveries: number; events: number }> {
    const secs = retentionMs / 1000;
    let deliveries = 0;
    for (;;) {
      const r = await this.pool.query(
        `delete from feed_delivery where position in (
           select d.position from feed_delivery d join feed_subscription s on s.id = d.subscription_id
           where (d.status in ('delivered', 'dropped')
                  and coalesce(d.delivered_at, d.created_at) < now() - make_interval(secs => $1::double precision))
              or (s.status = 'deleted' and s.deleted_at < now() - make_interval(secs => $1::double precision))
           limit $2)`,
        [secs, BATCH],
      );
      deliveries += r.rowCount ?? 0;
      if ((r.rowCount ?? 0) < BATCH) break;
    }
    let events = 0;
    for (;;) {
      const r = await this.pool.query(
        `delete from feed_event where id in (
           select e.id from feed_event e
           where e.received_at < now() - make_interval(secs => $1::double precision)
             and not exists (select 1 from feed_delivery d where d.event_id = e.id)
           limit $2)`,
        [secs, BATCH],
      );
      events += r.rowCount ?? 0;
      if ((r.rowCount ?? 0) < BATCH) break;
    }
    if (deliveries + events > 0)
      this.logger.log(`feed retention: ${deliveries} deliveries and ${events} events pruned`);
    return { deliveries, events };
  }
}
