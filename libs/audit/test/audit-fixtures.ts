import type { AuditRecord } from '../src/audit.types.js';

/** A plausible gateway decision; `i` varies every field that identifies it. */
export function auditRecord(i: number, overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    agency: i % 3 === 0 ? 'gdt' : 'moh',
    officer: `officer-${i % 7}`,
    purpose: 'health-insurance-eligibility',
    caseRef: `HS-2026/${i}`,
    dataset: 'population.citizen',
    subject: `001090${String(i % 1000).padStart(6, '0')}`,
    operation: 'lookup',
    fieldsDisclosed: ['personalId', 'fullName', 'dateOfBirth'],
    grantId: 'moh/population.citizen/0',
    outcome: 'allowed',
    reason: null,
    traceId: `4bf92f3577b34da6a3ce929d0e0e${String(i).padStart(4, '0')}`,
    at: new Date().toISOString(),
    ...overrides,
  };
}
