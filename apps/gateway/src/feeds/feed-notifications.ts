import { Logger } from '@nestjs/common';
import pg from 'pg';
import { FEED_NOTIFY_CHANNEL } from './feed-headers.js';

/** A wait armed before a read: resolves on the next NOTIFY for its dataset, or when cancelled. */
export interface ArmedWait {
  readonly notified: Promise<void>;
  cancel(): void;
}

/**
 * LISTEN on one dedicated connection shared by every pull long-poll of this process. A waiter is
 * armed before its read, so a NOTIFY that commits between the read and the wait is not missed.
 * While the connection is down, `listening` is false and callers fall back to polling; it is
 * re-opened on the next wait.
 */
export class FeedNotifications {
  private readonly logger = new Logger('FeedNotifications');
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private stopped = false;
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(private readonly connectionString: string) {}

  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Number of long-polls waiting right now (tests and diagnostics). */
  get waiting(): number {
    let n = 0;
    for (const set of this.waiters.values()) n += set.size;
    return n;
  }

  arm(dataset: string): ArmedWait {
    void this.ensureConnected();
    let resolve!: () => void;
    const notified = new Promise<void>((r) => (resolve = r));
    const set = this.waiters.get(dataset) ?? new Set<() => void>();
    this.waiters.set(dataset, set);
    const done = (): void => {
      set.delete(done);
      if (set.size === 0 && this.waiters.get(dataset) === set) this.waiters.delete(dataset);
      resolve();
    };
    set.add(done);
    return { notified, cancel: done };
  }

  /** Opens the LISTEN connection if it is not open (or opening); errors only log. */
  ensureConnected(): Promise<void> {
    if (this.stopped || this.client) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.connectionString });
      client.on('notification', (msg) => this.wake(msg.payload ?? ''));
      client.on('error', (err) => {
        this.logger.warn(`LISTEN connection lost (${err.message}); long-polls poll until it is back`);
        if (this.client === client) this.client = undefined;
        void client.end().catch(() => undefined);
        this.wakeAll();
      });
      await client.connect();
      await client.query(`listen ${FEED_NOTIFY_CHANNEL}`);
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
    })()
      .catch((err: unknown) => this.logger.warn(`cannot LISTEN (${(err as Error).message}); polling instead`))
      .finally(() => {
        this.connecting = undefined;
      });
    return this.connecting;
  }

  private wake(dataset: string): void {
    for (const done of [...(this.waiters.get(dataset) ?? [])]) done();
  }

  private wakeAll(): void {
    for (const set of [...this.waiters.values()]) for (const done of [...set]) done();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeAll();
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
