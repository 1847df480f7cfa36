// Generates TypeScript types from schemas/ into libs/contracts/src/generated/ (or a given dir).
// Usage: node tools/contracts/generate-types.mjs [outDir]
// Output is deterministic (sorted inputs, prettier with the repo config) so the check can diff it.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const schemasDir = join(repoRoot, 'schemas');
export const defaultOutDir = join(repoRoot, 'libs/contracts/src/generated');

const BANNER = `/* eslint-disable */
// GENERATED FILE - DO NOT EDIT.
// Generated from schemas/**/*.schema.json by tools/contracts/generate-types.mjs (npm run contracts:generate).
// npm run contracts:check fails when this file is stale.`;

async function listSchemaFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listSchemaFiles(full)));
    else if (entry.name.endsWith('.schema.json')) out.push(full);
  }
  return out.sort();
}

/** Schemas that describe a value (not pure $defs holders) get an entry in SchemaTypeMap. */
function describesValue(schema) {
  return 'type' in schema || '$ref' in schema || 'allOf' in schema || 'oneOf' in schema || 'anyOf' in schema;
}

export async function generateTypes(outDir = defaultOutDir) {
  const files = await listSchemaFiles(schemasDir);
  const schemas = [];
  for (const file of files) {
    try {
      schemas.push({ file, schema: JSON.parse(await readFile(file, 'utf8')) });
    } catch (error) {
      throw new Error(`${relative(repoRoot, file)}: ${error.message}`);
    }
  }
  const valueSchemas = schemas.filter(({ schema }) => describesValue(schema));
  // One root whose properties point at every schema: the ref parser then sees each file once, so a type
  // shared across files (Address, PersonalId...) is declared once, and the root doubles as the id -> type map.
  for (const { file, schema } of valueSchemas) {
    if (!/^[A-Z][A-Za-z0-9]*$/.test(schema.title ?? ''))
      throw new Error(`${file}: title must be a PascalCase type name`);
  }
  const root = bundle(schemas, valueSchemas);
  let ts = await compile(root, 'GeneratedSchemaIndex', {
    bannerComment: BANNER,
    additionalProperties: false,
    declareExternallyReferenced: true,
    unreachableDefinitions: false,
    strictIndexSignatures: true,
    unknownAny: true,
    format: false,
    $refOptions: { resolve: { http: false, file: false, external: false } },
  });
  const events = valueSchemas
    .filter(({ schema }) => typeof schema['x-event-type'] === 'string')
    .map(({ schema }) => [schema['x-event-type'], schema.$id])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  ts += `\n/** Maps every schema $id to the type generated from it. */\nexport interface SchemaTypeMap {\n`;
  for (const { schema } of valueSchemas) ts += `  ${JSON.stringify(schema.$id)}: ${schema.title};\n`;
  ts += `}\n`;
  ts += `\n/** Maps every event type to the type of its data. */\nexport interface EventDataTypeMap {\n`;
  for (const [type, id] of events) ts += `  ${JSON.stringify(type)}: SchemaTypeMap[${JSON.stringify(id)}];\n`;
  ts += `}\n\n/** Maps every event type to the $id of its data schema. */\nexport const EVENT_DATA_SCHEMA_IDS = {\n`;
  for (const [type, id] of events) ts += `  ${JSON.stringify(type)}: ${JSON.stringify(id)},\n`;
  ts += `} as const;\n\n/** $id of every schema that describes a value. */\nexport const SCHEMA_IDS = [\n`;
  for (const { schema } of valueSchemas) ts += `  ${JSON.stringify(schema.$id)},\n`;
  ts += `] as const;\n`;
  ts = await formatTs(ts);
  await mkdir(outDir, { recursive: true });
  const target = join(outDir, 'contract-types.ts');
  await writeFile(target, ts);
  return [target];
}

/**
 * Bundles every schema document into one root with internal refs only. The ref parser that
 * json-schema-to-typescript uses mis-resolves refs when many files point into each other, and it
 * ignores $id; rewriting refs against each document's $id ourselves sidesteps both.
 */
function bundle(schemas, valueSchemas) {
  const keyOf = new Map(schemas.map(({ schema }) => [schema.$id, docKey(schema.$id)]));
  const rewrite = (node, baseId) => {
    if (Array.isArray(node)) return node.map((item) => rewrite(item, baseId));
    if (node === null || typeof node !== 'object') return node;
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      // x-* annotations do not shape types; leaving them on a $ref makes the generator mint PersonalId2, 3...
      if (key === '$id' || key === '$schema' || key.startsWith('x-')) continue;
      if (key === '$ref' && typeof value === 'string') {
        const target = new URL(value, baseId);
        const fragment = decodeURIComponent(target.hash.slice(1));
        target.hash = '';
        const targetKey = keyOf.get(target.href);
        if (targetKey === undefined) throw new Error(`${baseId}: $ref ${value} points outside schemas/`);
        out.$ref = `#/$defs/${targetKey}${fragment}`;
      } else {
        out[key] = rewrite(value, baseId);
      }
    }
    return out;
  };
  return {
    title: 'GeneratedSchemaIndex',
    description: 'Generation artefact; use SchemaTypeMap.',
    type: 'object',
    properties: Object.fromEntries(
      valueSchemas.map(({ schema }) => [schema.title, { $ref: `#/$defs/${keyOf.get(schema.$id)}` }]),
    ),
    required: valueSchemas.map(({ schema }) => schema.title),
    additionalProperties: false,
    $defs: Object.fromEntries(
      schemas.map(({ schema }) => [keyOf.get(schema.$id), hoistRootRef(rewrite(schema, schema.$id))]),
    ),
  };
}

// The ref parser follows a $ref met while walking a pointer, so a pointer into a document whose root is
// itself a $ref (the record schemas: root -> #/$defs/fields) loops forever; allOf means the same here.
function hoistRootRef(doc) {
  if (typeof doc.$ref !== 'string') return doc;
  const { $ref, ...rest } = doc;
  return { ...rest, allOf: [{ $ref }, ...(rest.allOf ?? [])] };
}

function docKey(id) {
  return new URL(id).pathname
    .replace(/\.schema\.json$/, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_/, '');
}

async function formatTs(source) {
  try {
    const prettier = await import('prettier');
    const config = (await prettier.resolveConfig(join(repoRoot, 'package.json'))) ?? {};
    return await prettier.format(source, { ...config, parser: 'typescript' });
  } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND') return source;
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outDir = process.argv[2] ? resolve(process.argv[2]) : defaultOutDir;
  const written = await generateTypes(outDir);
  for (const file of written) console.log(`contracts:generate wrote ${relative(process.cwd(), file)}`);
}
