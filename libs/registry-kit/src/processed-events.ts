import type { EntityManager } from 'typeorm';

/** The consumed-messages table: an event's effect and its id commit together, so a redelivery does nothing. */
export const PROCESSED_EVENTS_SQL = [
  `create table processed_events (
     consumer text not null,
     event_id text not null,
     outcome text not null default 'done',
     processed_at timestamptz not null default now(),
     primary key (consumer, event_id)
   )`,
];

/** Claims the event for `consumer` inside `tx`; false when it was processed before. */
export async function claimEvent(tx: EntityManager, consumer: string, eventId: string, outcome = 'done'): Promise<boolean> {
  const rows: unknown[] = await tx.query(
    `insert into processed_events (consumer, event_id, outcome) values ($1, $2, $3) on conflict do nothing returning event_id`,
    [consumer, eventId, outcome],
  );
  return rows.length === 1;
}
