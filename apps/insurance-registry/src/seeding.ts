import { CreateOutbox1763900000000 } from '@ndg/outbox';
import { PARTICIPANT_KIND } from './participant/participant.kind.js';
import { CreateParticipant1763900000300 } from './migrations/1763900000300-create-participant.js';

/** What `tools/seed.mjs` needs to bulk-load this registry. */
export const INSURANCE_SEEDING = {
  database: 'ndg_insurance',
  kind: PARTICIPANT_KIND,
  migrations: [CreateOutbox1763900000000, CreateParticipant1763900000300],
  createdEvent: 'insurance.participant.enrolled',
};
