import { CONTRACT_ERROR_CODES } from './error-codes.js';
import type { FieldError } from './types.js';

/** A value broke its contract; carries every field error so callers can answer with RFC 9457. */
export class ContractViolation extends Error {
  readonly code = CONTRACT_ERROR_CODES.violation;

  constructor(
    readonly schemaId: string,
    readonly errors: readonly FieldError[],
  ) {
    const first = errors[0];
    const summary = first ? `${first.path || '(root)'} ${first.message}` : 'invalid';
    const more = errors.length > 1 ? ` (+${errors.length - 1} more)` : '';
    super(`Value does not match ${schemaId}: ${summary}${more}`);
    this.name = 'ContractViolation';
  }
}

/** No schema with that $id was loaded. */
export class UnknownSchemaError extends Error {
  readonly code = CONTRACT_ERROR_CODES.unknownSchema;

  constructor(readonly schemaId: string) {
    super(`No schema with $id ${schemaId}`);
    this.name = 'UnknownSchemaError';
  }
}

/** No event data schema declares that event type in `x-event-type`. */
export class UnknownEventTypeError extends Error {
  readonly code = CONTRACT_ERROR_CODES.unknownEventType;

  constructor(readonly eventType: string) {
    super(`No data schema for event type ${eventType}`);
    this.name = 'UnknownEventTypeError';
  }
}

/** A schema file is unreadable, lacks an absolute $id, or does not compile in strict mode. */
export class InvalidSchemaError extends Error {
  readonly code = CONTRACT_ERROR_CODES.invalidSchema;

  constructor(
    readonly source: string,
    reason: string,
  ) {
    super(`Invalid schema ${source}: ${reason}`);
    this.name = 'InvalidSchemaError';
  }
}
