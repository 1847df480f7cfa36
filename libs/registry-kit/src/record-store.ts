import type { DataSource, EntityManager } from 'typeorm';
import { ContractViolation, getContracts } from '@ndg/contracts';
import { appendToOutbox } from '@ndg/outbox';
import { traceparentOfActiveSpan } from '@ndg/telemetry';
import { RegistryError, invalidId, recordNotFound } from './registry-errors.js';

/** What a registry stores and how its changes are published. */
export interface RecordKind<T> {
  /** Table holding `id`, `version`, `data` (jsonb). */
  table: string;
  /** `<domain>.<entity>`; the topic is `registry.<aggregateType>`. */
  aggregateType: string;
  /** CloudEvent `source`, e.g. `/registries/population`. */
  source: string;
  recordSchemaId: string;
  idOf(record: T): string;
  idPattern: RegExp;
}

/** A decision about one record: the event type and the full new state (version is set by the store). */
export interface Change<T> {
  type: string;
  next: T;
}

export interface Versioned {
  version: number;
}

const TABLE_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** Top-level fields whose value differs: the event's `changedFields`. */
export function changedFields(before: object | undefined, after: object): string[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  keys.delete('version');
  return [...keys].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).sort();
}

/**
 * A registry's records: contract-checked JSONB rows with a version. Every create or change
 * writes the record and its event (through the outbox) in one transaction.
 */
export class RecordStore<T extends Versioned> {
  constructor(
    private readonly dataSource: DataSource,
    readonly kind: RecordKind<T>,
  ) {
    if (!TABLE_NAME.test(kind.table)) throw new Error(`invalid table name ${kind.table}`);
  }

  assertId(id: string): void {
    if (!this.kind.idPattern.test(id)) throw invalidId(id, this.kind.idPattern.source);
  }

  async find(id: string, tx: EntityManager = this.dataSource.manager): Promise<T | undefined> {
    this.assertId(id);
    const rows: { data: T }[] = await tx.query(`select data from ${this.kind.table} where id = $1`, [id]);
    return rows[0]?.data;
  }

  async get(id: string): Promise<T> {
    const found = await this.find(id);
    if (!found) throw recordNotFound(id);
    return found;
  }

  /** Records for the ids that exist, in the order asked. */
  async getMany(ids: readonly string[]): Promise<T[]> {
    ids.forEach((id) => this.assertId(id));
    if (ids.length === 0) return [];
    const rows: { id: string; data: T }[] = await this.dataSource.query(
      `select id, data from ${this.kind.table} where id = any($1::text[])`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r.data]));
    return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  }

  /** Inserts a new record (version 1) and its event; a second registration of the same id is refused. */
  async create(record: Omit<T, 'version'> & Partial<Versioned>, type: string): Promise<T> {
    const next = { ...record, version: 1 } as T;
    const id = this.kind.idOf(next);
    this.assertId(id);
    this.validateRecord(next);
    return this.dataSource.transaction(async (tx) => {
      const inserted: unknown[] = await tx.query(
        `insert into ${this.kind.table} (id, version, data) values ($1, 1, $2::jsonb) on conflict (id) do nothing returning id`,
        [id, JSON.stringify(next)],
      );
      if (inserted.length === 0) {
        throw new RegistryError('duplicate', `a record with id ${id} already exists`, [{ path: '/id', message: 'already registered' }]);
      }
      await this.publish(tx, id, type, next, undefined);
      return next;
    });
  }

  /**
   * Applies `decide` to the current record under a row lock. `expectedVersion` is what the
   * officer read (If-Match); undefined is for system reactions that act on the latest state.
   * Returns the new record, or the current one unchanged when `decide` returns undefined.
   */
  async change(id: string, expectedVersion: number | undefined, decide: (current: T) => Change<T> | undefined): Promise<T> {
    return this.dataSource.transaction((tx) => this.changeWithin(tx, id, expectedVersion, decide));
  }

  async changeWithin(
    tx: EntityManager,
    id: string,
    expectedVersion: number | undefined,
    decide: (current: T) => Change<T> | undefined,
  ): Promise<T> {
    this.assertId(id);
    const rows: { data: T }[] = await tx.query(`select data from ${this.kind.table} where id = $1 for update`, [id]);
    const current = rows[0]?.data;
    if (!current) throw recordNotFound(id);
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new RegistryError('staleVersion', `you read version ${expectedVersion}; the record is now at version ${current.version}`, [
        { path: '/headers/if-match', message: `stale: current ETag is "${current.version}"` },
      ]);
    }
    const change = decide(current);
    if (!change) return current;
    const next = { ...change.next, version: current.version + 1 } as T;
    this.validateRecord(next);
    await tx.query(`update ${this.kind.table} set version = $2, data = $3::jsonb, updated_at = now() where id = $1`, [
      id,
      next.version,
      JSON.stringify(next),
    ]);
    await this.publish(tx, id, change.type, next, current);
    return next;
  }

  private validateRecord(record: T): void {
    const result = getContracts().validate(this.kind.recordSchemaId, record);
    if (!result.ok) throw new ContractViolation(this.kind.recordSchemaId, result.errors);
  }

  private async publish(tx: EntityManager, id: string, type: string, next: T, before: T | undefined): Promise<void> {
    const contracts = getContracts();
    const data = { ...next, changedFields: changedFields(before, next) };
    // The registry validates what it emits: an event that breaks its contract never leaves.
    const checked = contracts.validatorForEvent(type).validate(data);
    if (!checked.ok) throw new Error(`${type} for ${id} breaks its contract: ${JSON.stringify(checked.errors)}`);
    await appendToOutbox(tx, {
      aggregateType: this.kind.aggregateType,
      subject: id,
      type,
      sequence: next.version,
      data,
      dataschema: contracts.eventDataSchemaId(type),
      source: this.kind.source,
      traceparent: traceparentOfActiveSpan(),
    });
  }
}

/** SQL for a registry's record table; each app's own migration runs it. */
export function recordTableSql(table: string): string[] {
  if (!TABLE_NAME.test(table)) throw new Error(`invalid table name ${table}`);
  return [
    `create table ${table} (
       id text primary key,
       version integer not null check (version >= 1),
       data jsonb not null,
       created_at timestamptz not null default now(),
       updated_at timestamptz not null default now()
     )`,
  ];
}
