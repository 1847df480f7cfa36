import type { Enterprise, Participant, SchemePeriod, Schemes } from '@ndg/contracts';
import { REFERENCE_DATE, pickProvince, randomDate } from './citizen-generator.js';
import type { Population } from './population.js';
import { createRng, deriveSeed, scramble } from './random.js';
import type { Rng } from './random.js';
import { EMPLOYEE_CARD_GROUP, RETIREE_CARD_GROUP, VOLUNTARY_CARD_GROUP } from './vietnam-data.js';

const REFERENCE_YEAR = Number(REFERENCE_DATE.slice(0, 4));
const ALL_SCHEMES: readonly (keyof Schemes)[] = [
  'sickness',
  'maternity',
  'workInjuryOccupationalDisease',
  'survivor',
  'oldAge',
  'unemployment',
  'healthInsurance',
];
const VOLUNTARY_SCHEMES: readonly (keyof Schemes)[] = ['survivor', 'oldAge', 'healthInsurance'];

type Kind = 'employee' | 'ended' | 'retired' | 'voluntary' | 'suspended';
const KINDS: readonly (readonly [Kind, number])[] = [
  ['employee', 72],
  ['voluntary', 8],
  ['ended', 10],
  ['retired', 6],
  ['suspended', 4],
];

/** Birth year from a personal id: digit 4 gives sex and century, digits 5-6 the year. */
function birthYearOf(personalId: string): number {
  return (Number(personalId[3]) >= 2 ? 2000 : 1900) + Number(personalId.slice(4, 6));
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** A step coprime with n, so `offset + i * step (mod n)` visits every index once. */
function coprimeStep(rng: Rng, n: number): number {
  let step = rng.int(1, Math.max(1, n - 1)) | 1;
  while (gcd(step, n) !== 1) step += 1;
  return step;
}

function schemesFrom(
  names: readonly (keyof Schemes)[],
  period: SchemePeriod,
  keepOpen: readonly (keyof Schemes)[] = [],
): Schemes {
  const schemes: Schemes = {};
  for (const name of names) {
    schemes[name] = keepOpen.includes(name) ? { startDate: period.startDate } : { ...period };
  }
  return schemes;
}

/**
 * Streams `count` participants: each a distinct living adult of `population`, employees working for
 * one of `enterprises` (active or suspended ones). Throws when the population is too small.
 */
export function* generateParticipants(
  seed: number,
  count: number,
  population: Population,
  enterprises: readonly Pick<Enterprise, 'enterpriseCode' | 'status'>[],
): Generator<Participant> {
  const adults = population.livingAdultCount;
  if (count > adults)
    throw new RangeError(`asked for ${count} participants but the population has ${adults} living adults`);
  const rng = createRng(deriveSeed(seed, 'participants'));
  const employers = enterprises
    .filter((e) => e.status === 'active' || e.status === 'suspended')
    .map((e) => e.enterpriseCode);
  const offset = rng.int(0, Math.max(0, adults - 1));
  const step = coprimeStep(rng, adults);
  const sinOffset = deriveSeed(seed, 'social-insurance-numbers') % 100_000_000;
  for (let i = 0; i < count; i++) {
    const personalId = population.livingAdultAt((offset + i * step) % adults);
    const province = pickProvince(rng);
    const socialInsuranceNumber = province.code + String(scramble((i + 1 + sinOffset) % 100_000_000, 100_000_000)).padStart(8, '0');
    let kind = rng.weighted(KINDS);
    if (employers.length === 0 && kind !== 'retired') kind = 'voluntary';
    const birthYear = birthYearOf(personalId);
    if (kind === 'retired' && birthYear > REFERENCE_YEAR - 60)
      kind = employers.length > 0 ? 'employee' : 'voluntary';
    const startDate = randomDate(
      rng,
      Math.min(Math.max(birthYear + 18, 1995), REFERENCE_YEAR - 1),
      REFERENCE_YEAR - 1,
    );
    const endDate = randomDate(rng, Number(startDate.slice(0, 4)) + 1, REFERENCE_YEAR);
    const closedEnd = endDate > REFERENCE_DATE ? REFERENCE_DATE : endDate;
    let participant: Participant;
    const base = { socialInsuranceNumber, personalId, version: rng.int(1, 5) };
    switch (kind) {
      case 'employee':
      case 'suspended':
        participant = {
          ...base,
          employerEnterpriseCode: rng.pick(employers),
          schemes: schemesFrom(ALL_SCHEMES, { startDate }),
          contributionSalary: rng.int(50, 500) * 100_000,
          status: kind === 'employee' ? 'active' : 'suspended',
        };
        break;
      case 'voluntary':
        participant = {
          ...base,
          schemes: schemesFrom(VOLUNTARY_SCHEMES, { startDate }),
          contributionSalary: rng.int(15, 100) * 100_000,
          status: 'active',
        };
        break;
      case 'ended':
        participant = {
          ...base,
          schemes: schemesFrom(ALL_SCHEMES, {
            startDate,
            endDate: closedEnd,
            endReason: rng.pick(['employment-ended', 'emigrated', 'other'] as const),
          }),
          contributionSalary: 0,
          status: 'ended',
        };
        break;
      case 'retired':
        participant = {
          ...base,
          schemes: schemesFrom(ALL_SCHEMES, { startDate, endDate: closedEnd, endReason: 'retired' }, [
            'healthInsurance',
          ]),
          contributionSalary: 0,
          status: 'retired',
        };
        break;
    }
    if (participant.schemes.healthInsurance && participant.schemes.healthInsurance.endDate === undefined) {
      const group =
        kind === 'retired'
          ? RETIREE_CARD_GROUP
          : kind === 'voluntary'
            ? VOLUNTARY_CARD_GROUP
            : EMPLOYEE_CARD_GROUP;
      const level = kind === 'retired' ? 2 : 4;
      participant.healthInsuranceCard = {
        number: `${group}${level}${province.code}${socialInsuranceNumber}`,
        validFrom: `${REFERENCE_YEAR}-01-01`,
        validUntil: `${REFERENCE_YEAR}-12-31`,
        primaryCareFacilityCode: `${province.code}${String(rng.int(1, 300)).padStart(3, '0')}`,
      };
    }
    yield participant;
  }
}
