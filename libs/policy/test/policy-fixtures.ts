import { readdirSync, readFileSync } from 'node:fs';
import type { PolicySourceFile } from '../src/policy.types.js';

const EXAMPLES = new URL('../../examples/', import.meta.url);

/** The example policies shipped in examples/, as the loader receives them. */
export function exampleFiles(): PolicySourceFile[] {
  return readdirSync(EXAMPLES)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => ({ path: `examples/${name}`, text: readFileSync(new URL(name, EXAMPLES), 'utf8') }));
}

/** The policy printed in DESIGN §7, byte for byte (comments included). */
export const DESIGN_EXAMPLE = `agency: moh                       # Ministry of Health
grants:
  - dataset: population.citizen
    operations: [lookup, verify, subscribe]
    purposes: [health-insurance-eligibility]
    fields: [personalId, fullName, dateOfBirth, status, dateOfDeath]   # or classifications
    where: { "permanentAddress.provinceCode": ["01", "79"] }          # row scope, optional
    rateLimit: { perMinute: 600 }
    validFrom: 2026-01-01
    validUntil: 2027-12-31
    legalBasis: "Decree 13/2023 art. 17"
`;
