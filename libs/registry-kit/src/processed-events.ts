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
  // The last sequence applied per subject: reveals gaps and stale (out-of-order) deliveries.
  `create table consumed_sequences (
     consumer text not null,
     subject text not null,
     sequence bigint not null,
     primary key (consumer, subject)
   )`,
];

export type SequenceCheck = 'next' | 'gap' | 'stale';

/**
 * Records `sequence` as the latest seen for the subject and says how it relates to the previous
 * one: the next, after a gap (events missing upstream), or stale (older than one already applied).
 */
export async function checkSequence(tx: EntityManager, consumer: string, subject: string, sequence: number): Promise<{ check: SequenceCheck; previous: number }> {
  const rows: { previous: string | null }[] = await tx.query(
    `with prev as (select sequence from consumed_sequences where consumer = $1 and subject = $2 for update),
          up as (insert into consumed_sequences (consumer, subject, sequence) values ($1, $2, $3)
                 on conflict (consumer, subject) do update set sequence = greatest(consumed_sequences.sequence, excluded.sequence))
     select (select sequence from prev) as previous`,
    [consumer, subject, sequence],
  );
  const previous = Number(rows[0]?.previous ?? 0);
  return { check: classifySequence(previous, sequence), previous };
}

/** Pure: how a delivered sequence relates to the last applied one (0 = none yet). */
export function classifySequence(previous: number, sequence: number): SequenceCheck {
  if (sequence <= previous) return 'stale';
  // The first event a consumer sees may be any version (it may have started late): not a gap.
  if (previous > 0 && sequence > previous + 1) return 'gap';
  return 'next';
}

/** Claims the event for `consumer` inside `tx`; false when it was processed before. */
export async function claimEvent(tx: EntityManager, consumer: string, eventId: string, outcome = 'done'): Promise<boolean> {
  const rows: unknown[] = await tx.query(
    `insert into processed_events (consumer, event_id, outcome) values ($1, $2, $3) on conflict do nothing returning event_id`,
    [consumer, eventId, outcome],
  );
  return rows.length === 1;
}
