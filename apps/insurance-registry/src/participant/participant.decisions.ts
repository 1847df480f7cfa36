// The insurance registry's rules, as plain functions over plain records.
import type {
  ChangeEmployerCommand,
  ChangeStatusCommand,
  EndSchemeCommand,
  IssueCardCommand,
  OpenSchemeCommand,
  Participant,
  SchemeName,
  SchemePeriod,
} from '@ndg/contracts';
import { invalidState, ruleViolation, type Change } from '@ndg/registry-kit';

type Scheme = SchemeName;

function assertNotDeceased(current: Participant): void {
  if (current.status === 'deceased') throw invalidState(`participant ${current.socialInsuranceNumber} is recorded as deceased`);
}

function isOpen(period: SchemePeriod | undefined): period is SchemePeriod & { endDate?: undefined } {
  return period !== undefined && period.endDate === undefined;
}

/** The schemes with open coverage, in the contract's order. */
export function openSchemes(participant: Pick<Participant, 'schemes'>): Scheme[] {
  return (Object.keys(participant.schemes) as Scheme[]).filter((name) => isOpen(participant.schemes[name]));
}

/** A card number ends with the holder's social-insurance number. */
function assertCardOf(path: string, cardNumber: string, socialInsuranceNumber: string): void {
  if (cardNumber.slice(5) !== socialInsuranceNumber) {
    throw ruleViolation(path, `the card number must end with the social-insurance number ${socialInsuranceNumber}`);
  }
}

/** An enrolment registers an active participant with consistent coverage periods and card. */
export function enrol(record: Omit<Participant, 'version'>): Omit<Participant, 'version'> {
  if (record.status !== 'active') throw ruleViolation('/status', 'an enrolment registers an active participant');
  for (const name of Object.keys(record.schemes) as Scheme[]) {
    const period = record.schemes[name];
    if (period?.endDate !== undefined && period.endDate < period.startDate) {
      throw ruleViolation(`/schemes/${name}/endDate`, 'coverage ends before it starts');
    }
  }
  const card = record.healthInsuranceCard;
  if (card) {
    assertCardOf('/healthInsuranceCard/number', card.number, record.socialInsuranceNumber);
    if (card.validUntil < card.validFrom) throw ruleViolation('/healthInsuranceCard/validUntil', 'the card expires before it is valid');
  }
  return record;
}

export function changeEmployer(current: Participant, cmd: ChangeEmployerCommand): Change<Participant> | undefined {
  assertNotDeceased(current);
  const next: Participant = { ...current };
  if (cmd.employerEnterpriseCode === null) delete next.employerEnterpriseCode;
  else next.employerEnterpriseCode = cmd.employerEnterpriseCode;
  if (cmd.contributionSalary !== undefined) next.contributionSalary = cmd.contributionSalary;
  if (JSON.stringify(next) === JSON.stringify(current)) return undefined;
  return { type: 'insurance.participant.employer-changed', next };
}

/** Opens a scheme never joined, or again after it ended; an open scheme cannot be opened twice. */
export function openScheme(current: Participant, cmd: OpenSchemeCommand): Change<Participant> {
  assertNotDeceased(current);
  const existing = current.schemes[cmd.scheme];
  if (isOpen(existing)) throw invalidState(`the ${cmd.scheme} scheme is already open since ${existing.startDate}`);
  if (existing?.endDate !== undefined && cmd.startDate < existing.endDate) {
    throw ruleViolation('/startDate', `the ${cmd.scheme} scheme ended on ${existing.endDate}; it cannot reopen before that`);
  }
  return {
    type: 'insurance.participant.scheme-opened',
    next: { ...current, schemes: { ...current.schemes, [cmd.scheme]: { startDate: cmd.startDate } } },
  };
}

export function endScheme(current: Participant, cmd: EndSchemeCommand, today: string): Change<Participant> {
  const existing = current.schemes[cmd.scheme];
  if (!isOpen(existing)) throw invalidState(`the ${cmd.scheme} scheme is not open`);
  if (cmd.endDate < existing.startDate) throw ruleViolation('/endDate', `the end date is before the start date ${existing.startDate}`);
  if (cmd.endDate > today) throw ruleViolation('/endDate', 'the end date is in the future');
  return {
    type: 'insurance.participant.scheme-ended',
    next: {
      ...current,
      schemes: { ...current.schemes, [cmd.scheme]: { ...existing, endDate: cmd.endDate, endReason: cmd.endReason } },
    },
  };
}

/** Issues a card, or renews it (the new card replaces the old one); health insurance must be open. */
export function issueCard(current: Participant, cmd: IssueCardCommand): Change<Participant> | undefined {
  assertNotDeceased(current);
  if (!isOpen(current.schemes.healthInsurance)) throw invalidState('health insurance is not open, so no card can be issued');
  assertCardOf('/number', cmd.number, current.socialInsuranceNumber);
  if (cmd.validUntil < cmd.validFrom) throw ruleViolation('/validUntil', 'the card expires before it is valid');
  const card = { number: cmd.number, validFrom: cmd.validFrom, validUntil: cmd.validUntil, primaryCareFacilityCode: cmd.primaryCareFacilityCode };
  if (JSON.stringify(card) === JSON.stringify(current.healthInsuranceCard)) return undefined;
  return { type: 'insurance.participant.card-issued', next: { ...current, healthInsuranceCard: card } };
}

/** Officers change status; a death comes from the population registry (see endCoverageOnDeath). */
export function changeStatus(current: Participant, cmd: ChangeStatusCommand): Change<Participant> | undefined {
  assertNotDeceased(current);
  if (cmd.status === 'deceased') throw ruleViolation('/status', 'a death is recorded by the population registry');
  if (cmd.status === current.status) return undefined;
  return { type: 'insurance.participant.status-changed', next: { ...current, status: cmd.status } };
}

/**
 * The population registry recorded the participant's death: every open scheme ends on the date
 * of death with reason `deceased`, and the status becomes `deceased` — one change, one event.
 * The event is scheme-ended when coverage ended (changedFields also lists status), otherwise
 * status-changed. A second notice of the same death changes nothing.
 */
export function endCoverageOnDeath(current: Participant, dateOfDeath: string): Change<Participant> | undefined {
  if (current.status === 'deceased') return undefined;
  const ending = openSchemes(current);
  const schemes = { ...current.schemes };
  for (const name of ending) schemes[name] = { ...schemes[name]!, endDate: dateOfDeath, endReason: 'deceased' };
  return {
    type: ending.length > 0 ? 'insurance.participant.scheme-ended' : 'insurance.participant.status-changed',
    next: { ...current, schemes, status: 'deceased' },
  };
}
