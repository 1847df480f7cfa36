import type { EntityManager } from 'typeorm';
import type { CitizenDeceasedData, Participant } from '@ndg/contracts';
import type { CloudEvent } from '@ndg/events';
import { reactionService, type RecordStore } from '@ndg/registry-kit';
import { endCoverageOnDeath } from '../participant/participant.decisions.js';

export const CITIZEN_TOPIC = 'registry.population.citizen';
export const CITIZEN_DECEASED = 'population.citizen.deceased';

/** The participant of a person, by the population registry's id; locks nothing (changeWithin locks the row). */
async function participantIdOf(tx: EntityManager, personalId: string): Promise<string | undefined> {
  const rows: { id: string }[] = await tx.query(`select id from participant where data->>'personalId' = $1`, [personalId]);
  return rows[0]?.id;
}

/**
 * The population registry recorded a death: the person's open coverage ends on the date of death.
 * The effect and the event id commit in one transaction (EventReaction), so a redelivered or
 * re-sent event changes nothing; the resulting change reaches Kafka through the outbox.
 */
export async function handleCitizenDeceased(store: RecordStore<Participant>, event: CloudEvent, tx: EntityManager): Promise<void> {
  const citizen = event.data as CitizenDeceasedData;
  const dateOfDeath = citizen.dateOfDeath;
  if (dateOfDeath === undefined) return; // the contract requires it for a deceased citizen
  const id = await participantIdOf(tx, citizen.personalId);
  if (id === undefined) return; // not insured: nothing to end
  await store.changeWithin(tx, id, undefined, (current) => endCoverageOnDeath(current, dateOfDeath));
}

/** Runs the reaction for the app's lifetime (see reactionService). */
export const CitizenDeceasedReaction = reactionService<Participant>({
  name: 'insurance-registry.citizen-deceased',
  topic: CITIZEN_TOPIC,
  eventTypes: [CITIZEN_DECEASED],
  handle: handleCitizenDeceased,
});
