import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type pg from 'pg';
import { Pool } from 'undici';
import { getContracts, type Dataset } from '@ndg/contracts';
import { registryTopic, type CloudEvent } from '@ndg/events';
import type { CompiledPolicySet } from '@ndg/policy';
import { changedFields } from '@ndg/registry-kit';
import { DATASETS } from '../lookups/datasets.js';
import { FEED_NOTIFY_CHANNEL } from './feed-headers.js';
import { decideDelivery } from './feed-policy.js';
import { insertFeedEvent, SUBSCRIPTION_COLUMNS, type Subscription } from './feed-types.js';

/**
 * The event type a snapshot row carries: the dataset's own "record created" type, whose data
 * contract is the full record plus `changedFields` — so a snapshot is contract-valid with the
 * schemas already deployed, and receivers need no new type. `sequence` is the record's version
 * (it may be > 1), `changedFields` lists every field (as on creation).
 */
export const SNAPSHOT_EVENT_TYPES: Readonly<Record<Dataset, string>> = {
  'population.citizen': 'population.citizen.registered',
  'business.enterprise': 'business.enterprise.registered',
  'insurance.participant': 'insurance.participant.enrolled',
};

/** Snapshot rows sit at no Kafka position: `feed_event.kafka_partition` = -1. */
export const SNAPSHOT_PARTITION = -1;

const PAGE_SIZE = 500;
const LEASE_MS = 60_000;
const MAX_PAGE_BYTES = 32 * 1024 * 1024;

/** A stable id per (dataset, subject, version): every backfill shares one feed_event row for it. */
export function snapshotEventId(dataset: string, subject: string, version: number): string {
  const h = createHash('sha256')
    .update(`ndg-snapshot\u0000${dataset}\u0000${subject}\u0000${version}`)
    .digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x80; // UUID version 8 (custom, name-based)
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80; // RFC 9562 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The synthetic CloudEvent of one registry record at its current version, or the reason it is
 * refused (the record breaks its contract: it is skipped, never delivered).
 */
export function snapshotEvent(
  dataset: Dataset,
  record: unknown,
  now = new Date(),
): { ok: true; event: CloudEvent<Record<string, unknown>> } | { ok: false; reason: string } {
  if (record === null || typeof record !== 'object' || Array.isArray(record))
    return { ok: false, reason: 'not an object' };
  const r = record as Record<string, unknown>;
  const { idField, idPattern } = DATASETS[dataset];
  const subject = r[idField];
  const version = r['version'];
  if (typeof subject !== 'string' || !idPattern.test(subject)) return { ok: false, reason: `bad ${idField}` };
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return { ok: false, reason: 'bad version' };
  const type = SNAPSHOT_EVENT_TYPES[dataset];
  const contracts = getContracts();
  const data = { ...r, changedFields: changedFields(undefined, r) };
  const checked = contracts.validatorForEvent(type).validate(data);
  if (!checked.ok)
    return {
      ok: false,
      reason: checked.errors
        .slice(0, 5)
        .map((e) => `${e.path || '/'} ${e.message}`)
        .join('; '),
    };
  const [domain = ''] = dataset.split('.');
  return {
    ok: true,
    event: {
      specversion: '1.0',
      id: snapshotEventId(dataset, subject, version),
      source: `/registries/${domain}`,
      type,
      subject,
      time: now.toISOString(),
      dataschema: contracts.eventDataSchemaId(type),
      sequence: version,
      datacontenttype: 'application/json',
      data,
    },
  };
}

/**
 * Queues one snapshot row for a subscription inside the caller's transaction (the subscription row
 * is locked, so no fan-out of the same subscription interleaves) and dedupes the seam:
 * - live rows of the subject with sequence ≤ the snapshot's are removed (the snapshot carries that
 *   state or a later one);
 * - live rows with a higher sequence are moved behind the snapshot (re-inserted: new positions).
 * Nothing of a backfilling subscription has been delivered yet (delivery waits for the backfill), so
 * removing or moving its rows discloses nothing twice. Returns 1 when the snapshot row is new.
 */
export async function queueSnapshotRow(
  client: pg.PoolClient,
  subscriptionId: string,
  event: CloudEvent<Record<string, unknown>>,
): Promise<number> {
  const topic = registryTopic(...(event.type.split('.') as [string, string]));
  // A snapshot was read from the registry, not from Kafka: no trace to continue, no real offset.
  await insertFeedEvent(client, event, null, { topic, partition: SNAPSHOT_PARTITION, offset: '-1' });
  const existing = await client.query(
    `select 1 from feed_delivery where subscription_id = $1 and subject = $2 and snapshot and sequence >= $3`,
    [subscriptionId, event.subject, event.sequence],
  );
  if ((existing.rowCount ?? 0) > 0) return 0;
  await client.query(
    `delete from feed_delivery where subscription_id = $1 and subject = $2 and not snapshot and sequence <= $3
       and status = 'pending'`,
    [subscriptionId, event.subject, event.sequence],
  );
  const later = await client.query<{ event_id: string; sequence: string }>(
    `delete from feed_delivery where subscription_id = $1 and subject = $2 and not snapshot and status = 'pending'
     returning event_id, sequence::text as sequence, position`,
    [subscriptionId, event.subject],
  );
  const r = await client.query(
    `insert into feed_delivery (subscription_id, event_id, subject, sequence, snapshot) values ($1, $2, $3, $4, true)
     on conflict (subscription_id, event_id) do nothing`,
    [subscriptionId, event.id, event.subject, event.sequence],
  );
  const moved = [...later.rows].sort((a, b) => Number(a.sequence) - Number(b.sequence));
  for (const row of moved)
    await client.query(
      `insert into feed_delivery (subscription_id, event_id, subject, sequence) values ($1, $2, $3, $4)`,
      [subscriptionId, row.event_id, event.subject, row.sequence],
    );
  return r.rowCount ?? 0;
}

/**
 * Backfill of `start: 'backfill'` subscriptions. The subscription records the registry topic's end
 * offsets like 'now' (live events from there on are fanned out as usual), then this runner pages
 * through the owning registry's snapshot (`GET /internal/records?after&limit`) and queues every
 * record in the grant's row scope as a snapshot row. Delivery (push and pull) of the subscription
 * waits until the backfill is done, so the seam can be deduped by (subject, sequence) in place.
 *
 * Progress (`backfill_after`) is committed with each page; a lease lets one replica work on a
 * subscription at a time, and a crashed replica's backfill is resumed by any other once it lapses.
 */
export class FeedBackfill {
  private readonly logger = new Logger('FeedBackfill');
  private readonly pools = new Map<Dataset, Pool>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private running: Promise<void> | undefined;
  private readonly active = new Set<string>();
  private readonly work = new Set<Promise<void>>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly policies: () => CompiledPolicySet,
    private readonly registries: Readonly<Record<Dataset, string>>,
    private readonly timeoutMs: number,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Look for work now (a subscription was just made). */
  kick(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.claimAndRun()
        .catch((err: unknown) => this.logger.warn(`backfill pass failed: ${(err as Error).message}`))
        .finally(() => this.schedule(this.intervalMs));
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await Promise.allSettled([...this.work]);
    await Promise.all([...this.pools.values()].map((p) => p.close()));
    this.pools.clear();
  }

  private async claimAndRun(): Promise<void> {
    const claimed = await this.pool.query<{ id: string }>(
      `update feed_subscription set backfill_lease_until = now() + make_interval(secs => $1::double precision / 1000)
       where id in (
         select id from feed_subscription
         where status = 'active' and start_kind = 'backfill' and backfill_state = 'running'
           and (backfill_lease_until is null or backfill_lease_until < now()) and not (id = any($2::uuid[]))
         for update skip locked)
       returning id`,
      [LEASE_MS, [...this.active]],
    );
    for (const { id } of claimed.rows) {
      this.active.add(id);
      const p: Promise<void> = this.run(id)
        .catch(async (err: unknown) => {
          this.logger.warn(`backfill of subscription ${id} paused: ${(err as Error).message}`);
          // Let the lease lapse soon so this or another replica resumes from the last committed page.
          await this.pool
            .query(
              `update feed_subscription set backfill_lease_until = now() + interval '5 seconds', backfill_error = $2
               where id = $1`,
              [id, (err as Error).message.slice(0, 500)],
            )
            .catch(() => undefined);
        })
        .finally(() => {
          this.active.delete(id);
          this.work.delete(p);
        });
      this.work.add(p);
    }
  }

  /** Pages through the snapshot from the last committed position until the end or a stop. */
  async run(id: string): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const s = await this.pool.query<Subscription & { backfillAfter: string | null }>(
        `select ${SUBSCRIPTION_COLUMNS}, s.backfill_after as "backfillAfter" from feed_subscription s where s.id = $1`,
        [id],
      );
      const sub = s.rows[0];
      if (!sub || sub.status !== 'active' || sub.backfillState !== 'running') return;
      const page = await this.fetchPage(sub.dataset, sub.backfillAfter);
      const done = await this.commitPage(sub, sub.backfillAfter, page);
      if (done) {
        this.logger.log(`backfill of subscription ${id} done`);
        return;
      }
    }
  }

  private async commitPage(
    sub: Subscription,
    after: string | null,
    page: { records: unknown[]; next: string | null },
  ): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      // The same lock fan-out takes: no live event of this subscription is queued meanwhile.
      const locked = await client.query<{
        backfill_after: string | null;
        backfill_state: string;
        status: string;
      }>(
        `select backfill_after, backfill_state, status from feed_subscription where id = $1 for no key update`,
        [sub.id],
      );
      const row = locked.rows[0];
      if (
        !row ||
        row.status !== 'active' ||
        row.backfill_state !== 'running' ||
        row.backfill_after !== after
      ) {
        // Another replica moved on (or the subscription is gone): nothing to do here.
        await client.query('rollback');
        return true;
      }
      const now = Date.now();
      let skipped = 0;
      for (const record of page.records) {
        const built = snapshotEvent(sub.dataset, record, new Date(now));
        if (!built.ok) {
          skipped++;
          continue;
        }
        if (!decideDelivery(this.policies(), sub, built.event.data, now).allowed) continue;
        await queueSnapshotRow(client, sub.id, built.event);
      }
      if (skipped > 0)
        this.logger.warn(
          `backfill of subscription ${sub.id}: ${skipped} record(s) of ${sub.dataset} broke their contract and were skipped`,
        );
      const finished = page.next === null;
      await client.query(
        `update feed_subscription set backfill_after = $2, backfill_error = null,
           backfill_state = case when $3 then 'done' else backfill_state end,
           backfill_lease_until = case when $3 then null
             else now() + make_interval(secs => $4::double precision / 1000) end
         where id = $1`,
        [sub.id, page.next ?? after, finished, LEASE_MS],
      );
      if (finished) await client.query('select pg_notify($1, $2)', [FEED_NOTIFY_CHANNEL, sub.dataset]);
      await client.query('commit');
      return finished;
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private poolFor(dataset: Dataset): Pool {
    let pool = this.pools.get(dataset);
    if (!pool) {
      pool = new Pool(this.registries[dataset], {
        connections: 4,
        keepAliveTimeout: 10_000,
        connectTimeout: this.timeoutMs,
      });
      this.pools.set(dataset, pool);
    }
    return pool;
  }

  /** One snapshot page, its shape checked (`common/record-page.v1`) and its ids ascending after `after`. */
  async fetchPage(
    dataset: Dataset,
    after: string | null,
  ): Promise<{ records: unknown[]; next: string | null }> {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(after ? { after } : {}) });
    const res = await this.poolFor(dataset).request({
      method: 'GET',
      path: `/internal/records?${query.toString()}`,
      headers: { accept: 'application/json' },
      headersTimeout: this.timeoutMs * 4,
      bodyTimeout: this.timeoutMs * 4,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_PAGE_BYTES) {
        res.body.destroy();
        throw new Error(`the ${dataset} registry answered a page larger than allowed`);
      }
      chunks.push(chunk as Buffer);
    }
    if (res.statusCode !== 200) throw new Error(`the ${dataset} registry answered ${res.statusCode}`);
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const checked = getContracts().validate(
      'https://schemas.ndg.gov.vn/common/record-page.v1.schema.json',
      body,
    );
    if (!checked.ok) throw new Error(`the ${dataset} registry answered outside common/record-page.v1`);
    const page = checked.value as { records: Record<string, unknown>[]; next: string | null };
    const { idField } = DATASETS[dataset];
    let last = after;
    for (const r of page.records) {
      const id = r[idField];
      if (typeof id !== 'string' || (last !== null && !(id > last)))
        throw new Error(`the ${dataset} registry answered a page out of id order`);
      last = id;
    }
    if (page.next !== null && page.next !== last)
      throw new Error(`the ${dataset} registry answered a next that is not the page's last id`);
    return page;
  }
}
