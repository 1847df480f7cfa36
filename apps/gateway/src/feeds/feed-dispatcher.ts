import { Logger } from '@nestjs/common';
import type pg from 'pg';
import { request } from 'undici';
import { CloudEventHeader, feedTopic, TRACEPARENT_HEADER } from '@ndg/events';
import type { CompiledPolicySet } from '@ndg/policy';
import { contextFromTraceparent, withProducerSpan, withSpan } from '@ndg/telemetry';
import type { GatewayAuditor } from '../audit/gateway-auditor.js';
import type { FeedsConfig } from '../config/gateway.config.js';
import { decideDelivery, deliveryAudit, projectEventData, structuredEvent } from './feed-policy.js';
import type { FeedKafka } from './feed-kafka.js';
import type { FeedMetrics } from './feed-metrics.js';
import { DELIVERY_COLUMNS, SUBSCRIPTION_COLUMNS, type DeliveryRow, type Subscription } from './feed-types.js';
import { backoffDelayMs, webhookHeaders } from './webhook-signature.js';

interface Claimed extends DeliveryRow {
  readonly subscription: Subscription & { readonly webhookSecret: string | null };
}

type Outcome = { ok: true } | { ok: false; error: string; permanent?: boolean };

/**
 * Push delivery (Kafka and webhook). Each tick picks due rows — only the oldest pending row of each
 * (subscription, subject), so one subject stays in order and a failing subject blocks only itself —
 * leases them with `FOR UPDATE SKIP LOCKED` (replicas share the work), and delivers each without
 * waiting for the others: a slow receiver holds at most its subscription's concurrency, never the loop.
 * A crash mid-delivery lets the lease lapse and the row is sent again, with the same event id.
 */
export class FeedDispatcher {
  private readonly logger = new Logger('FeedDispatcher');
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private ticking: Promise<void> | undefined;
  private readonly inFlight = new Map<string, number>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly config: FeedsConfig,
    private readonly policies: () => CompiledPolicySet,
    private readonly auditor: Pick<GatewayAuditor, 'record'>,
    private readonly kafka: FeedKafka,
    private readonly metrics: FeedMetrics,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick()
        .catch((err: unknown) => this.logger.warn(`dispatch tick failed: ${(err as Error).message}`))
        .finally(() => this.schedule());
    }, this.config.dispatchIntervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    await Promise.allSettled([...this.pending]);
  }

  /** One pass: claim what is due and start delivering it. */
  async tick(): Promise<void> {
    const leaseMs = this.config.webhookTimeoutMs * 2 + 5000;
    const candidates = await this.pool.query<{ position: string; subscriptionId: string }>(
      `select d.position::text as position, d.subscription_id as "subscriptionId"
       from feed_delivery d join feed_subscription s on s.id = d.subscription_id
       where d.status = 'pending' and s.status = 'active' and s.mode <> 'pull'
         and (s.backfill_state is null or s.backfill_state = 'done')
         and d.next_attempt_at <= now() and (d.lease_until is null or d.lease_until < now())
         and not exists (
           select 1 from feed_delivery e
           where e.subscription_id = d.subscription_id and e.subject = d.subject
             and e.status = 'pending' and e.position < d.position)
       order by d.position limit 500`,
    );
    const room = new Map<string, number>();
    const chosen: string[] = [];
    for (const c of candidates.rows) {
      const left =
        room.get(c.subscriptionId) ??
        this.config.concurrencyPerSubscription - (this.inFlight.get(c.subscriptionId) ?? 0);
      if (left <= 0) continue;
      room.set(c.subscriptionId, left - 1);
      chosen.push(c.position);
    }
    if (chosen.length === 0) return;
    const claimed = await this.pool.query<{ position: string }>(
      `update feed_delivery set lease_until = now() + make_interval(secs => $2::double precision / 1000)
       where position in (
         select position from feed_delivery
         where position = any($1::bigint[]) and status = 'pending'
           and (lease_until is null or lease_until < now())
         for update skip locked)
       returning position::text as position`,
      [chosen, leaseMs],
    );
    if (claimed.rows.length === 0) return;
    const rows = await this.pool.query<DeliveryRow & Record<string, unknown>>(
      `select ${DELIVERY_COLUMNS}, ${SUBSCRIPTION_COLUMNS}, s.webhook_secret as "webhookSecret"
       from feed_delivery d join feed_event e on e.id = d.event_id
       join feed_subscription s on s.id = d.subscription_id
       where d.position = any($1::bigint[]) order by d.position`,
      [claimed.rows.map((r) => r.position)],
    );
    for (const row of rows.rows) {
      const claimedRow = toClaimed(row);
      const sub = claimedRow.subscriptionId;
      this.inFlight.set(sub, (this.inFlight.get(sub) ?? 0) + 1);
      const p: Promise<void> = this.deliver(claimedRow)
        .catch((err: unknown) =>
          this.logger.warn(`delivery ${claimedRow.position} failed unexpectedly: ${(err as Error).message}`),
        )
        .finally(() => {
          this.inFlight.set(sub, (this.inFlight.get(sub) ?? 1) - 1);
          this.pending.delete(p);
        });
      this.pending.add(p);
    }
  }

  private async deliver(row: Claimed): Promise<void> {
    const sub = row.subscription;
    const decision = decideDelivery(this.policies(), sub, row.data, Date.now());
    if (!decision.allowed) {
      // The grant was withdrawn or narrowed since fan-out: nothing leaves, the refusal is audited.
      await this.auditor.record([
        deliveryAudit(sub, row, decision.outcome, { grantId: null, fields: [], reason: decision.reason }),
      ]);
      await this.pool.query(
        `update feed_delivery set status = 'dropped', lease_until = null, last_error = $2 where position = $1`,
        [row.position, decision.reason],
      );
      return;
    }
    const { grant } = decision;
    const data = projectEventData(row.data, grant.fields);
    if (!row.audited) {
      // Audited before anything leaves; if the audit log is down the row is retried later.
      try {
        await this.auditor.record([
          deliveryAudit(sub, row, 'allowed', { grantId: grant.id, fields: grant.fields, reason: null }),
        ]);
      } catch {
        await this.pool.query(`update feed_delivery set lease_until = null where position = $1`, [
          row.position,
        ]);
        return;
      }
      await this.pool.query(`update feed_delivery set audited = true where position = $1`, [row.position]);
    }
    const outcome =
      sub.mode === 'kafka' ? await this.sendToKafka(row, data) : await this.postWebhook(row, data);
    if (outcome.ok) {
      await this.pool.query(
        `update feed_delivery set status = 'delivered', attempts = attempts + 1, delivered_at = now(),
           lease_until = null, last_error = null where position = $1`,
        [row.position],
      );
      this.metrics.delivered(sub.agency, sub.id, sub.mode);
      return;
    }
    const attempts = row.attempts + 1;
    // Kafka is the platform's own broker: retried without bound; webhooks are parked after maxAttempts.
    if (sub.mode === 'webhook' && attempts >= sub.maxAttempts) {
      await this.pool.query(
        `update feed_delivery set status = 'dead', attempts = $2, lease_until = null, last_error = $3
         where position = $1`,
        [row.position, attempts, outcome.error.slice(0, 500)],
      );
      this.metrics.deadLettered(sub.agency, sub.id);
      this.logger.warn(
        `subscription ${sub.id}: event ${row.eventId} parked as a dead letter (${outcome.error})`,
      );
      return;
    }
    const delay = backoffDelayMs(attempts, this.config.retryBaseMs, this.config.retryMaxMs);
    await this.pool.query(
      `update feed_delivery set attempts = $2, lease_until = null, last_error = $3,
         next_attempt_at = now() + make_interval(secs => $4::double precision / 1000)
       where position = $1`,
      [row.position, attempts, outcome.error.slice(0, 500), delay],
    );
    this.metrics.retried(sub.agency, sub.id);
  }

  private async sendToKafka(row: Claimed, data: Record<string, unknown>): Promise<Outcome> {
    const [domain = '', entity = ''] = row.subscription.dataset.split('.');
    const topic = feedTopic(row.subscription.agency, domain, entity);
    try {
      await this.kafka.ensureTopics([topic]);
      const producer = await this.kafka.producer();
      const headers: Record<string, string> = {
        [CloudEventHeader.specversion]: '1.0',
        [CloudEventHeader.id]: row.eventId,
        [CloudEventHeader.source]: row.source,
        [CloudEventHeader.type]: row.type,
        [CloudEventHeader.subject]: row.subject,
        [CloudEventHeader.time]: row.time.toISOString(),
        [CloudEventHeader.dataschema]: row.dataschema,
        [CloudEventHeader.sequence]: String(row.sequence),
        [CloudEventHeader.contentType]: 'application/json',
      };
      // The send span continues the event's trace and its context goes into the headers.
      await withProducerSpan(
        { topic, messageId: row.eventId, headers, parent: contextFromTraceparent(row.traceparent) },
        () => {
          if (headers[TRACEPARENT_HEADER])
            headers[CloudEventHeader.traceparent] = headers[TRACEPARENT_HEADER];
          return producer.send({
            topic,
            acks: -1,
            messages: [{ key: row.subject, value: JSON.stringify(data), headers }],
          });
        },
      );
      return { ok: true };
    } catch (err) {
      return { ok: false, error: `kafka: ${(err as Error).message}` };
    }
  }

  /** One attempt, in a span continuing the event's trace; the HTTP client span (and traceparent header) follow. */
  private postWebhook(row: Claimed, data: Record<string, unknown>): Promise<Outcome> {
    return withSpan(
      'deliver webhook',
      () => this.postWebhookNow(row, data),
      { 'messaging.message.id': row.eventId, 'ndg.subscription.id': row.subscription.id },
      contextFromTraceparent(row.traceparent),
    );
  }

  private async postWebhookNow(row: Claimed, data: Record<string, unknown>): Promise<Outcome> {
    const { webhookUrl, webhookSecret } = row.subscription;
    if (!webhookUrl || !webhookSecret) return { ok: false, error: 'no webhook configured' };
    const body = JSON.stringify(structuredEvent(row, data));
    try {
      const res = await request(webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/cloudevents+json; charset=utf-8',
          ...webhookHeaders(webhookSecret, row.eventId, body),
        },
        body,
        headersTimeout: this.config.webhookTimeoutMs,
        bodyTimeout: this.config.webhookTimeoutMs,
        signal: AbortSignal.timeout(this.config.webhookTimeoutMs),
      });
      await res.body.dump().catch(() => undefined);
      if (res.statusCode >= 200 && res.statusCode < 300) return { ok: true };
      return { ok: false, error: `HTTP ${res.statusCode}` };
    } catch (err) {
      return { ok: false, error: `webhook: ${(err as Error).name}` };
    }
  }
}

function toClaimed(row: DeliveryRow & Record<string, unknown>): Claimed {
  const r = row as unknown as Record<string, unknown>;
  return {
    ...row,
    subscription: {
      id: r['id'] as string,
      agency: r['agency'] as string,
      officer: r['officer'] as string,
      purpose: r['purpose'] as string,
      caseRef: r['caseRef'] as string,
      dataset: r['dataset'] as Subscription['dataset'],
      eventTypes: r['eventTypes'] as string[] | null,
      mode: r['mode'] as Subscription['mode'],
      webhookUrl: r['webhookUrl'] as string | null,
      webhookSecret: r['webhookSecret'] as string | null,
      maxAttempts: r['maxAttempts'] as number,
      startKind: r['startKind'] as Subscription['startKind'],
      startFrom: r['startFrom'] as Date | null,
      startOffsets: r['startOffsets'] as Subscription['startOffsets'],
      status: r['status'] as Subscription['status'],
      createdAt: r['createdAt'] as Date,
      backfillState: r['backfillState'] as Subscription['backfillState'],
    },
  };
}
