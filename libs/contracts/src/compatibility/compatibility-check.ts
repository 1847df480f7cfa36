import { SchemaResolver } from '../schema-resolver.js';
import type { JsonSchema, SchemaDocument } from '../types.js';
import type {
  CompatibilityChangeKind,
  CompatibilityConfig,
  CompatibilityIssue,
  CompatibilityMode,
  FamilyCompatibilityReport,
} from './compatibility.types.js';

type SchemaObject = { readonly [keyword: string]: unknown };

/** Which readers a change breaks. */
type Breaks = 'BACKWARD' | 'FORWARD' | 'BOTH';

interface Finding extends CompatibilityIssue {
  readonly breaks: Breaks;
}

interface SchemaNode {
  readonly schema: JsonSchema;
  readonly baseId: string;
}

/** A schema with $ref and allOf folded in, so v1 `{ $ref: X }` and v2 `{ allOf: [X] }` compare alike. */
interface FlatSchema {
  readonly refs: Set<string>;
  types: Set<string> | undefined;
  enumValues: unknown[] | undefined;
  constValue: { value: unknown } | undefined;
  format: string | undefined;
  readonly patterns: Set<string>;
  readonly lowerBounds: Map<string, number>;
  readonly upperBounds: Map<string, number>;
  uniqueItems: boolean;
  readonly properties: Map<string, SchemaNode[]>;
  readonly required: Set<string>;
  closed: boolean;
  readonly items: SchemaNode[];
  readonly additional: SchemaNode[];
  readonly conditionals: unknown[];
  alwaysFalse: boolean;
}

const LOWER_BOUNDS = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'] as const;
const UPPER_BOUNDS = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'] as const;
const MAX_DEPTH = 64;

function isObject(value: unknown): value is SchemaObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function docOf(id: string): string {
  const url = new URL(id);
  url.hash = '';
  return url.href;
}

/** A ref as written relative to its own document, so `#/$defs/x` in v1 and v2 compare equal. */
function normaliseRef(ref: string, baseId: string): string {
  const target = new URL(ref, baseId);
  const hash = decodeURIComponent(target.hash);
  target.hash = '';
  return target.href === docOf(baseId) ? hash || '#' : target.href + hash;
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stable(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function describe(path: string): string {
  return path === '' ? '(root)' : path;
}

class Comparator {
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly resolver: SchemaResolver) {}

  private add(path: string, kind: CompatibilityChangeKind, breaks: Breaks, message: string): void {
    this.findings.push({ path, kind, breaks, message: `${describe(path)}: ${message}` });
  }

  private flatten(node: SchemaNode): FlatSchema {
    const flat: FlatSchema = {
      refs: new Set(),
      types: undefined,
      enumValues: undefined,
      constValue: undefined,
      format: undefined,
      patterns: new Set(),
      lowerBounds: new Map(),
      upperBounds: new Map(),
      uniqueItems: false,
      properties: new Map(),
      required: new Set(),
      closed: false,
      items: [],
      additional: [],
      conditionals: [],
      alwaysFalse: false,
    };
    this.fold(node, flat, 0, true);
    return flat;
  }

  private fold(node: SchemaNode, flat: FlatSchema, depth: number, top: boolean): void {
    const { schema, baseId } = node;
    if (schema === false) flat.alwaysFalse = true;
    if (!isObject(schema) || depth > MAX_DEPTH) return;
    const ref = schema['$ref'];
    if (typeof ref === 'string') {
      if (top) flat.refs.add(normaliseRef(ref, baseId));
      const target = this.resolver.resolve(ref, baseId);
      if (target) this.fold(target, flat, depth + 1, false);
    }
    const allOf = schema['allOf'];
    if (Array.isArray(allOf)) {
      for (const branch of allOf as JsonSchema[]) this.fold({ schema: branch, baseId }, flat, depth + 1, top);
    }
    const type = schema['type'];
    if (type !== undefined) {
      const types = new Set(Array.isArray(type) ? (type as string[]) : [type as string]);
      flat.types = flat.types === undefined ? types : new Set([...flat.types].filter((t) => types.has(t)));
    }
    if (Array.isArray(schema['enum'])) flat.enumValues ??= schema['enum'] as unknown[];
    if ('const' in schema) flat.constValue ??= { value: schema['const'] };
    if (typeof schema['format'] === 'string') flat.format ??= schema['format'];
    if (typeof schema['pattern'] === 'string') flat.patterns.add(schema['pattern']);
    for (const keyword of LOWER_BOUNDS) {
      const value = schema[keyword];
      if (typeof value === 'number')
        flat.lowerBounds.set(keyword, Math.max(value, flat.lowerBounds.get(keyword) ?? -Infinity));
    }
    for (const keyword of UPPER_BOUNDS) {
      const value = schema[keyword];
      if (typeof value === 'number')
        flat.upperBounds.set(keyword, Math.min(value, flat.upperBounds.get(keyword) ?? Infinity));
    }
    if (schema['uniqueItems'] === true) flat.uniqueItems = true;
    const properties = schema['properties'];
    if (isObject(properties)) {
      for (const [name, child] of Object.entries(properties)) {
        const list = flat.properties.get(name) ?? [];
        list.push({ schema: child as JsonSchema, baseId });
        flat.properties.set(name, list);
      }
    }
    if (Array.isArray(schema['required']))
      for (const name of schema['required'] as string[]) flat.required.add(name);
    if (schema['additionalProperties'] === false || schema['unevaluatedProperties'] === false)
      flat.closed = true;
    else if (isObject(schema['additionalProperties'])) {
      flat.additional.push({ schema: schema['additionalProperties'] as JsonSchema, baseId });
    }
    if (schema['items'] !== undefined) flat.items.push({ schema: schema['items'] as JsonSchema, baseId });
    for (const keyword of ['if', 'then', 'else', 'not', 'anyOf', 'oneOf', 'dependentRequired'] as const) {
      if (schema[keyword] !== undefined) flat.conditionals.push({ [keyword]: schema[keyword] });
    }
  }

  /** Several subschemas for one property (e.g. a record field plus an event's const) compare as their allOf. */
  private merge(nodes: readonly SchemaNode[]): SchemaNode {
    if (nodes.length === 1 && nodes[0]) return nodes[0];
    const baseId = nodes[0]?.baseId ?? 'urn:empty';
    return {
      schema: {
        allOf: nodes.map((n) =>
          isObject(n.schema) && typeof n.schema['$ref'] === 'string'
            ? { ...n.schema, $ref: new URL(n.schema['$ref'], n.baseId).href }
            : n.schema,
        ),
      },
      baseId,
    };
  }

  compare(previous: SchemaNode, next: SchemaNode, path: string, depth = 0): void {
    if (depth > MAX_DEPTH) return;
    const key = `${path}\u0000${stable(previous.schema)}\u0000${previous.baseId}\u0000${stable(next.schema)}\u0000${next.baseId}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const before = this.flatten(previous);
    const after = this.flatten(next);

    const refsBefore = [...before.refs].sort().join(' ');
    const refsAfter = [...after.refs].sort().join(' ');
    if (refsBefore !== refsAfter) {
      this.add(
        path,
        'ref-changed',
        'BOTH',
        `$ref changed from ${refsBefore || '(none)'} to ${refsAfter || '(none)'}`,
      );
      return;
    }
    if (!before.alwaysFalse && after.alwaysFalse)
      this.add(path, 'type-narrowed', 'BACKWARD', 'now accepts nothing');
    if (before.alwaysFalse && !after.alwaysFalse)
      this.add(path, 'type-widened', 'FORWARD', 'now accepts values');

    this.compareTypes(before, after, path);
    this.compareValues(before, after, path);
    this.compareBounds(before, after, path);
    this.compareObjects(before, after, path, depth);

    if (before.items.length > 0 && after.items.length > 0) {
      this.compare(this.merge(before.items), this.merge(after.items), `${path}/*`, depth + 1);
    } else if (before.items.length === 0 && after.items.length > 0) {
      this.add(path, 'constraint-tightened', 'BACKWARD', 'array items are now constrained');
    } else if (before.items.length > 0 && after.items.length === 0) {
      this.add(path, 'constraint-loosened', 'FORWARD', 'array items are no longer constrained');
    }
    if (before.additional.length > 0 && after.additional.length > 0) {
      this.compare(this.merge(before.additional), this.merge(after.additional), `${path}/*`, depth + 1);
    }
    if (stable(before.conditionals) !== stable(after.conditionals)) {
      this.add(
        path,
        'conditional-changed',
        'BOTH',
        'conditional or combined subschemas (if/then/else, not, anyOf, oneOf, dependentRequired) changed',
      );
    }
  }

  private compareTypes(before: FlatSchema, after: FlatSchema, path: string): void {
    const covers = (types: Set<string> | undefined, type: string): boolean =>
      types === undefined || types.has(type) || (type === 'integer' && types.has('number'));
    if (after.types !== undefined) {
      const lost =
        before.types === undefined ? ['any'] : [...before.types].filter((t) => !covers(after.types, t));
      if (lost.length > 0)
        this.add(path, 'type-narrowed', 'BACKWARD', `type no longer accepts ${lost.join(', ')}`);
    }
    if (before.types !== undefined) {
      const gained =
        after.types === undefined ? ['any'] : [...after.types].filter((t) => !covers(before.types, t));
      if (gained.length > 0)
        this.add(path, 'type-widened', 'FORWARD', `type now also accepts ${gained.join(', ')}`);
    }
  }

  private compareValues(before: FlatSchema, after: FlatSchema, path: string): void {
    if (before.enumValues && after.enumValues) {
      const afterSet = new Set(after.enumValues.map(stable));
      const beforeSet = new Set(before.enumValues.map(stable));
      const removed = before.enumValues.filter((v) => !afterSet.has(stable(v)));
      const added = after.enumValues.filter((v) => !beforeSet.has(stable(v)));
      if (removed.length > 0) {
        this.add(
          path,
          'enum-value-removed',
          'BACKWARD',
          `enum value(s) removed: ${removed.map(stable).join(', ')}`,
        );
      }
      if (added.length > 0) {
        this.add(path, 'enum-value-added', 'FORWARD', `enum value(s) added: ${added.map(stable).join(', ')}`);
      }
    } else if (!before.enumValues && after.enumValues) {
      this.add(path, 'constraint-tightened', 'BACKWARD', 'now restricted to an enum');
    } else if (before.enumValues && !after.enumValues) {
      this.add(path, 'constraint-loosened', 'FORWARD', 'no longer restricted to an enum');
    }
    if (before.constValue && after.constValue) {
      if (stable(before.constValue.value) !== stable(after.constValue.value)) {
        this.add(
          path,
          'const-changed',
          'BOTH',
          `const changed from ${stable(before.constValue.value)} to ${stable(after.constValue.value)}`,
        );
      }
    } else if (!before.constValue && after.constValue) {
      this.add(path, 'constraint-tightened', 'BACKWARD', 'now restricted to a const');
    } else if (before.constValue && !after.constValue) {
      this.add(path, 'constraint-loosened', 'FORWARD', 'no longer restricted to a const');
    }
    const patternsBefore = [...before.patterns].sort().join(' && ');
    const patternsAfter = [...after.patterns].sort().join(' && ');
    if (patternsBefore !== patternsAfter) {
      const breaks: Breaks = patternsBefore === '' ? 'BACKWARD' : patternsAfter === '' ? 'FORWARD' : 'BOTH';
      this.add(
        path,
        'pattern-changed',
        breaks,
        `pattern changed from ${patternsBefore || '(none)'} to ${patternsAfter || '(none)'}`,
      );
    }
    if (before.format !== after.format) {
      const breaks: Breaks =
        before.format === undefined ? 'BACKWARD' : after.format === undefined ? 'FORWARD' : 'BOTH';
      this.add(
        path,
        'format-changed',
        breaks,
        `format changed from ${before.format ?? '(none)'} to ${after.format ?? '(none)'}`,
      );
    }
    if (!before.uniqueItems && after.uniqueItems)
      this.add(path, 'constraint-tightened', 'BACKWARD', 'items must now be unique');
    if (before.uniqueItems && !after.uniqueItems)
      this.add(path, 'constraint-loosened', 'FORWARD', 'items no longer need to be unique');
  }

  private compareBounds(before: FlatSchema, after: FlatSchema, path: string): void {
    for (const keyword of LOWER_BOUNDS) {
      const a = before.lowerBounds.get(keyword);
      const b = after.lowerBounds.get(keyword);
      if (a === b) continue;
      if (b !== undefined && (a === undefined || b > a)) {
        this.add(path, 'constraint-tightened', 'BACKWARD', `${keyword} raised from ${a ?? '(none)'} to ${b}`);
      } else {
        this.add(path, 'constraint-loosened', 'FORWARD', `${keyword} lowered from ${a} to ${b ?? '(none)'}`);
      }
    }
    for (const keyword of UPPER_BOUNDS) {
      const a = before.upperBounds.get(keyword);
      const b = after.upperBounds.get(keyword);
      if (a === b) continue;
      if (b !== undefined && (a === undefined || b < a)) {
        this.add(
          path,
          'constraint-tightened',
          'BACKWARD',
          `${keyword} lowered from ${a ?? '(none)'} to ${b}`,
        );
      } else {
        this.add(path, 'constraint-loosened', 'FORWARD', `${keyword} raised from ${a} to ${b ?? '(none)'}`);
      }
    }
  }

  private compareObjects(before: FlatSchema, after: FlatSchema, path: string, depth: number): void {
    if (!before.closed && after.closed) {
      this.add(path, 'additional-properties-closed', 'BACKWARD', 'unknown properties are no longer allowed');
    }
    if (before.closed && !after.closed) {
      this.add(path, 'additional-properties-opened', 'FORWARD', 'unknown properties are now allowed');
    }
    for (const [name, nodes] of before.properties) {
      const childPath = `${path}/${name}`;
      const counterpart = after.properties.get(name);
      if (counterpart === undefined) {
        // Open content: old data with the property still validates; closed content rejects it.
        if (after.closed)
          this.add(childPath, 'property-removed', 'BACKWARD', 'property removed from a closed schema');
        if (before.required.has(name))
          this.add(childPath, 'property-removed', 'FORWARD', 'required property removed');
        continue;
      }
      this.compare(this.merge(nodes), this.merge(counterpart), childPath, depth + 1);
    }
    for (const name of after.properties.keys()) {
      if (!before.properties.has(name) && before.closed) {
        this.add(
          `${path}/${name}`,
          'property-added-to-closed-schema',
          'FORWARD',
          'property added; readers of the previous version reject it',
        );
      }
    }
    for (const name of after.required) {
      if (!before.required.has(name))
        this.add(`${path}/${name}`, 'required-added', 'BACKWARD', 'property is newly required');
    }
    for (const name of before.required) {
      if (!after.required.has(name) && after.properties.has(name)) {
        this.add(`${path}/${name}`, 'required-removed', 'FORWARD', 'property is no longer required');
      }
    }
  }
}

function breaksMode(breaks: Breaks, mode: CompatibilityMode): boolean {
  if (mode === 'NONE') return false;
  if (mode === 'FULL' || breaks === 'BOTH') return true;
  return breaks === mode;
}

/** Inputs to {@link checkCompatibility}. */
export interface CompatibilityCheckInput {
  readonly previous: SchemaDocument;
  readonly next: SchemaDocument;
  readonly mode: CompatibilityMode;
  /** Other documents their $refs may point into (e.g. common/defs). */
  readonly documents?: readonly SchemaDocument[];
}

/** Breaking changes from `previous` to `next` under `mode`; empty when compatible. Pure. */
export function checkCompatibility(input: CompatibilityCheckInput): CompatibilityIssue[] {
  const resolver = new SchemaResolver([...(input.documents ?? []), input.previous, input.next]);
  const comparator = new Comparator(resolver);
  comparator.compare(
    { schema: input.previous, baseId: input.previous.$id },
    { schema: input.next, baseId: input.next.$id },
    '',
  );
  const out: CompatibilityIssue[] = [];
  const seen = new Set<string>();
  for (const { path, kind, message, breaks } of comparator.findings) {
    if (!breaksMode(breaks, input.mode)) continue;
    const key = `${path}\u0000${kind}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, kind, message });
  }
  return out;
}

const VERSIONED_ID = /^https:\/\/[^/]+\/(.+)\.v([1-9][0-9]*)\.schema\.json$/;

/** `{ family: 'business/enterprise', version: 2 }` for a versioned $id, undefined otherwise. */
export function parseSchemaVersion(id: string): { family: string; version: number } | undefined {
  const match = VERSIONED_ID.exec(id);
  if (!match?.[1] || !match[2]) return undefined;
  return { family: match[1], version: Number(match[2]) };
}

/** Compares every version of every family with its predecessor, under the family's configured mode. */
export function checkSchemaFamilies(
  documents: readonly SchemaDocument[],
  config: CompatibilityConfig,
): FamilyCompatibilityReport[] {
  const families = new Map<string, Map<number, SchemaDocument>>();
  for (const doc of documents) {
    const parsed = parseSchemaVersion(doc.$id);
    if (!parsed) continue;
    const versions = families.get(parsed.family) ?? new Map<number, SchemaDocument>();
    versions.set(parsed.version, doc);
    families.set(parsed.family, versions);
  }
  const reports: FamilyCompatibilityReport[] = [];
  for (const family of [...families.keys()].sort()) {
    const versions = families.get(family) ?? new Map<number, SchemaDocument>();
    const mode = config.families?.[family] ?? config.default;
    const ordered = [...versions.keys()].sort((a, b) => a - b);
    for (let i = 1; i < ordered.length; i++) {
      const previous = versions.get(ordered[i - 1] ?? 0);
      const next = versions.get(ordered[i] ?? 0);
      if (!previous || !next) continue;
      reports.push({
        family,
        mode,
        previousId: previous.$id,
        nextId: next.$id,
        issues: checkCompatibility({ previous, next, mode, documents }),
      });
    }
  }
  return reports;
}
