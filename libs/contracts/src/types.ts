/** Classification names a record field can carry in `x-classification`; policies grant fields by them. */
export const CLASSIFICATIONS = ['identity', 'contact', 'address', 'family', 'status', 'sensitive'] as const;

/** One of {@link CLASSIFICATIONS}. */
export type Classification = (typeof CLASSIFICATIONS)[number];

/** A JSON Schema document or subschema, as parsed JSON. */
export type JsonSchema = { readonly [keyword: string]: unknown } | boolean;

/** A schema document with its absolute `$id`. */
export interface SchemaDocument {
  readonly $id: string;
  readonly [keyword: string]: unknown;
}

/** One reason a value breaks its contract; `path` is a JSON pointer naming the offending field. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** Outcome of validating a value against a contract. */
export type ValidationResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly FieldError[] };

/** A compiled, cached validator for one schema. */
export interface Validator<T> {
  readonly schemaId: string;
  /** Validates without throwing. */
  validate(value: unknown): ValidationResult<T>;
  /** Returns the value typed, or throws {@link ContractViolation}. */
  assert(value: unknown): T;
  /** Type guard; use validate() when the caller needs the reasons. */
  is(value: unknown): value is T;
}
