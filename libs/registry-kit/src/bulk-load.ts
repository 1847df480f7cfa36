import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { getContracts } from '@ndg/contracts';
import type { RecordKind } from './record-store.js';

export interface BulkLoadOptions {
  batchSize?: number;
  /** Also write a creation event per record to the outbox (off by default: a million events is rarely wanted). */
  withEvents?: { type: string };
  /** Validate each record against its contract (on by default). */
  validate?: boolean;
  onProgress?: (loaded: number) => void;
}

/** Batched inserts (one statement per batch, via unnest) for seeding; rows that clash with existing ones (same id or another unique key) are left untouched, so seeding twice is harmless. */
export async function bulkLoad<T extends { version: number }>(
  dataSource: DataSource,
  kind: RecordKind<T>,
  records: Iterable<Omit<T, 'version'>>,
  options: BulkLoadOptions = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 5000;
  const validator = getContracts().validatorFor(kind.recordSchemaId);
  const dataschema = options.withEvents ? getContracts().eventDataSchemaId(options.withEvents.type) : '';
  let loaded = 0;
  let seen = 0;
  let ids: string[] = [];
  let docs: string[] = [];
  const flush = async () => {
    if (ids.length === 0) return;
    let insertedCount = 0;
    await dataSource.transaction(async (tx) => {
      const inserted: { id: string; data: unknown }[] = await tx.query(
        `insert into ${kind.table} (id, version, data)
           select id, 1, data from unnest($1::text[], $2::jsonb[]) as t(id, data)
         on conflict do nothing returning id, data`,
        [ids, docs],
      );
      insertedCount = inserted.length;
      if (options.withEvents && inserted.length > 0) {
        await tx.query(
          `insert into outbox (id, aggregate_type, aggregate_id, type, sequence, payload, dataschema, source)
             select e.id::uuid, $3, e.subject, $4, 1, e.payload || jsonb_build_object('changedFields',
                      (select jsonb_agg(k order by k) from jsonb_object_keys(e.payload) k where k <> 'version')), $5, $6
               from unnest($1::text[], $2::text[], $7::jsonb[]) as e(id, subject, payload)`,
          [
            inserted.map(() => uuidv7()),
            inserted.map((r) => r.id),
            kind.aggregateType,
            options.withEvents.type,
            dataschema,
            kind.source,
            inserted.map((r) => JSON.stringify(r.data)),
          ],
        );
      }
    });
    loaded += insertedCount;
    const batch = ids.length;
    ids = [];
    docs = [];
    seen += batch;
    options.onProgress?.(seen);
  };
  for (const record of records) {
    const full = { ...record, version: 1 } as T;
    if (options.validate !== false) validator.assert(full);
    ids.push(kind.idOf(full));
    docs.push(JSON.stringify(full));
    if (ids.length >= batchSize) await flush();
  }
  await flush();
  return loaded;
}
