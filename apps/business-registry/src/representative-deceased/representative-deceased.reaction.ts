import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Enterprise } from '@ndg/contracts';
import type { CloudEvent } from '@ndg/events';
import { reactionService, type RecordStore } from '@ndg/registry-kit';
import { flagRepresentativeDeceased } from '../enterprise/enterprise.decisions.js';

export const CITIZEN_TOPIC = 'registry.population.citizen';
export const CITIZEN_DECEASED = 'population.citizen.deceased';

/**
 * Flags every enterprise whose legal representative the population registry reports deceased.
 * The flag, its event (through the outbox) and the consumed event id commit in one transaction.
 */
export async function flagEnterprisesOf(store: RecordStore<Enterprise>, event: CloudEvent, tx: EntityManager): Promise<string[]> {
  const personalId = event.subject;
  const rows: { id: string }[] = await tx.query(
    `select id from ${store.kind.table} where data->'legalRepresentativeIds' @> $1::jsonb order by id`,
    [JSON.stringify([personalId])],
  );
  const flagged: string[] = [];
  for (const { id } of rows) {
    let changed = false;
    await store.changeWithin(tx, id, undefined, (current) => {
      const change = flagRepresentativeDeceased(current, personalId);
      changed = change !== undefined;
      return change;
    });
    if (changed) flagged.push(id);
  }
  return flagged;
}

const logger = new Logger('RepresentativeDeceasedReaction');

/** Runs the reaction for the app's lifetime (see reactionService). */
export const RepresentativeDeceasedReaction = reactionService<Enterprise>({
  name: 'business-registry.citizen-deceased',
  topic: CITIZEN_TOPIC,
  eventTypes: [CITIZEN_DECEASED],
  handle: async (store, event, tx) => {
    const flagged = await flagEnterprisesOf(store, event, tx);
    // Enterprise codes only: the representative's personal id stays out of the logs.
    if (flagged.length > 0) logger.log(`representative deceased: flagged ${flagged.join(', ')}`);
  },
});
