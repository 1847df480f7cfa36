import { CreateOutbox1763900000000 } from '@ndg/outbox';
import { CITIZEN_KIND } from './citizen/citizen.kind.js';
import { CreateCitizen1763900000100 } from './migrations/1763900000100-create-citizen.js';

/** What `tools/seed.mjs` needs to bulk-load this registry. */
export const POPULATION_SEEDING = {
  database: 'ndg_population',
  kind: CITIZEN_KIND,
  migrations: [CreateOutbox1763900000000, CreateCitizen1763900000100],
  createdEvent: 'population.citizen.registered',
};
