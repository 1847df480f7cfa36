import type { Ajv2020 } from 'ajv/dist/2020.js';
import { CLASSIFICATIONS } from './types.js';

/**
 * Registers the project's schema keywords so strict mode accepts them:
 * x-classification and x-event-type are annotations; x-nfc validates.
 */
export function registerContractKeywords(ajv: Ajv2020): void {
  ajv.addKeyword({
    keyword: 'x-classification',
    schemaType: 'string',
    metaSchema: { enum: [...CLASSIFICATIONS] },
  });
  ajv.addKeyword({
    keyword: 'x-event-type',
    schemaType: 'string',
    metaSchema: { type: 'string', pattern: '^[a-z]+\\.[a-z]+(-[a-z]+)*\\.[a-z]+(-[a-z]+)*$' },
  });
  ajv.addKeyword({
    keyword: 'x-nfc',
    type: 'string',
    schemaType: 'boolean',
    // Vietnamese text arrives both precomposed and decomposed; comparing and indexing only work on one form.
    validate: (required: boolean, data: string) => !required || isNfc(data),
    errors: false,
  });
}

const ASCII = /^[\x00-\x7f]*$/;

/** True when the text is already in Unicode Normalization Form C. */
export function isNfc(text: string): boolean {
  // ASCII is always NFC; skipping normalize() keeps the common case cheap.
  return ASCII.test(text) || text.normalize('NFC') === text;
}
