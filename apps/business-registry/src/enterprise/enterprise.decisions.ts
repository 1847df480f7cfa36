// The business registry's rules, as plain functions over plain records.
import type { AmendEnterpriseCommand, ChangeEnterpriseStatusCommand, Enterprise } from '@ndg/contracts';
import { invalidState, ruleViolation, type Change } from '@ndg/registry-kit';

type Status = Enterprise['status'];

/**
 * Where each status may go. Dissolved and bankrupt are final; a dissolution under way can still
 * end in bankruptcy or be withdrawn (back to active).
 */
export const STATUS_TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  active: ['suspended', 'dissolving', 'dissolved', 'bankrupt'],
  suspended: ['active', 'dissolving', 'dissolved', 'bankrupt'],
  dissolving: ['active', 'dissolved', 'bankrupt'],
  dissolved: [],
  bankrupt: [],
};

const FINAL: readonly Status[] = ['dissolved', 'bankrupt'];

const isBranchCode = (code: string) => code.includes('-');

function assertOpen(current: Enterprise): void {
  if (FINAL.includes(current.status)) throw invalidState(`enterprise ${current.enterpriseCode} is ${current.status}; its registration is closed`);
}

/** Rules every state of an enterprise keeps, whoever wrote it. */
function assertConsistent(record: Omit<Enterprise, 'version'>): void {
  if (isBranchCode(record.enterpriseCode) !== (record.legalForm === 'branch')) {
    throw ruleViolation('/legalForm', 'a branch (and only a branch) has a code with a -NNN suffix');
  }
  if (record.legalForm === 'sole-proprietorship' && record.legalRepresentativeIds.length !== 1) {
    throw ruleViolation('/legalRepresentativeIds', 'a sole proprietorship has exactly one legal representative, its owner');
  }
}

/** A registration enters an active enterprise, registered today or earlier, with no reported death. */
export function registerEnterprise(record: Omit<Enterprise, 'version'>, today: string): Omit<Enterprise, 'version'> {
  if (record.status !== 'active') throw ruleViolation('/status', 'an enterprise is registered active');
  if (record.legalRepresentativeDeceased) throw ruleViolation('/legalRepresentativeDeceased', 'the registry sets this flag from the population registry');
  if (record.registrationDate > today) throw ruleViolation('/registrationDate', 'the registration date is in the future');
  assertConsistent(record);
  return record;
}

/**
 * Applies the fields the officer sent; null removes a foreign or short name. New legal
 * representatives clear the deceased-representative flag: the officer has replaced them.
 */
export function amendEnterprise(current: Enterprise, cmd: AmendEnterpriseCommand): Change<Enterprise> | undefined {
  assertOpen(current);
  const next: Enterprise = { ...current };
  if (cmd.name !== undefined) next.name = cmd.name;
  if (cmd.foreignName === null) delete next.foreignName;
  else if (cmd.foreignName !== undefined) next.foreignName = cmd.foreignName;
  if (cmd.shortName === null) delete next.shortName;
  else if (cmd.shortName !== undefined) next.shortName = cmd.shortName;
  if (cmd.headOfficeAddress !== undefined) next.headOfficeAddress = cmd.headOfficeAddress;
  if (cmd.charterCapital !== undefined) next.charterCapital = cmd.charterCapital;
  if (cmd.industryCodes !== undefined) next.industryCodes = cmd.industryCodes;
  if (cmd.legalRepresentativeIds !== undefined) {
    const same =
      cmd.legalRepresentativeIds.length === current.legalRepresentativeIds.length &&
      cmd.legalRepresentativeIds.every((id) => current.legalRepresentativeIds.includes(id));
    if (!same) {
      next.legalRepresentativeIds = cmd.legalRepresentativeIds;
      next.legalRepresentativeDeceased = false;
    }
  }
  assertConsistent(next);
  if (JSON.stringify(next) === JSON.stringify(current)) return undefined;
  return { type: 'business.enterprise.amended', next };
}

export function changeStatus(current: Enterprise, cmd: ChangeEnterpriseStatusCommand): Change<Enterprise> | undefined {
  if (cmd.status === current.status) return undefined;
  if (!STATUS_TRANSITIONS[current.status].includes(cmd.status)) {
    throw invalidState(`enterprise ${current.enterpriseCode} cannot go from ${current.status} to ${cmd.status}`);
  }
  return { type: 'business.enterprise.status-changed', next: { ...current, status: cmd.status } };
}

/** The population registry reported `personalId` deceased: flag the enterprise once, whatever its status. */
export function flagRepresentativeDeceased(current: Enterprise, personalId: string): Change<Enterprise> | undefined {
  if (!current.legalRepresentativeIds.includes(personalId)) return undefined;
  if (current.legalRepresentativeDeceased) return undefined;
  return { type: 'business.enterprise.representative-deceased', next: { ...current, legalRepresentativeDeceased: true } };
}
