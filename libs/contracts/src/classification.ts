import type { SchemaResolver } from './schema-resolver.js';
import { CLASSIFICATIONS } from './types.js';
import type { Classification, JsonSchema } from './types.js';

const MAX_DEPTH = 32;

function isClassification(value: unknown): value is Classification {
  return typeof value === 'string' && (CLASSIFICATIONS as readonly string[]).includes(value);
}

/**
 * Maps every field path (dotted, e.g. `permanentAddress.provinceCode`) of a schema to its classification.
 * Nested fields inherit their parent's classification unless they declare their own, so a policy that
 * grants `address` also covers `permanentAddress.provinceCode`.
 */
export function computeClassification(
  resolver: SchemaResolver,
  schemaId: string,
): Map<string, Classification> {
  const out = new Map<string, Classification>();
  const root = resolver.document(schemaId);
  if (root !== undefined) walk(resolver, root, schemaId, '', undefined, out, 0);
  return out;
}

function walk(
  resolver: SchemaResolver,
  node: JsonSchema,
  baseId: string,
  prefix: string,
  inherited: Classification | undefined,
  out: Map<string, Classification>,
  depth: number,
): void {
  if (typeof node === 'boolean' || depth > MAX_DEPTH) return;
  if (typeof node['$ref'] === 'string') {
    const target = resolver.resolve(node['$ref'], baseId);
    if (target) walk(resolver, target.schema, target.baseId, prefix, inherited, out, depth + 1);
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = node[keyword];
    if (Array.isArray(branches)) {
      for (const branch of branches as JsonSchema[])
        walk(resolver, branch, baseId, prefix, inherited, out, depth + 1);
    }
  }
  const items = node['items'];
  if (items !== undefined && typeof items === 'object') {
    walk(resolver, items as JsonSchema, baseId, prefix, inherited, out, depth + 1);
  }
  const properties = node['properties'];
  if (properties === null || typeof properties !== 'object') return;
  for (const [name, child] of Object.entries(properties as Record<string, JsonSchema>)) {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    const own = typeof child === 'object' ? child['x-classification'] : undefined;
    const classification = isClassification(own) ? own : inherited;
    if (classification !== undefined && !out.has(path)) out.set(path, classification);
    walk(resolver, child, baseId, path, classification, out, depth + 1);
  }
}

/** Property names a schema declares directly or through $ref / allOf / anyOf / oneOf / if / then / else. */
export function declaredProperties(resolver: SchemaResolver, node: JsonSchema, baseId: string): Set<string> {
  const out = new Set<string>();
  const visit = (current: JsonSchema, base: string, depth: number): void => {
    if (typeof current === 'boolean' || depth > MAX_DEPTH) return;
    const properties = current['properties'];
    if (properties !== null && typeof properties === 'object') {
      for (const name of Object.keys(properties)) out.add(name);
    }
    if (typeof current['$ref'] === 'string') {
      const target = resolver.resolve(current['$ref'], base);
      if (target) visit(target.schema, target.baseId, depth + 1);
    }
    for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
      const branches = current[keyword];
      if (Array.isArray(branches))
        for (const branch of branches as JsonSchema[]) visit(branch, base, depth + 1);
    }
    for (const keyword of ['if', 'then', 'else'] as const) {
      const branch = current[keyword];
      if (branch !== undefined) visit(branch as JsonSchema, base, depth + 1);
    }
  };
  visit(node, baseId, 0);
  return out;
}
