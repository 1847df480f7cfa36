import type { Citizen } from '@ndg/contracts';
import { REFERENCE_DATE } from './citizen-generator.js';
import type { Rng } from './random.js';

const ADULT_BORN_BEFORE = `${Number(REFERENCE_DATE.slice(0, 4)) - 18}${REFERENCE_DATE.slice(4)}`;

/**
 * What later generators need to know about the citizens already generated: which ids exist and
 * which belong to living adults. Keeps ids only, so a million citizens can stream past it.
 */
export class Population {
  private readonly ids = new Set<string>();
  private readonly livingAdults: string[] = [];

  /** Records one citizen; call it for every citizen in the stream. */
  add(citizen: Citizen): void {
    this.ids.add(citizen.personalId);
    if (citizen.status === 'alive' && citizen.dateOfBirth <= ADULT_BORN_BEFORE)
      this.livingAdults.push(citizen.personalId);
  }

  static from(citizens: Iterable<Citizen>): Population {
    const population = new Population();
    for (const citizen of citizens) population.add(citizen);
    return population;
  }

  get size(): number {
    return this.ids.size;
  }

  get livingAdultCount(): number {
    return this.livingAdults.length;
  }

  has(personalId: string): boolean {
    return this.ids.has(personalId);
  }

  /** The i-th living adult, in stream order. */
  livingAdultAt(index: number): string {
    const id = this.livingAdults[index];
    if (id === undefined)
      throw new RangeError(`no living adult at ${index} (have ${this.livingAdults.length})`);
    return id;
  }

  randomLivingAdult(rng: Rng): string {
    return this.livingAdultAt(Math.floor(rng.next() * this.livingAdults.length));
  }
}
