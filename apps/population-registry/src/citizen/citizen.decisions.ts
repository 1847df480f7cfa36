// The population registry's rules, as plain functions over plain records.
import type { ChangeResidenceCommand, Citizen, CorrectNameCommand, LinkHouseholdCommand, RecordDeathCommand } from '@ndg/contracts';
import { invalidState, ruleViolation, type Change } from '@ndg/registry-kit';

function assertAlive(current: Citizen): void {
  if (current.status === 'deceased') invalidStateError(`citizen ${current.personalId} is recorded as deceased`);
}

function invalidStateError(message: string): never {
  throw invalidState(message);
}

/** A birth registers a living person; death, if any, is recorded afterwards. */
export function registerBirth(record: Omit<Citizen, 'version'>): Omit<Citizen, 'version'> {
  if (record.status !== 'alive') throw ruleViolation('/status', 'a birth registers a living person');
  if ('dateOfDeath' in record) throw ruleViolation('/dateOfDeath', 'a birth cannot carry a date of death');
  return record;
}

export function recordDeath(current: Citizen, cmd: RecordDeathCommand, today: string): Change<Citizen> {
  assertAlive(current);
  if (cmd.dateOfDeath < current.dateOfBirth) throw ruleViolation('/dateOfDeath', 'the date of death is before the date of birth');
  if (cmd.dateOfDeath > today) throw ruleViolation('/dateOfDeath', 'the date of death is in the future');
  return { type: 'population.citizen.deceased', next: { ...current, status: 'deceased', dateOfDeath: cmd.dateOfDeath } };
}

export function changeResidence(current: Citizen, cmd: ChangeResidenceCommand): Change<Citizen> | undefined {
  assertAlive(current);
  const next: Citizen = { ...current };
  if (cmd.permanentAddress) next.permanentAddress = cmd.permanentAddress;
  if (cmd.temporaryAddress === null) delete next.temporaryAddress;
  else if (cmd.temporaryAddress) next.temporaryAddress = cmd.temporaryAddress;
  if (JSON.stringify(next) === JSON.stringify(current)) return undefined;
  return { type: 'population.citizen.residence-changed', next };
}

export function correctName(current: Citizen, cmd: CorrectNameCommand): Change<Citizen> | undefined {
  if (cmd.fullName === current.fullName) return undefined;
  return { type: 'population.citizen.name-corrected', next: { ...current, fullName: cmd.fullName } };
}

export function linkHousehold(current: Citizen, cmd: LinkHouseholdCommand): Change<Citizen> | undefined {
  assertAlive(current);
  if (current.householdId === cmd.householdId && current.relationToHouseholdHead === cmd.relationToHouseholdHead) return undefined;
  return {
    type: 'population.citizen.household-linked',
    next: { ...current, householdId: cmd.householdId, relationToHouseholdHead: cmd.relationToHouseholdHead },
  };
}
