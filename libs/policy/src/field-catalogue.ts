import { CLASSIFICATIONS, CONTRACT_SCHEMA_IDS, getContracts } from '@ndg/contracts';
import type { Classification, ContractRegistry, Dataset, SchemaId } from '@ndg/contracts';

/** The record schema behind each dataset; its classification map decides what a selector means. */
export const DATASET_RECORD_SCHEMAS: Readonly<Record<Dataset, SchemaId>> = {
  'population.citizen': CONTRACT_SCHEMA_IDS.citizen,
  'business.enterprise': CONTRACT_SCHEMA_IDS.enterprise,
  'insurance.participant': CONTRACT_SCHEMA_IDS.participant,
};

export function isDataset(value: string): value is Dataset {
  return Object.hasOwn(DATASET_RECORD_SCHEMAS, value);
}

function isClassification(value: string): value is Classification {
  return (CLASSIFICATIONS as readonly string[]).includes(value);
}

/**
 * The field paths of one dataset's record schema and what each selector expands to.
 * A name that is both a field and a classification (citizen `status`) means the field: the narrower
 * reading can only grant less than the author meant, never more.
 */
export class FieldCatalogue {
  /** Every path in schema order. */
  readonly paths: readonly string[];
  private readonly order = new Map<string, number>();
  private readonly subtree = new Map<string, readonly string[]>();
  private readonly byClassification = new Map<Classification, readonly string[]>();

  constructor(classification: ReadonlyMap<string, Classification>) {
    this.paths = [...classification.keys()];
    this.paths.forEach((path, index) => this.order.set(path, index));
    for (const path of this.paths) {
      const prefix = `${path}.`;
      this.subtree.set(path, [path, ...this.paths.filter((p) => p.startsWith(prefix))]);
    }
    for (const name of CLASSIFICATIONS) {
      this.byClassification.set(
        name,
        this.paths.filter((p) => classification.get(p) === name),
      );
    }
  }

  has(path: string): boolean {
    return this.order.has(path);
  }

  /** True when the path has nested fields (a row-scope clause on it could never match a scalar). */
  hasChildren(path: string): boolean {
    return (this.subtree.get(path)?.length ?? 0) > 1;
  }

  /** Concrete paths a selector covers, or undefined when it names neither a field nor a classification. */
  expand(selector: string): readonly string[] | undefined {
    const fields = this.subtree.get(selector);
    if (fields !== undefined) return fields;
    return isClassification(selector) ? this.byClassification.get(selector) : undefined;
  }

  /**
   * The smallest list of paths that covers a set: a path is listed when it and its whole subtree are
   * in the set and its parent is not, so projecting a listed path can never disclose an ungranted
   * child. Leaves are never merged into a parent that was not itself granted: the parent's schema may
   * grow a property later that nobody granted.
   */
  minimal(set: ReadonlySet<string>): string[] {
    const whole = (path: string): boolean => (this.subtree.get(path) ?? [path]).every((p) => set.has(p));
    const out: string[] = [];
    for (const path of this.paths) {
      if (!set.has(path) || !whole(path)) continue;
      const parent = parentOf(path);
      if (parent !== undefined && set.has(parent) && whole(parent)) continue;
      out.push(path);
    }
    return out;
  }
}

function parentOf(path: string): string | undefined {
  const dot = path.lastIndexOf('.');
  return dot === -1 ? undefined : path.slice(0, dot);
}

/** Field catalogues of every dataset, built once per registry. */
export function fieldCatalogues(
  contracts: ContractRegistry = getContracts(),
): ReadonlyMap<Dataset, FieldCatalogue> {
  const out = new Map<Dataset, FieldCatalogue>();
  for (const [dataset, schemaId] of Object.entries(DATASET_RECORD_SCHEMAS) as [Dataset, SchemaId][]) {
    out.set(dataset, new FieldCatalogue(contracts.classificationOf(schemaId)));
  }
  return out;
}
