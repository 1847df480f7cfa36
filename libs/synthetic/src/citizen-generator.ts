import type { Address, Citizen } from '@ndg/contracts';
import { createRng, deriveSeed, scramble } from './random.js';
import type { Rng } from './random.js';
import {
  ETHNICITIES,
  FAMILY_NAMES,
  FEMALE_GIVEN_NAMES,
  FEMALE_MIDDLE_NAMES,
  HAMLET_PREFIXES,
  MALE_GIVEN_NAMES,
  MALE_MIDDLE_NAMES,
  PROVINCES,
  STREETS,
} from './vietnam-data.js';
import type { Province } from './vietnam-data.js';

/** Generated data is as of this day, so output does not depend on the clock. */
export const REFERENCE_DATE = '2026-01-01';
const REFERENCE_YEAR = 2026;

const PROVINCE_WEIGHTS = PROVINCES.map((p) => [p, p.weight] as const);

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** A valid calendar date in the given year range (days capped at 28 keep every month valid). */
export function randomDate(rng: Rng, fromYear: number, toYear: number): string {
  return isoDate(rng.int(fromYear, toYear), rng.int(1, 12), rng.int(1, 28));
}

export function pickProvince(rng: Rng): Province {
  return rng.weighted(PROVINCE_WEIGHTS);
}

export function communeCodeIn(rng: Rng, province: Province): string {
  const [from, to] = rng.pick(province.communeRanges);
  return pad(rng.int(from, to), 5);
}

export function randomAddress(rng: Rng, province: Province = pickProvince(rng)): Address {
  const line = rng.chance(0.6)
    ? `Số ${rng.int(1, 399)} đường ${rng.pick(STREETS)}`
    : `${rng.pick(HAMLET_PREFIXES)} ${rng.int(1, 15)}`;
  return {
    provinceCode: province.code,
    communeCode: communeCodeIn(rng, province),
    addressLine: line.normalize('NFC'),
  };
}

type Sex = Citizen['sex'];

function fullName(rng: Rng, sex: Sex, familyName: string): string {
  const middle = rng.pick(sex === 'male' ? MALE_MIDDLE_NAMES : FEMALE_MIDDLE_NAMES);
  const given = rng.pick(sex === 'male' ? MALE_GIVEN_NAMES : FEMALE_GIVEN_NAMES);
  return `${familyName} ${middle} ${given}`;
}

/**
 * Personal ids follow the real layout: 3-digit birth-province code, 1 digit for sex and century
 * (0/1 = male/female born 1900-1999, 2/3 = 2000-2099), 2-digit birth year, 6 digits unique within
 * that prefix — here a scrambled counter, so ids never collide.
 */
class PersonalIdSequence {
  private readonly counters = new Map<string, number>();

  // Seed-dependent, so two seeds give two different populations, not the same ids again.
  constructor(private readonly seedOffset: number) {}

  next(provinceCode: string, sex: Sex, dateOfBirth: string): string {
    const year = Number(dateOfBirth.slice(0, 4));
    const centuryDigit = (year >= 2000 ? 2 : 0) + (sex === 'female' ? 1 : 0);
    const prefix = `0${provinceCode}${centuryDigit}${dateOfBirth.slice(2, 4)}`;
    const index = this.counters.get(prefix) ?? 0;
    if (index >= 1_000_000) throw new RangeError(`personal-id space exhausted for prefix ${prefix}`);
    this.counters.set(prefix, index + 1);
    // Offsetting by the prefix keeps the first id of every prefix from ending in the same digits.
    return prefix + pad(scramble((index + Number(prefix) * 7919 + this.seedOffset) % 1_000_000, 1_000_000), 6);
  }
}

interface Member {
  citizen: Citizen;
  role: 'head' | 'spouse' | 'child';
}

/** Options for {@link generateCitizens}. */
export interface CitizenGeneratorOptions {
  /** Share of adults over 60 who are recorded deceased (default 0.04). */
  readonly deceasedShare?: number;
}

/**
 * Streams `count` citizens, household by household: a head, often a spouse (linked both ways by
 * spouseId), and children whose fatherId/motherId point at members already yielded. Every reference
 * points at a citizen in the same stream. Same seed, same output.
 */
export function* generateCitizens(
  seed: number,
  count: number,
  options: CitizenGeneratorOptions = {},
): Generator<Citizen> {
  const rng = createRng(deriveSeed(seed, 'citizens'));
  const ids = new PersonalIdSequence(deriveSeed(seed, 'personal-ids') % 1_000_000);
  // Kept below 1e8 so index × multiplier stays an exact integer (< 2^53).
  const householdOffset = deriveSeed(seed, 'households') % 100_000_000;
  const deceasedShare = options.deceasedShare ?? 0.04;
  let produced = 0;
  let household = 0;

  const person = (
    sex: Sex,
    familyName: string,
    dateOfBirth: string,
    home: Address,
    householdId: string,
    relation: Citizen['relationToHouseholdHead'],
  ): Citizen => {
    const birthProvince = rng.chance(0.8)
      ? (PROVINCES.find((p) => p.code === home.provinceCode) ?? pickProvince(rng))
      : pickProvince(rng);
    const personalId = ids.next(birthProvince.code, sex, dateOfBirth);
    const originProvince = rng.chance(0.7) ? birthProvince : pickProvince(rng);
    const citizen: Citizen = {
      personalId,
      fullName: fullName(rng, sex, familyName),
      dateOfBirth,
      sex,
      nationality: 'VN',
      ethnicity: rng.weighted(ETHNICITIES),
      placeOfOrigin: { provinceCode: originProvince.code, communeCode: communeCodeIn(rng, originProvince) },
      permanentAddress: home,
      householdId,
      relationToHouseholdHead: relation,
      status: 'alive',
      version: rng.weighted([
        [1, 6],
        [2, 2],
        [3, 1],
        [4, 0.5],
      ] as const),
    };
    const birthYear = Number(dateOfBirth.slice(0, 4));
    if (REFERENCE_YEAR - birthYear >= 14) {
      const issueYear = Math.max(2021, birthYear + 14);
      citizen.identityCard = {
        number: personalId,
        issueDate: randomDate(rng, Math.min(issueYear, REFERENCE_YEAR - 1), REFERENCE_YEAR - 1),
      };
    }
    if (rng.chance(0.1)) citizen.temporaryAddress = randomAddress(rng);
    if (REFERENCE_YEAR - birthYear >= 60 && rng.chance(deceasedShare)) {
      citizen.status = 'deceased';
      citizen.dateOfDeath = randomDate(
        rng,
        Math.max(birthYear + 60, REFERENCE_YEAR - 10),
        REFERENCE_YEAR - 1,
      );
      citizen.version += 1;
    }
    return citizen;
  };

  while (produced < count) {
    household += 1;
    const householdId = `HH${pad(scramble((household + householdOffset) % 10_000_000_000, 10_000_000_000, 7_368_787), 10)}`;
    const home = randomAddress(rng);
    const familyName = rng.weighted(FAMILY_NAMES);
    const headSex: Sex = rng.chance(0.7) ? 'male' : 'female';
    const headBirth = randomDate(rng, REFERENCE_YEAR - 85, REFERENCE_YEAR - 22);
    const head = person(headSex, familyName, headBirth, home, householdId, 'head');
    const members: Member[] = [{ citizen: head, role: 'head' }];
    let spouse: Citizen | undefined;
    if (rng.chance(0.65)) {
      const spouseSex: Sex = headSex === 'male' ? 'female' : 'male';
      const headYear = Number(headBirth.slice(0, 4));
      const spouseBirth = randomDate(
        rng,
        Math.max(headYear - 6, REFERENCE_YEAR - 85),
        Math.min(headYear + 6, REFERENCE_YEAR - 20),
      );
      spouse = person(spouseSex, rng.weighted(FAMILY_NAMES), spouseBirth, home, householdId, 'spouse');
      members.push({ citizen: spouse, role: 'spouse' });
    }
    const father = headSex === 'male' ? head : spouse;
    const mother = headSex === 'female' ? head : spouse;
    const youngestParentYear = Math.max(
      ...[father, mother].filter((p) => p !== undefined).map((p) => Number(p.dateOfBirth.slice(0, 4))),
    );
    const children = rng.weighted([
      [0, 3],
      [1, 3],
      [2, 4],
      [3, 1.5],
    ] as const);
    for (let i = 0; i < children && youngestParentYear + 18 < REFERENCE_YEAR; i++) {
      const sex: Sex = rng.chance(0.51) ? 'male' : 'female';
      const birth = randomDate(
        rng,
        youngestParentYear + 18,
        Math.min(youngestParentYear + 45, REFERENCE_YEAR - 1),
      );
      // Children take the father's family name; without a father in the household, anyone's.
      const child = person(
        sex,
        father ? familyName : rng.weighted(FAMILY_NAMES),
        birth,
        home,
        householdId,
        'child',
      );
      if (father) child.fatherId = father.personalId;
      if (mother) child.motherId = mother.personalId;
      members.push({ citizen: child, role: 'child' });
    }
    const room = count - produced;
    const kept = members.slice(0, room);
    const keptIds = new Set(kept.map((m) => m.citizen.personalId));
    if (spouse && keptIds.has(spouse.personalId)) {
      head.spouseId = spouse.personalId;
      spouse.spouseId = head.personalId;
    }
    for (const { citizen } of kept) {
      produced += 1;
      yield citizen;
    }
  }
}
