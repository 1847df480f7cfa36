import type { CompiledPolicySet } from './policy-compiler.js';
import { DENIAL_REASONS } from './policy-error-codes.js';
import type { DenialReason } from './policy-error-codes.js';
import type { CompiledGrant, PolicyDecision, PolicyRequest } from './policy.types.js';

function deny(reason: DenialReason, detail: string): PolicyDecision {
  return { allowed: false, reason, detail };
}

function allow(grant: CompiledGrant, fields: readonly string[]): PolicyDecision {
  return {
    allowed: true,
    grant: {
      id: grant.id,
      legalBasis: grant.legalBasis,
      fields,
      rowScope: grant.rowScope,
      rateLimit: grant.rateLimit,
    },
  };
}

/** Requested selectors the grant does not fully cover, plus the concrete paths of the ones it does. */
function checkFields(
  grant: CompiledGrant,
  requested: readonly string[],
  expand: (selector: string) => readonly string[] | undefined,
): { missing: string[]; paths: Set<string> } {
  const missing: string[] = [];
  const paths = new Set<string>();
  for (const selector of requested) {
    const expanded = expand(selector);
    if (expanded === undefined || expanded.length === 0 || !expanded.every((p) => grant.fieldSet.has(p))) {
      missing.push(selector);
      continue;
    }
    for (const path of expanded) paths.add(path);
  }
  return { missing, paths };
}

/**
 * Decides one request against the compiled policies. Default deny; checks run from the coarsest
 * (agency, dataset, operation, purpose, validity) to the finest (fields), and among the agency's
 * grants for the dataset the first in file order that allows wins, so the answer is deterministic.
 * A denial reports the most specific check that no grant passed.
 */
export function evaluate(set: CompiledPolicySet, request: PolicyRequest): PolicyDecision {
  if (!set.hasAgency(request.agency)) {
    return deny(DENIAL_REASONS.unknownAgency, `agency "${request.agency}" has no policy`);
  }
  const grants = set.grantsFor(request.agency, request.dataset);
  if (grants.length === 0) {
    return deny(
      DENIAL_REASONS.noGrantForDataset,
      `agency "${request.agency}" has no grant for ${request.dataset}`,
    );
  }
  const forOperation = grants.filter((g) => g.operations.has(request.operation));
  if (forOperation.length === 0) {
    return deny(
      DENIAL_REASONS.operationNotGranted,
      `operation "${request.operation}" is not granted on ${request.dataset}`,
    );
  }
  const forPurpose = forOperation.filter((g) => g.purposes.has(request.purpose));
  if (forPurpose.length === 0) {
    return deny(
      DENIAL_REASONS.purposeNotGranted,
      `purpose "${request.purpose}" is not granted for ${request.operation} on ${request.dataset}`,
    );
  }
  const current = forPurpose.filter(
    (g) => g.validFromMs <= request.now && (g.validUntilMs === null || request.now < g.validUntilMs),
  );
  if (current.length === 0) {
    // The first grant in file order speaks for the set, so the reason does not depend on iteration details.
    const first = forPurpose[0] as CompiledGrant;
    return first.validFromMs > request.now
      ? deny(
          DENIAL_REASONS.grantNotYetValid,
          `grant ${first.id} is valid from ${new Date(first.validFromMs).toISOString()}`,
        )
      : deny(
          DENIAL_REASONS.grantExpired,
          `grant ${first.id} expired at ${new Date(first.validUntilMs ?? 0).toISOString()}`,
        );
  }
  if (request.fields === undefined)
    return allow(current[0] as CompiledGrant, (current[0] as CompiledGrant).fields);

  const catalogue = set.catalogues.get((current[0] as CompiledGrant).dataset);
  const expand = (selector: string): readonly string[] | undefined => catalogue?.expand(selector);
  let firstMissing: string[] | undefined;
  for (const grant of current) {
    const { missing, paths } = checkFields(grant, request.fields, expand);
    if (missing.length === 0) return allow(grant, catalogue?.minimal(paths) ?? [...paths]);
    firstMissing ??= missing;
  }
  return deny(
    DENIAL_REASONS.fieldsNotGranted,
    `fields not granted for ${request.purpose}: ${(firstMissing ?? []).join(', ')}`,
  );
}
