import type { Enterprise } from '@ndg/contracts';
import { REFERENCE_DATE, pickProvince, randomAddress, randomDate } from './citizen-generator.js';
import type { Population } from './population.js';
import { createRng, deriveSeed, scramble } from './random.js';
import { COMPANY_BRANDS, COMPANY_BRANDS_ASCII, COMPANY_WORDS, INDUSTRY_CODES } from './vietnam-data.js';

const REFERENCE_YEAR = Number(REFERENCE_DATE.slice(0, 4));

const LEGAL_FORMS: readonly (readonly [Enterprise['legalForm'], number])[] = [
  ['single-member-llc', 45],
  ['multi-member-llc', 25],
  ['joint-stock-company', 20],
  ['sole-proprietorship', 9],
  ['partnership', 1],
];

const FORM_PREFIX: Record<Enterprise['legalForm'], string> = {
  'single-member-llc': 'Công ty TNHH Một thành viên',
  'multi-member-llc': 'Công ty TNHH',
  'joint-stock-company': 'Công ty Cổ phần',
  'sole-proprietorship': 'Doanh nghiệp tư nhân',
  partnership: 'Công ty Hợp danh',
  branch: 'Chi nhánh',
};

const FORM_SUFFIX_EN: Record<Enterprise['legalForm'], string> = {
  'single-member-llc': 'Company Limited',
  'multi-member-llc': 'Company Limited',
  'joint-stock-company': 'Joint Stock Company',
  'sole-proprietorship': 'Private Enterprise',
  partnership: 'Partnership',
  branch: 'Branch',
};

const STATUSES: readonly (readonly [Enterprise['status'], number])[] = [
  ['active', 85],
  ['suspended', 6],
  ['dissolving', 3],
  ['dissolved', 5],
  ['bankrupt', 1],
];

/**
 * Streams `count` enterprises whose legal representatives are living adults of `population`;
 * about one in ten is followed by a branch (`<code>-001`) that shares its representatives.
 */
export function* generateEnterprises(
  seed: number,
  count: number,
  population: Population,
): Generator<Enterprise> {
  if (population.livingAdultCount === 0)
    throw new RangeError('population has no living adult to represent an enterprise');
  const rng = createRng(deriveSeed(seed, 'enterprises'));
  let produced = 0;
  let sequence = 0;
  const codeOffset = deriveSeed(seed, 'enterprise-codes') % 100_000_000;
  while (produced < count) {
    sequence += 1;
    const province = pickProvince(rng);
    // Real codes start with the tax office's province; the rest is a scrambled counter, so codes are unique.
    const enterpriseCode = province.code + String(scramble((sequence + codeOffset) % 100_000_000, 100_000_000)).padStart(8, '0');
    const legalForm = rng.weighted(LEGAL_FORMS);
    const brandIndex = rng.int(0, COMPANY_BRANDS.length - 1);
    const word = rng.pick(COMPANY_WORDS);
    const representatives = new Set<string>([population.randomLivingAdult(rng)]);
    if (legalForm !== 'sole-proprietorship' && rng.chance(0.15))
      representatives.add(population.randomLivingAdult(rng));
    const industries = new Set<string>();
    const industryCount = rng.int(1, 4);
    while (industries.size < industryCount) industries.add(rng.pick(INDUSTRY_CODES));
    const registrationDate = randomDate(rng, 1995, REFERENCE_YEAR - 1);
    const enterprise: Enterprise = {
      enterpriseCode,
      name: `${FORM_PREFIX[legalForm]} ${word} ${COMPANY_BRANDS[brandIndex] ?? ''}`.normalize('NFC'),
      legalForm,
      registrationDate,
      status: rng.weighted(STATUSES),
      headOfficeAddress: randomAddress(rng, province),
      charterCapital: (rng.int(1, 2000) * 100_000_000) / (legalForm === 'sole-proprietorship' ? 10 : 1),
      industryCodes: [...industries] as Enterprise['industryCodes'],
      legalRepresentativeIds: [...representatives] as Enterprise['legalRepresentativeIds'],
      legalRepresentativeDeceased: false,
      version: rng.int(1, 4),
    };
    if (rng.chance(0.4))
      enterprise.foreignName = `${COMPANY_BRANDS_ASCII[brandIndex] ?? 'Viet'} ${FORM_SUFFIX_EN[legalForm]}`;
    if (rng.chance(0.3))
      enterprise.shortName =
        `${COMPANY_BRANDS_ASCII[brandIndex] ?? 'Viet'}`.toUpperCase().replaceAll(' ', '') + ' CO';
    produced += 1;
    yield enterprise;
    if (produced < count && legalForm !== 'sole-proprietorship' && rng.chance(0.1)) {
      const branchProvince = pickProvince(rng);
      produced += 1;
      yield {
        ...enterprise,
        enterpriseCode: `${enterpriseCode}-001`,
        name: `Chi nhánh ${enterprise.name} tại ${branchProvince.name}`.normalize('NFC'),
        legalForm: 'branch',
        registrationDate: randomDate(rng, Number(registrationDate.slice(0, 4)), REFERENCE_YEAR - 1),
        headOfficeAddress: randomAddress(rng, branchProvince),
        charterCapital: 0,
        version: 1,
      };
    }
  }
}
