import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findWorkspaceRoot } from '@ndg/database';
import { allGatewayErrorCodes, GATEWAY_ERRORS } from './gateway-errors.js';

describe('gateway error registry', () => {
  it('documents every code in README.md with its status', () => {
    const readme = readFileSync(join(findWorkspaceRoot() ?? process.cwd(), 'apps/gateway/README.md'), 'utf8');
    for (const code of allGatewayErrorCodes())
      assert.match(readme, new RegExp(`\\| +\`${code.replace('.', '\\.')}\` +\\|`), code);
    for (const { code, status } of Object.values(GATEWAY_ERRORS))
      assert.match(readme, new RegExp(`\`${code.replace('.', '\\.')}\` +\\| +${status} +\\|`), code);
  });

  it('keeps codes unique', () => {
    const codes = allGatewayErrorCodes();
    assert.equal(new Set(codes).size, codes.length);
  });
});
