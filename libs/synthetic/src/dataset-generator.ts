import type { Citizen, Enterprise, Participant } from '@ndg/contracts';
import { generateCitizens } from './citizen-generator.js';
import { generateEnterprises } from './enterprise-generator.js';
import { generateParticipants } from './participant-generator.js';
import { Population } from './population.js';

/** Sizes and seed of a dataset. */
export interface DatasetOptions {
  readonly seed: number;
  readonly citizens: number;
  readonly enterprises: number;
  readonly participants: number;
}

/** A consistent, in-memory dataset across the three registries. */
export interface Dataset {
  readonly citizens: Citizen[];
  readonly enterprises: Enterprise[];
  readonly participants: Participant[];
}

/**
 * Citizens first, then enterprises represented by living adult citizens, then participants who are
 * distinct living adult citizens employed by generated enterprises. Same options, same dataset.
 */
export function generateDataset(options: DatasetOptions): Dataset {
  const population = new Population();
  const citizens: Citizen[] = [];
  for (const citizen of generateCitizens(options.seed, options.citizens)) {
    population.add(citizen);
    citizens.push(citizen);
  }
  const enterprises = [...generateEnterprises(options.seed, options.enterprises, population)];
  const participants = [...generateParticipants(options.seed, options.participants, population, enterprises)];
  return { citizens, enterprises, participants };
}
