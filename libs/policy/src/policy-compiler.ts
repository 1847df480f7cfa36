import { getContracts } from '@ndg/contracts';
import type { ContractRegistry, Dataset, PolicyGrant } from '@ndg/contracts';
import { fieldCatalogues, isDataset } from './field-catalogue.js';
import type { FieldCatalogue } from './field-catalogue.js';
import { PolicyLoadError } from './policy-errors.js';
import type { CompiledGrant, PolicyDocument, PolicyIssue, RowScope, RowScopeValue } from './policy.types.js';
import { compileRowScope } from './row-scope.js';

/** Options for {@link compilePolicies}. */
export interface CompileOptions {
  readonly contracts?: ContractRegistry;
  /**
   * Offset of the time zone policy dates are read in, minutes east of UTC. Default +420 (Vietnam,
   * no daylight saving): a grant "valid from 2026-01-01" starts at local midnight, as its legal basis means.
   */
  readonly utcOffsetMinutes?: number;
}

const DAY_MS = 86_400_000;
const VIETNAM_UTC_OFFSET_MINUTES = 420;

function dayStartMs(isoDate: string, offsetMinutes: number): number {
  const [year, month, day] = isoDate.split('-').map(Number);
  return Date.UTC(year ?? NaN, (month ?? NaN) - 1, day ?? NaN) - offsetMinutes * 60_000;
}

function freezeRowScope(where: PolicyGrant['where']): RowScope | null {
  if (where === undefined || Object.keys(where).length === 0) return null;
  const scope: Record<string, readonly RowScopeValue[]> = {};
  for (const [path, values] of Object.entries(where)) {
    if (values !== undefined) scope[path] = Object.freeze([...values]);
  }
  return Object.freeze(scope);
}

/** Agency -> dataset -> grants in file order; immutable once built. */
export class CompiledPolicySet {
  private readonly byAgency: ReadonlyMap<string, ReadonlyMap<string, readonly CompiledGrant[]>>;
  private readonly byId: ReadonlyMap<string, CompiledGrant>;

  /** @internal Use {@link compilePolicies}. */
  constructor(
    grants: readonly CompiledGrant[],
    readonly catalogues: ReadonlyMap<Dataset, FieldCatalogue>,
  ) {
    const byAgency = new Map<string, Map<string, CompiledGrant[]>>();
    const byId = new Map<string, CompiledGrant>();
    for (const grant of grants) {
      let datasets = byAgency.get(grant.agency);
      if (datasets === undefined) byAgency.set(grant.agency, (datasets = new Map()));
      let list = datasets.get(grant.dataset);
      if (list === undefined) datasets.set(grant.dataset, (list = []));
      list.push(grant);
      byId.set(grant.id, grant);
    }
    for (const datasets of byAgency.values()) for (const list of datasets.values()) Object.freeze(list);
    this.byAgency = byAgency;
    this.byId = byId;
    Object.freeze(this);
  }

  /** Agencies that have a policy, sorted. */
  agencies(): string[] {
    return [...this.byAgency.keys()].sort();
  }

  hasAgency(agency: string): boolean {
    return this.byAgency.has(agency);
  }

  /** The agency's grants for a dataset in file order (empty when none). */
  grantsFor(agency: string, dataset: string): readonly CompiledGrant[] {
    return this.byAgency.get(agency)?.get(dataset) ?? [];
  }

  /** A grant by its id, e.g. to re-check a feed subscription. */
  grant(id: string): CompiledGrant | undefined {
    return this.byId.get(id);
  }
}

function fail(source: string, path: string, message: string): never {
  const issue: PolicyIssue = { file: source, line: 1, column: 1, path, message };
  throw new PolicyLoadError([issue]);
}

function compileGrant(
  document: PolicyDocument,
  grant: PolicyGrant,
  grantIndex: number,
  indexInDataset: number,
  catalogue: FieldCatalogue,
  offsetMinutes: number,
): CompiledGrant {
  const agency = document.policy.agency;
  const fieldSet = new Set<string>();
  for (const selector of grant.fields) {
    const paths = catalogue.expand(selector);
    if (paths === undefined) {
      fail(
        document.source,
        `/grants/${grantIndex}/fields`,
        `"${selector}" is neither a field nor a classification`,
      );
    }
    for (const path of paths) fieldSet.add(path);
  }
  const rowScope = freezeRowScope(grant.where);
  // Compiling here, not on the first request, keeps request latency flat.
  if (rowScope !== null) compileRowScope(rowScope);
  return Object.freeze({
    id: `${agency}/${grant.dataset}/${indexInDataset}`,
    agency,
    dataset: grant.dataset,
    operations: new Set(grant.operations),
    purposes: new Set(grant.purposes),
    fields: Object.freeze(catalogue.minimal(fieldSet)),
    fieldSet,
    rowScope,
    rateLimit: grant.rateLimit === undefined ? null : Object.freeze({ perMinute: grant.rateLimit.perMinute }),
    validFromMs: dayStartMs(grant.validFrom, offsetMinutes),
    // validUntil names the last day the grant applies, so it ends at the next local midnight.
    validUntilMs:
      grant.validUntil === undefined ? null : dayStartMs(grant.validUntil, offsetMinutes) + DAY_MS,
    legalBasis: grant.legalBasis,
    source: document.source,
  });
}

/**
 * Compiles checked policy documents (from {@link loadPolicyDocuments}) once: classifications expanded
 * to field paths, row scopes to predicates, dates to epoch ms. Grant ids are
 * `<agency>/<dataset>/<n>`, n counting that agency's grants for the dataset in file order.
 */
export function compilePolicies(
  documents: readonly PolicyDocument[],
  options: CompileOptions = {},
): CompiledPolicySet {
  const catalogues = fieldCatalogues(options.contracts ?? getContracts());
  const offsetMinutes = options.utcOffsetMinutes ?? VIETNAM_UTC_OFFSET_MINUTES;
  const seen = new Map<string, string>();
  const grants: CompiledGrant[] = [];
  for (const document of documents) {
    const { agency } = document.policy;
    const earlier = seen.get(agency);
    if (earlier !== undefined)
      fail(document.source, '/agency', `agency "${agency}" is already defined in ${earlier}`);
    seen.set(agency, document.source);
    const perDataset = new Map<string, number>();
    document.policy.grants.forEach((grant, index) => {
      if (!isDataset(grant.dataset)) fail(document.source, `/grants/${index}/dataset`, 'unknown dataset');
      const catalogue = catalogues.get(grant.dataset);
      if (catalogue === undefined) fail(document.source, `/grants/${index}/dataset`, 'has no record schema');
      const n = perDataset.get(grant.dataset) ?? 0;
      perDataset.set(grant.dataset, n + 1);
      grants.push(compileGrant(document, grant, index, n, catalogue, offsetMinutes));
    });
  }
  return new CompiledPolicySet(grants, catalogues);
}
