import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { registerContractKeywords } from './ajv-keywords.js';
import { toFieldErrors } from './ajv-errors.js';
import type { DeclaredPropertyCheck } from './ajv-errors.js';
import { computeClassification, declaredProperties } from './classification.js';
import {
  ContractViolation,
  InvalidSchemaError,
  UnknownEventTypeError,
  UnknownSchemaError,
} from './contract-errors.js';
import type { EventDataTypeMap, SchemaTypeMap } from './generated/contract-types.js';
import { readSchemaDirectory } from './schema-files.js';
import { SchemaResolver } from './schema-resolver.js';
import type { Classification, SchemaDocument, ValidationResult, Validator } from './types.js';

/** Event types that have a data schema in this build. */
export type EventType = keyof EventDataTypeMap;
/** $ids of the schemas that have a generated type. */
export type SchemaId = keyof SchemaTypeMap;

function createValidator<T>(
  schemaId: string,
  fn: ValidateFunction,
  isDeclared: DeclaredPropertyCheck,
): Validator<T> {
  const validate = (value: unknown): ValidationResult<T> =>
    fn(value) ? { ok: true, value: value as T } : { ok: false, errors: toFieldErrors(fn.errors, isDeclared) };
  return {
    schemaId,
    validate,
    assert(value: unknown): T {
      const result = validate(value);
      if (!result.ok) throw new ContractViolation(schemaId, result.errors);
      return result.value;
    },
    is: (value: unknown): value is T => fn(value),
  };
}

/**
 * Every schema, compiled once with ajv (JSON Schema 2020-12, strict mode, formats) at construction,
 * so a broken schema stops the process at start-up rather than on the first request.
 */
export class ContractRegistry {
  private readonly ajv: Ajv2020;
  private readonly resolver: SchemaResolver;
  private readonly validators = new Map<string, Validator<unknown>>();
  private readonly eventSchemaIds = new Map<string, string>();
  private readonly classifications = new Map<string, ReadonlyMap<string, Classification>>();
  /** Declared property names of every subschema that says `unevaluatedProperties: false`. */
  private readonly closedSchemas = new WeakMap<object, ReadonlySet<string>>();
  private readonly isDeclared: DeclaredPropertyCheck = (parentSchema, property) =>
    typeof parentSchema === 'object' && parentSchema !== null
      ? (this.closedSchemas.get(parentSchema)?.has(property) ?? false)
      : false;

  constructor(documents: readonly SchemaDocument[]) {
    // verbose: errors carry parentSchema, needed to tell unknown properties from echoes (see ajv-errors.ts).
    this.ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true, verbose: true });
    ajvFormats.default(this.ajv);
    registerContractKeywords(this.ajv);
    this.resolver = new SchemaResolver(documents);
    for (const doc of documents) {
      try {
        this.ajv.addSchema(doc);
      } catch (error) {
        throw new InvalidSchemaError(doc.$id, (error as Error).message);
      }
      const eventType = doc['x-event-type'];
      if (typeof eventType === 'string') {
        if (this.eventSchemaIds.has(eventType)) {
          throw new InvalidSchemaError(doc.$id, `event type ${eventType} already declared`);
        }
        this.eventSchemaIds.set(eventType, doc.$id);
      }
    }
    for (const doc of documents) this.indexClosedSchemas(doc, doc.$id);
    for (const doc of documents) {
      let fn: ValidateFunction | undefined;
      try {
        fn = this.ajv.getSchema(doc.$id);
      } catch (error) {
        throw new InvalidSchemaError(doc.$id, (error as Error).message);
      }
      if (fn === undefined) throw new InvalidSchemaError(doc.$id, 'did not compile');
      this.validators.set(doc.$id, createValidator(doc.$id, fn, this.isDeclared));
    }
  }

  private indexClosedSchemas(node: unknown, baseId: string): void {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) this.indexClosedSchemas(item, baseId);
      return;
    }
    const record = node as Record<string, unknown>;
    if (record['unevaluatedProperties'] === false) {
      this.closedSchemas.set(record, declaredProperties(this.resolver, record, baseId));
    }
    for (const [key, value] of Object.entries(record)) {
      if (key !== 'enum' && key !== 'const') this.indexClosedSchemas(value, baseId);
    }
  }

  /** Loads and compiles every schema under a folder (default: the repository's schemas/). */
  static fromDirectory(dir?: string | URL): ContractRegistry {
    return new ContractRegistry(readSchemaDirectory(dir));
  }

  /** Every loaded $id, sorted. */
  schemaIds(): string[] {
    return [...this.validators.keys()].sort();
  }

  /** Every event type that has a data schema, sorted. */
  eventTypes(): string[] {
    return [...this.eventSchemaIds.keys()].sort();
  }

  /** The parsed schema document. */
  schema(schemaId: string): SchemaDocument {
    const doc = this.resolver.document(schemaId);
    if (doc === undefined) throw new UnknownSchemaError(schemaId);
    return doc;
  }

  /** The $id of an event type's data schema (the CloudEvents `dataschema`). */
  eventDataSchemaId(eventType: string): string {
    const id = this.eventSchemaIds.get(eventType);
    if (id === undefined) throw new UnknownEventTypeError(eventType);
    return id;
  }

  /** The cached validator for a schema. */
  validatorFor<K extends SchemaId>(schemaId: K): Validator<SchemaTypeMap[K]>;
  validatorFor<T = unknown>(schemaId: string): Validator<T>;
  validatorFor(schemaId: string): Validator<unknown> {
    const validator = this.validators.get(schemaId);
    if (validator === undefined) throw new UnknownSchemaError(schemaId);
    return validator;
  }

  /** The cached validator for an event type's data. */
  validatorForEvent<K extends EventType>(eventType: K): Validator<EventDataTypeMap[K]>;
  validatorForEvent<T = unknown>(eventType: string): Validator<T>;
  validatorForEvent(eventType: string): Validator<unknown> {
    return this.validatorFor(this.eventDataSchemaId(eventType));
  }

  /** Validates a value against a schema without throwing. */
  validate<K extends SchemaId>(schemaId: K, value: unknown): ValidationResult<SchemaTypeMap[K]>;
  validate<T = unknown>(schemaId: string, value: unknown): ValidationResult<T>;
  validate(schemaId: string, value: unknown): ValidationResult<unknown> {
    return this.validatorFor(schemaId).validate(value);
  }

  /** Field path (dotted) -> classification for a record or event data schema. */
  classificationOf(schemaId: string): ReadonlyMap<string, Classification> {
    let map = this.classifications.get(schemaId);
    if (map === undefined) {
      this.schema(schemaId);
      map = computeClassification(this.resolver, schemaId);
      this.classifications.set(schemaId, map);
    }
    return map;
  }
}

let defaultRegistry: ContractRegistry | undefined;

/**
 * The process-wide registry, loaded on first use from `NDG_SCHEMAS_DIR` when set (schemas deployed
 * apart from the code, e.g. a fixed schema rolled out with a restart), else the repository's schemas/.
 */
export function getContracts(): ContractRegistry {
  defaultRegistry ??= ContractRegistry.fromDirectory(process.env['NDG_SCHEMAS_DIR'] || undefined);
  return defaultRegistry;
}

/** Validates a value against a schema of the process-wide registry, without throwing. */
export function validate<K extends SchemaId>(schemaId: K, value: unknown): ValidationResult<SchemaTypeMap[K]>;
export function validate<T = unknown>(schemaId: string, value: unknown): ValidationResult<T>;
export function validate(schemaId: string, value: unknown): ValidationResult<unknown> {
  return getContracts().validate(schemaId, value);
}
