import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AUDIT_ERROR_CODES } from './audit-error-codes.js';

describe('error codes', () => {
  it('are all documented in README.md', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const code of Object.values(AUDIT_ERROR_CODES))
      assert.ok(readme.includes(`\`${code}\``), `${code} missing`);
  });
});
