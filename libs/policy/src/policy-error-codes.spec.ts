import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DENIAL_REASONS, POLICY_ERROR_CODES } from './policy-error-codes.js';

describe('error codes', () => {
  it('are all documented in README.md', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const code of [...Object.values(DENIAL_REASONS), ...Object.values(POLICY_ERROR_CODES)]) {
      assert.ok(readme.includes(`\`${code}\``), `${code} missing from README.md`);
    }
  });
});
