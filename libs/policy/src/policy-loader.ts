import { CONTRACT_SCHEMA_IDS, getContracts } from '@ndg/contracts';
import type { AccessPolicy, ContractRegistry, Dataset } from '@ndg/contracts';
import { fieldCatalogues } from './field-catalogue.js';
import type { FieldCatalogue } from './field-catalogue.js';
import { PolicyLoadError } from './policy-errors.js';
import type { PolicyDocument, PolicyIssue, PolicyLoadResult, PolicySourceFile } from './policy.types.js';
import { parseLocated } from './source-locations.js';
import type { LocatedDocument, SourcePosition } from './source-locations.js';

/** Options for {@link checkPolicyDocuments}; tests pass their own registry. */
export interface PolicyLoadOptions {
  readonly contracts?: ContractRegistry;
}

function positionOfOffset(text: string, offset: number): SourcePosition {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** JSON files must be strict JSON; the YAML parse of the same text only supplies line numbers. */
function parseSource(file: PolicySourceFile): LocatedDocument {
  const located = parseLocated(file.text);
  if (!file.path.toLowerCase().endsWith('.json')) return located;
  try {
    JSON.parse(file.text);
    return located;
  } catch (error) {
    const message = (error as Error).message;
    const offset = /position (\d+)/.exec(message)?.[1];
    // V8 names the offset only for some errors; the YAML parser usually trips at the same spot.
    const position =
      offset !== undefined
        ? positionOfOffset(file.text, Number(offset))
        : (located.errors[0]?.position ?? { line: 1, column: 1 });
    return { value: undefined, errors: [{ position, message }], locate: located.locate };
  }
}

function pointer(...tokens: (string | number)[]): string {
  return tokens.map((t) => `/${String(t).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** Checks that need more than the schema: dates in order, field names that exist in the dataset. */
function semanticIssues(
  policy: AccessPolicy,
  report: (path: string, message: string) => void,
  catalogues: ReadonlyMap<Dataset, FieldCatalogue>,
): void {
  policy.grants.forEach((grant, index) => {
    if (grant.validUntil !== undefined && grant.validUntil < grant.validFrom) {
      report(pointer('grants', index, 'validUntil'), `is before validFrom (${grant.validFrom})`);
    }
    const catalogue = catalogues.get(grant.dataset);
    if (catalogue === undefined) {
      report(pointer('grants', index, 'dataset'), `has no record schema`);
      return;
    }
    grant.fields.forEach((selector, at) => {
      if (catalogue.expand(selector) === undefined) {
        report(
          pointer('grants', index, 'fields', at),
          `"${selector}" is neither a field nor a classification of ${grant.dataset}`,
        );
      }
    });
    for (const path of Object.keys(grant.where ?? {})) {
      if (!catalogue.has(path)) {
        report(pointer('grants', index, 'where', path), `"${path}" is not a field of ${grant.dataset}`);
      } else if (catalogue.hasChildren(path)) {
        report(
          pointer('grants', index, 'where', path),
          `"${path}" is not a single-value field of ${grant.dataset}`,
        );
      }
    }
  });
}

/**
 * Parses and checks policy files without throwing: YAML or JSON syntax, the `gateway/policy.v1`
 * schema, then semantic checks (one file per agency, validUntil ≥ validFrom, fields, classifications
 * and row-scope paths that exist in the dataset's record schema). Every issue names file and line.
 */
export function checkPolicyDocuments(
  files: readonly PolicySourceFile[],
  options: PolicyLoadOptions = {},
): PolicyLoadResult {
  const contracts = options.contracts ?? getContracts();
  const validator = contracts.validatorFor(CONTRACT_SCHEMA_IDS.policy);
  const catalogues = fieldCatalogues(contracts);
  const issues: PolicyIssue[] = [];
  const documents: PolicyDocument[] = [];
  const agencyFiles = new Map<string, string>();

  for (const file of files) {
    const parsed = parseSource(file);
    if (parsed.errors.length > 0) {
      for (const error of parsed.errors) {
        issues.push({
          file: file.path,
          ...error.position,
          path: '',
          message: `syntax error: ${error.message}`,
        });
      }
      continue;
    }
    const report = (path: string, message: string): void => {
      issues.push({ file: file.path, ...parsed.locate(path), path, message });
    };
    const result = validator.validate(parsed.value);
    if (!result.ok) {
      for (const error of result.errors) report(error.path, error.message);
      continue;
    }
    const policy = result.value;
    const before = issues.length;
    const earlier = agencyFiles.get(policy.agency);
    if (earlier !== undefined) {
      report('/agency', `agency "${policy.agency}" is already defined in ${earlier}`);
    } else {
      agencyFiles.set(policy.agency, file.path);
    }
    semanticIssues(policy, report, catalogues);
    if (issues.length === before) documents.push({ source: file.path, policy });
  }
  return issues.length === 0 ? { ok: true, documents } : { ok: false, issues };
}

/** Like {@link checkPolicyDocuments}, but throws {@link PolicyLoadError} listing every issue: a gateway refuses to start on a bad policy. */
export function loadPolicyDocuments(
  files: readonly PolicySourceFile[],
  options: PolicyLoadOptions = {},
): PolicyDocument[] {
  const result = checkPolicyDocuments(files, options);
  if (!result.ok) throw new PolicyLoadError(result.issues);
  return [...result.documents];
}
