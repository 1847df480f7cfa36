import type { AccessPolicy, Dataset, PolicyOperation } from '@ndg/contracts';
import type { DenialReason } from './policy-error-codes.js';

/** A policy file as read from disk or from the admin API. */
export interface PolicySourceFile {
  /** Shown in every issue, e.g. `deploy/policies/moh.yaml`; `.json` is parsed as JSON, anything else as YAML. */
  readonly path: string;
  readonly text: string;
}

/** A policy file that passed the schema and the semantic checks. */
export interface PolicyDocument {
  readonly source: string;
  readonly policy: AccessPolicy;
}

/** One reason a policy file is refused, located in the file (1-based line and column). */
export interface PolicyIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** JSON pointer into the document; empty for syntax errors and file-level problems. */
  readonly path: string;
  readonly message: string;
}

/** Outcome of checking a set of policy files without throwing. */
export type PolicyLoadResult =
  | { readonly ok: true; readonly documents: readonly PolicyDocument[] }
  | { readonly ok: false; readonly issues: readonly PolicyIssue[] };

/** A value a row-scope clause accepts. */
export type RowScopeValue = string | number | boolean;

/** Row scope: field path -> allowed values; a record is in scope when every path holds one of its values. */
export type RowScope = Readonly<Record<string, readonly RowScopeValue[]>>;

/** A grant compiled once: selectors expanded to field paths, dates turned into epoch ms. */
export interface CompiledGrant {
  /** `<agency>/<dataset>/<index among that agency's grants for the dataset>`. */
  readonly id: string;
  readonly agency: string;
  readonly dataset: Dataset;
  readonly operations: ReadonlySet<PolicyOperation>;
  readonly purposes: ReadonlySet<string>;
  /** Granted field paths, minimal: a path stands for its whole subtree, schema order. */
  readonly fields: readonly string[];
  /** Every granted path including nested ones, for O(1) checks of requested fields. */
  readonly fieldSet: ReadonlySet<string>;
  readonly rowScope: RowScope | null;
  readonly rateLimit: { readonly perMinute: number } | null;
  /** First instant the grant applies (inclusive). */
  readonly validFromMs: number;
  /** First instant the grant no longer applies (exclusive); null = open-ended. */
  readonly validUntilMs: number | null;
  readonly legalBasis: string;
  /** Where it came from, for operators reading a decision. */
  readonly source: string;
}

/** What an agency asks to do; `now` is passed in so the evaluator stays pure. */
export interface PolicyRequest {
  readonly agency: string;
  readonly dataset: string;
  readonly operation: PolicyOperation;
  readonly purpose: string;
  /** Requested field paths or classification names; absent = everything the grant allows. */
  readonly fields?: readonly string[];
  /** Epoch milliseconds. */
  readonly now: number;
}

/** The part of the matching grant the gateway needs to disclose, scope, limit and audit. */
export interface GrantedAccess {
  readonly id: string;
  readonly legalBasis: string;
  /** Field paths to disclose (requested ∩ granted, or all granted). */
  readonly fields: readonly string[];
  readonly rowScope: RowScope | null;
  readonly rateLimit: { readonly perMinute: number } | null;
}

/** Allowed with the grant that allows it, or denied with a stable reason code. */
export type PolicyDecision =
  | { readonly allowed: true; readonly grant: GrantedAccess }
  | { readonly allowed: false; readonly reason: DenialReason; readonly detail: string };
