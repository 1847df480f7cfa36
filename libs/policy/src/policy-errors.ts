import { POLICY_ERROR_CODES } from './policy-error-codes.js';
import type { PolicyIssue } from './policy.types.js';

/** Renders an issue the way compilers do, so editors can jump to it. */
export function formatPolicyIssue(issue: PolicyIssue): string {
  const where = issue.path === '' ? '' : ` ${issue.path}`;
  return `${issue.file}:${issue.line}:${issue.column}${where} ${issue.message}`;
}

/** One or more policy files are invalid; `issues` names file, line and reason for each. */
export class PolicyLoadError extends Error {
  readonly code = POLICY_ERROR_CODES.invalidPolicyFiles;

  constructor(readonly issues: readonly PolicyIssue[]) {
    super(`Invalid policy files:\n${issues.map((issue) => `  ${formatPolicyIssue(issue)}`).join('\n')}`);
    this.name = 'PolicyLoadError';
  }
}
