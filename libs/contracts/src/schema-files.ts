import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidSchemaError } from './contract-errors.js';
import type { SchemaDocument } from './types.js';

/** Base of every schema $id; the rest of the $id is the file's path under schemas/. */
export const SCHEMA_ID_BASE = 'https://schemas.ndg.gov.vn/';

/** The repository's schemas/ folder (this file runs from libs/contracts/dist/src/). */
export const DEFAULT_SCHEMAS_DIR = fileURLToPath(new URL('../../../../schemas/', import.meta.url));

function listSchemaFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSchemaFiles(full));
    else if (entry.name.endsWith('.schema.json')) out.push(full);
  }
  return out.sort();
}

/**
 * Reads every `*.schema.json` under a folder, sorted by path. Refuses a file whose `$id` is not
 * SCHEMA_ID_BASE + its relative path, because relative `$ref`s resolve against the `$id`.
 */
export function readSchemaDirectory(dir: string | URL = DEFAULT_SCHEMAS_DIR): SchemaDocument[] {
  const root = typeof dir === 'string' ? dir : fileURLToPath(dir);
  return listSchemaFiles(root).map((file) => {
    const rel = relative(root, file).split(sep).join('/');
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new InvalidSchemaError(rel, `not JSON (${(error as Error).message})`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new InvalidSchemaError(rel, 'not a JSON object');
    }
    const id = (parsed as Record<string, unknown>)['$id'];
    const expected = SCHEMA_ID_BASE + rel;
    if (id !== expected) throw new InvalidSchemaError(rel, `$id must be ${expected}, found ${String(id)}`);
    return parsed as SchemaDocument;
  });
}
