import type { ErrorObject } from 'ajv/dist/2020.js';
import type { FieldError } from './types.js';

/** Keywords whose errors only say "a subschema failed"; the subschema's own errors are reported too. */
const SUMMARY_KEYWORDS = new Set(['if', 'allOf', '$ref']);

function escapePointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

function childPath(parent: string, property: unknown): string {
  return `${parent}/${escapePointerToken(String(property))}`;
}

/**
 * Says whether an `unevaluatedProperties` error is an echo: per JSON Schema, a failing subschema
 * contributes no annotations, so a declared property next to a failing one is reported as unevaluated.
 * Such properties already have their own error; only truly unknown properties are kept.
 */
export type DeclaredPropertyCheck = (parentSchema: unknown, property: string) => boolean;

/**
 * Turns ajv errors (collected with `verbose: true`) into field errors whose path names the field itself
 * (missing, unknown, or invalid).
 */
export function toFieldErrors(
  errors: readonly ErrorObject[] | null | undefined,
  isDeclared: DeclaredPropertyCheck = () => false,
): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    if (SUMMARY_KEYWORDS.has(error.keyword)) continue;
    const params = error.params as Record<string, unknown>;
    let path = error.instancePath;
    let message = error.message ?? 'is invalid';
    switch (error.keyword) {
      case 'required':
        path = childPath(path, params['missingProperty']);
        message = 'is required';
        break;
      case 'dependentRequired':
      case 'dependencies':
        path = childPath(path, params['missingProperty']);
        message = `is required when ${String(params['property'])} is present`;
        break;
      case 'additionalProperties':
        path = childPath(path, params['additionalProperty']);
        message = 'is not allowed (unknown property)';
        break;
      case 'unevaluatedProperties':
        if (isDeclared(error.parentSchema, String(params['unevaluatedProperty']))) continue;
        path = childPath(path, params['unevaluatedProperty']);
        message = 'is not allowed (unknown property)';
        break;
      case 'false schema':
        message = 'is not allowed here';
        break;
      case 'x-nfc':
        message = 'must be NFC-normalised Unicode text';
        break;
      case 'enum':
        message = `must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'const':
        message = `must be ${JSON.stringify(params['allowedValue'])}`;
        break;
      default:
        break;
    }
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
  }
  return out;
}
