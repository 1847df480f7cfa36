import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type pg from 'pg';
import type { SubscriptionRequest } from '@ndg/contracts';
import { registryTopic } from '@ndg/events';
import { evaluate } from '@ndg/policy';
import { Metrics } from '@ndg/telemetry';
import { AUDITOR } from '../audit/audit-tokens.js';
import type { GatewayAuditor } from '../audit/gateway-auditor.js';
import { JwtAuthenticator, type Principal } from '../auth/jwt-authenticator.js';
import { PgReplayCache } from '../auth/replay-cache.js';
import type { GatewayConfig } from '../config/gateway.config.js';
import { GATEWAY_CONFIG } from '../config/gateway-tokens.js';
import { GATEWAY_POOL } from '../database/gateway-schema.js';
import { GatewayError, PolicyDeniedError } from '../gateway-errors.js';
import { ConfigStore } from '../policies/config-store.service.js';
import { FeedBackfill } from './feed-backfill.js';
import { FeedDispatcher } from './feed-dispatcher.js';
import { checkRegistryEvent } from './feed-event-check.js';
import { FeedFanOut } from './feed-fan-out.js';
import { FeedKafka } from './feed-kafka.js';
import { FeedMetrics } from './feed-metrics.js';
import { FeedNotifications } from './feed-notifications.js';
import { FeedRetention } from './feed-retention.js';
import { decideDelivery, deliveryAudit, projectEventData, structuredEvent } from './feed-policy.js';
import { DELIVERY_COLUMNS, SUBSCRIPTION_COLUMNS, type DeliveryRow, type Subscription } from './feed-types.js';
import { FeedWorker } from './feed-worker.js';
import { QuarantineStore, restoreHeaders, type StoredHeader } from './quarantine.js';
import { generateWebhookSecret, webhookUrlAllowed } from './webhook-signature.js';

/** A subscription as the API shows it (never the secret, except once at creation). */
export interface SubscriptionView {
  readonly id: string;
  readonly dataset: string;
  readonly purpose: string;
  readonly eventTypes: readonly string[] | null;
  readonly delivery: { mode: string; url?: string; maxAttempts?: number; topic?: string };
  readonly start: 'now' | 'backfill' | { from: string };
  /** Start 'backfill' only: 'running' while the registry's snapshot is queued (nothing is delivered yet), then 'done'. */
  readonly backfill?: 'running' | 'done';
  readonly createdAt: string;
  readonly secret?: string;
}

/** One page of a pull subscription. */
export interface PullPage {
  readonly events: readonly Record<string, unknown>[];
  readonly nextCursor: string;
}

/** A quarantined record as the platform team sees it. */
export interface QuarantinedView {
  readonly id: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly reason: string;
  readonly headers: readonly { key: string; value: string; base64: string }[];
  readonly keyBase64: string | null;
  readonly valueBase64: string | null;
  readonly quarantinedAt: string;
  readonly replayedAt: string | null;
}

export function encodeCursor(position: string): string {
  return Buffer.from(`p:${position}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string {
  if (cursor === undefined || cursor === '') return '0';
  const text = Buffer.from(cursor, 'base64url').toString();
  const match = /^p:([0-9]{1,18})$/.exec(text);
  if (!match?.[1] || Buffer.from(text).toString('base64url') !== cursor)
    throw GatewayError.of('invalidCursor', 'pass back a nextCursor the gateway returned', [
      { path: '/cursor', message: 'not a cursor of this gateway' },
    ]);
  return match[1];
}

function view(sub: Subscription, extra: { secret?: string } = {}): SubscriptionView {
  const [domain = '', entity = ''] = sub.dataset.split('.');
  return {
    id: sub.id,
    dataset: sub.dataset,
    purpose: sub.purpose,
    eventTypes: sub.eventTypes,
    delivery:
      sub.mode === 'webhook'
        ? { mode: 'webhook', url: sub.webhookUrl ?? '', maxAttempts: sub.maxAttempts }
        : sub.mode === 'kafka'
          ? { mode: 'kafka', topic: `feed.${sub.agency}.${domain}.${entity}` }
          : { mode: 'pull' },
    start:
      sub.startKind === 'from' && sub.startFrom
        ? { from: sub.startFrom.toISOString() }
        : sub.startKind === 'backfill'
          ? 'backfill'
          : 'now',
    ...(sub.startKind === 'backfill' && sub.backfillState ? { backfill: sub.backfillState } : {}),
    createdAt: sub.createdAt.toISOString(),
    ...extra,
  };
}

/** Long-poll re-read interval: 200 ms without LISTEN; with it, a safety net only. */
const POLL_MS = 200;
const LISTEN_SAFETY_POLL_MS = 2000;

function sleepOrWake(ms: number, wake: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([new Promise<void>((r) => (timer = setTimeout(r, ms))), wake]).finally(() =>
    clearTimeout(timer),
  );
}

/**
 * Change feeds: subscriptions, pull reads, quarantine and dead-letter operations, and (when
 * FEEDS_ENABLED) the ingress worker and the push dispatcher running in the background.
 */
@Injectable()
export class FeedsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('FeedsService');
  readonly kafka: FeedKafka;
  readonly worker: FeedWorker;
  readonly dispatcher: FeedDispatcher;
  readonly backfill: FeedBackfill;
  readonly notifications: FeedNotifications;
  readonly retention: FeedRetention;
  private readonly fanOut: FeedFanOut;
  private readonly authenticator: JwtAuthenticator;
  private readonly metrics: FeedMetrics;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_POOL) private readonly pool: pg.Pool,
    @Inject(AUDITOR) private readonly auditor: GatewayAuditor,
    private readonly store: ConfigStore,
    metrics: Metrics,
  ) {
    this.metrics = new FeedMetrics(metrics);
    this.kafka = new FeedKafka(config.feeds);
    const policies = () => store.policies;
    this.fanOut = new FeedFanOut(pool, policies);
    const quarantine = new QuarantineStore(pool, () => this.kafka.producer(), config.feeds.quarantineTopic);
    this.worker = new FeedWorker(config.feeds, this.kafka, this.fanOut, quarantine, this.metrics);
    this.dispatcher = new FeedDispatcher(pool, config.feeds, policies, auditor, this.kafka, this.metrics);
    this.backfill = new FeedBackfill(pool, policies, config.registries, config.registryTimeoutMs);
    this.notifications = new FeedNotifications(config.databaseUrl);
    this.retention = new FeedRetention(pool, config.feeds.retention);
    this.authenticator = new JwtAuthenticator({
      audience: config.audience,
      agencyOf: (id) => store.agency(id),
      replay: new PgReplayCache(pool),
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.feeds.enabled) return;
    this.worker.startInBackground();
    this.dispatcher.start();
    this.backfill.start();
    this.retention.start();
    void this.notifications.ensureConnected();
  }

  /** Before the pool and the audit writer close (their hooks run in onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.notifications.stop().catch(() => undefined);
    await this.retention.stop().catch(() => undefined);
    await this.backfill.stop().catch(() => undefined);
    await this.dispatcher.stop().catch(() => undefined);
    await this.worker.stop().catch(() => undefined);
    await this.kafka.close();
  }

  authenticate(authorization: string | undefined): Promise<Principal> {
    return this.authenticator.authenticate(authorization);
  }

  /** Operation `subscribe` for the dataset and the token's purpose, or 403 with the denial reason. */
  async create(principal: Principal, req: SubscriptionRequest, traceId: string): Promise<SubscriptionView> {
    if (req.purpose !== principal.purpose)
      throw GatewayError.of('feedPurposeMismatch', 'the body names another purpose than the token', [
        { path: '/purpose', message: "must equal the token's purpose claim" },
      ]);
    const decision = evaluate(this.store.policies, {
      agency: principal.agency,
      dataset: req.dataset,
      operation: 'subscribe',
      purpose: principal.purpose,
      now: Date.now(),
    });
    const base = {
      agency: principal.agency,
      officer: principal.officer,
      purpose: principal.purpose,
      caseRef: principal.caseRef,
      dataset: req.dataset,
      subject: null,
      operation: 'subscribe' as const,
      fieldsDisclosed: [],
      traceId,
      at: new Date().toISOString(),
    };
    if (!decision.allowed) {
      await this.auditor.record([{ ...base, grantId: null, outcome: 'denied', reason: decision.reason }]);
      throw new PolicyDeniedError(decision.reason, decision.detail);
    }
    if (req.eventTypes) {
      const wrong = req.eventTypes.findIndex((t) => !t.startsWith(`${req.dataset}.`));
      if (wrong >= 0)
        throw GatewayError.of('unknownField', `event types must be of ${req.dataset}`, [
          { path: `/eventTypes/${wrong}`, message: `must start with ${req.dataset}.` },
        ]);
    }
    const start = req.start ?? 'now';
    const delivery = req.delivery;
    let secret: string | undefined;
    if (delivery.mode === 'webhook') {
      if (!webhookUrlAllowed(delivery.url))
        throw GatewayError.of('insecureWebhook', 'the webhook URL must be https', [
          {
            path: '/delivery/url',
            message: 'must be an https URL (http only for 127.0.0.1, localhost, [::1])',
          },
        ]);
      secret = delivery.secret ?? generateWebhookSecret();
    }
    const [domain = '', entity = ''] = req.dataset.split('.');
    let startOffsets: Record<string, Record<string, string>> | null = null;
    if (typeof start === 'string' && this.config.feeds.enabled) {
      const topic = registryTopic(domain, entity);
      try {
        startOffsets = { [topic]: await this.kafka.endOffsets(topic) };
      } catch (err) {
        this.logger.warn(`cannot read end offsets of ${topic}: ${(err as Error).message}`);
        throw GatewayError.of('feedUnavailable', 'try again shortly');
      }
    }
    const id = randomUUID();
    const r = await this.pool.query<Subscription>(
      `insert into feed_subscription (id, agency, officer, purpose, case_ref, dataset, event_types, mode,
         webhook_url, webhook_secret, max_attempts, start_kind, start_from, start_offsets, backfill_state)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
         case when $12 = 'backfill' then 'running' end)
       returning ${SUBSCRIPTION_COLUMNS.replaceAll('s.', '')}`,
      [
        id,
        principal.agency,
        principal.officer,
        principal.purpose,
        principal.caseRef,
        req.dataset,
        req.eventTypes ?? null,
        delivery.mode,
        delivery.mode === 'webhook' ? delivery.url : null,
        secret ?? null,
        delivery.mode === 'webhook' ? (delivery.maxAttempts ?? 10) : 10,
        typeof start === 'string' ? start : 'from',
        typeof start === 'string' ? null : start.from,
        startOffsets === null ? null : JSON.stringify(startOffsets),
      ],
    );
    const sub = r.rows[0];
    if (!sub) throw new Error('insert returned no row');
    await this.auditor.record([
      {
        ...base,
        caseRef: `${principal.caseRef} subscription:${id}`,
        grantId: decision.grant.id,
        outcome: 'allowed',
        reason: null,
      },
    ]);
    if (start === 'backfill') this.backfill.kick();
    return view(sub, secret && delivery.mode === 'webhook' && !delivery.secret ? { secret } : {});
  }

  async list(principal: Principal): Promise<SubscriptionView[]> {
    const r = await this.pool.query<Subscription>(
      `select ${SUBSCRIPTION_COLUMNS} from feed_subscription s
       where s.agency = $1 and s.status = 'active' order by s.created_at, s.id`,
      [principal.agency],
    );
    return r.rows.map((s) => view(s));
  }

  /** The agency's own active subscription, or 404 (another agency's looks exactly like a missing one). */
  async own(principal: Principal, id: string): Promise<Subscription> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))
      throw GatewayError.of('feedNotFound', 'no such subscription');
    const r = await this.pool.query<Subscription>(
      `select ${SUBSCRIPTION_COLUMNS} from feed_subscription s where s.id = $1 and s.status = 'active'`,
      [id],
    );
    const sub = r.rows[0];
    if (!sub || sub.agency !== principal.agency)
      throw GatewayError.of('feedNotFound', 'no such subscription');
    return sub;
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const sub = await this.own(principal, id);
    await this.pool.query(
      `update feed_subscription set status = 'deleted', deleted_at = now() where id = $1`,
      [sub.id],
    );
  }

  /**
   * Pull: rows after the cursor, in position order, each re-checked against the policy in force,
   * audited, then returned. Long-polls up to `waitSeconds` when nothing is there yet.
   */
  async pull(
    principal: Principal,
    id: string,
    cursor: string,
    limit: number,
    waitSeconds: number,
  ): Promise<PullPage> {
    const sub = await this.own(principal, id);
    if (sub.mode !== 'pull')
      throw GatewayError.of('feedNotFound', 'this subscription is not delivered by pull');
    if (principal.purpose !== sub.purpose)
      throw GatewayError.of('feedPurposeMismatch', "the token's purpose differs from the subscription's");
    const after = decodeCursor(cursor);
    const deadline = Date.now() + waitSeconds * 1000;
    for (;;) {
      // Armed before the read: a NOTIFY committed between the read and the wait still wakes us.
      const wake = waitSeconds > 0 ? this.notifications.arm(sub.dataset) : undefined;
      try {
        // A backfill still running holds delivery: its rows may yet be deduped or moved behind snapshots.
        const r = await this.pool.query<DeliveryRow>(
          `select ${DELIVERY_COLUMNS} from feed_delivery d join feed_event e on e.id = d.event_id
           join feed_subscription s on s.id = d.subscription_id
           where d.subscription_id = $1 and d.position > $2 and d.status in ('pending', 'delivered')
             and (s.backfill_state is null or s.backfill_state = 'done')
           order by d.position limit $3`,
          [sub.id, after, limit],
        );
        if (r.rows.length > 0 || Date.now() >= deadline) return await this.page(sub, r.rows, after);
        const pollMs = this.notifications.listening ? LISTEN_SAFETY_POLL_MS : POLL_MS;
        await sleepOrWake(Math.min(pollMs, Math.max(0, deadline - Date.now())), wake?.notified ?? Promise.resolve());
      } finally {
        wake?.cancel();
      }
    }
  }

  private async page(sub: Subscription, rows: readonly DeliveryRow[], after: string): Promise<PullPage> {
    const now = Date.now();
    const events: Record<string, unknown>[] = [];
    const audits = [];
    const delivered: string[] = [];
    const dropped: string[] = [];
    for (const row of rows) {
      const decision = decideDelivery(this.store.policies, sub, row.data, now);
      if (!decision.allowed) {
        dropped.push(row.position);
        audits.push(
          deliveryAudit(sub, row, decision.outcome, { grantId: null, fields: [], reason: decision.reason }),
        );
        continue;
      }
      const { grant } = decision;
      events.push(structuredEvent(row, projectEventData(row.data, grant.fields)));
      if (row.status === 'pending') {
        delivered.push(row.position);
        audits.push(
          deliveryAudit(sub, row, 'allowed', { grantId: grant.id, fields: grant.fields, reason: null }),
        );
      }
    }
    // What was not audited is not disclosed: the auditor throws 503 before anything is returned.
    if (audits.length > 0) await this.auditor.record(audits);
    if (delivered.length > 0 || dropped.length > 0)
      await this.pool.query(
        `update feed_delivery set
           status = case when position = any($2::bigint[]) then 'dropped' else 'delivered' end,
           audited = true, delivered_at = coalesce(delivered_at, now()), attempts = attempts + 1
         where position = any($1::bigint[]) and status = 'pending'`,
        [[...delivered, ...dropped], dropped],
      );
    if (delivered.length > 0) this.metrics.delivered(sub.agency, sub.id, 'pull', delivered.length);
    const last = rows.at(-1)?.position ?? after;
    return { events, nextCursor: encodeCursor(last) };
  }

  /** Dead letters of a subscription go back to pending with a fresh attempt budget. */
  async redeliverDeadLetters(id: string): Promise<{ subscription: string; redelivered: number }> {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw GatewayError.of('feedNotFound', 'no such subscription');
    const exists = await this.pool.query('select 1 from feed_subscription where id = $1', [id]);
    if (exists.rowCount === 0) throw GatewayError.of('feedNotFound', 'no such subscription');
    const r = await this.pool.query(
      `update feed_delivery set status = 'pending', attempts = 0, next_attempt_at = now(), lease_until = null
       where subscription_id = $1 and status = 'dead'`,
      [id],
    );
    return { subscription: id, redelivered: r.rowCount ?? 0 };
  }

  async quarantined(limit: number, before: string | undefined): Promise<QuarantinedView[]> {
    const r = await this.pool.query<{
      id: string;
      topic: string;
      kafka_partition: number;
      kafka_offset: string;
      reason: string;
      headers: StoredHeader[];
      key: Buffer | null;
      value: Buffer | null;
      quarantined_at: Date;
      replayed_at: Date | null;
    }>(
      `select id::text as id, topic, kafka_partition, kafka_offset::text as kafka_offset, reason, headers, key, value,
         quarantined_at, replayed_at
       from quarantined_event where ($2::bigint is null or id < $2::bigint) order by id desc limit $1`,
      [limit, before ?? null],
    );
    return r.rows.map((q) => ({
      id: q.id,
      topic: q.topic,
      partition: q.kafka_partition,
      offset: q.kafka_offset,
      reason: q.reason,
      headers: q.headers.map((h) => ({
        key: h.key,
        value: Buffer.from(h.value, 'base64').toString('utf8'),
        base64: h.value,
      })),
      keyBase64: q.key?.toString('base64') ?? null,
      valueBase64: q.value?.toString('base64') ?? null,
      quarantinedAt: q.quarantined_at.toISOString(),
      replayedAt: q.replayed_at?.toISOString() ?? null,
    }));
  }

  /**
   * Re-runs every check on a quarantined record — against the contracts this process loaded, so a
   * schema fix is deployed first (new schemas, rolling restart) — optionally with envelope headers
   * corrected by the platform team (`headers`: name → value, null removes). The original bytes stay
   * in the table; the correction is stored beside them. Valid → fanned out once (deliveries are
   * keyed by event id, so a second replay queues nothing).
   */
  async replay(
    id: string,
    corrections: Readonly<Record<string, string | null>>,
  ): Promise<{ id: string; eventId: string; queued: number }> {
    if (!/^[0-9]{1,18}$/.test(id)) throw GatewayError.of('feedNotFound', 'no such quarantined event');
    const r = await this.pool.query<{
      topic: string;
      kafka_partition: number;
      kafka_offset: string;
      headers: StoredHeader[];
      key: Buffer | null;
      value: Buffer | null;
    }>(
      `select topic, kafka_partition, kafka_offset::text as kafka_offset, headers, key, value
       from quarantined_event where id = $1`,
      [id],
    );
    const q = r.rows[0];
    if (!q) throw GatewayError.of('feedNotFound', 'no such quarantined event');
    const headers: Record<string, Buffer | Buffer[] | undefined> = restoreHeaders(q.headers);
    for (const [name, value] of Object.entries(corrections)) {
      if (value === null) delete headers[name];
      else headers[name] = Buffer.from(value);
    }
    const checked = checkRegistryEvent(q.topic, { key: q.key, value: q.value, headers });
    if (!checked.ok) throw GatewayError.of('stillQuarantined', checked.reason);
    const queued = await this.fanOut.fanOut(checked.event, checked.dataset, {
      topic: q.topic,
      partition: q.kafka_partition,
      offset: q.kafka_offset,
    });
    await this.pool.query(
      `update quarantined_event set replayed_at = now(), replay_headers = $2 where id = $1`,
      [id, JSON.stringify(corrections)],
    );
    return { id, eventId: checked.event.id, queued };
  }
}
