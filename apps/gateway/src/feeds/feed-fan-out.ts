import { traceparentOfActiveSpan } from '@ndg/telemetry';
import type pg from 'pg';
import type { Dataset } from '@ndg/contracts';
import type { CloudEvent } from '@ndg/events';
import type { CompiledPolicySet } from '@ndg/policy';
import { decideDelivery } from './feed-policy.js';
import { FEED_NOTIFY_CHANNEL } from './feed-headers.js';
import {
  insertFeedEvent,
  SUBSCRIPTION_COLUMNS,
  type KafkaPosition,
  type Subscription,
} from './feed-types.js';

/**
 * Does the subscription's start cover this event (start 'now' and 'backfill' by offsets, { from } by
 * event time)?
 */
export function startCovers(subscription: Subscription, event: CloudEvent, at: KafkaPosition): boolean {
  if (subscription.startKind === 'from')
    return subscription.startFrom === null || Date.parse(event.time) >= subscription.startFrom.getTime();
  const first = subscription.startOffsets?.[at.topic]?.[String(at.partition)];
  // A partition added after the subscription was made is covered from its beginning.
  if (first === undefined)
    return subscription.startOffsets !== null || Date.parse(event.time) >= subscription.createdAt.getTime();
  return BigInt(at.offset) >= BigInt(first);
}

/**
 * Turns one accepted event into delivery rows, one per matching subscription, in one transaction:
 * the event once in `feed_event`, then `feed_delivery` rows keyed (subscription, event) so a
 * redelivered record adds nothing. The caller commits the Kafka offset only after this resolves.
 */
export class FeedFanOut {
  constructor(
    private readonly pool: pg.Pool,
    private readonly policies: () => CompiledPolicySet,
  ) {}

  /** Returns the number of deliveries newly queued. */
  async fanOut(
    event: CloudEvent<Record<string, unknown>>,
    dataset: Dataset,
    at: KafkaPosition,
    now = Date.now(),
  ): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      // The consumer span (active here) continues the writer's trace; deliveries continue it in turn.
      await insertFeedEvent(client, event, traceparentOfActiveSpan() ?? event.traceparent ?? null, at);
      // Locking the subscriptions serialises fan-outs per subscription: positions commit in order.
      const subs = await client.query<Subscription>(
        `select ${SUBSCRIPTION_COLUMNS} from feed_subscription s
         where s.dataset = $1 and s.status = 'active' order by s.id for no key update`,
        [dataset],
      );
      let queued = 0;
      for (const sub of subs.rows) {
        if (sub.eventTypes !== null && !sub.eventTypes.includes(event.type)) continue;
        if (!startCovers(sub, event, at)) continue;
        if (!decideDelivery(this.policies(), sub, event.data, now).allowed) continue;
        if (sub.startKind === 'backfill') {
          // The seam: a snapshot row at this version or later already carries this state.
          const covered = await client.query(
            `select 1 from feed_delivery
             where subscription_id = $1 and subject = $2 and snapshot and sequence >= $3 limit 1`,
            [sub.id, event.subject, event.sequence],
          );
          if ((covered.rowCount ?? 0) > 0) continue;
        }
        const r = await client.query(
          `insert into feed_delivery (subscription_id, event_id, subject, sequence) values ($1, $2, $3, $4)
           on conflict (subscription_id, event_id) do nothing`,
          [sub.id, event.id, event.subject, event.sequence],
        );
        queued += r.rowCount ?? 0;
      }
      if (queued > 0) await client.query('select pg_notify($1, $2)', [FEED_NOTIFY_CHANNEL, dataset]);
      await client.query('commit');
      return queued;
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}
