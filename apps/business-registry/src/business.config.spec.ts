import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadBusinessConfig } from './business.config.js';

describe('loadBusinessConfig', () => {
  const base = { DATABASE_URL: 'postgres://u@db:5432/postgres' };

  it('defaults to port 3002, the ndg_business database, and the reaction on', () => {
    const c = loadBusinessConfig(base);
    assert.equal(c.service, 'business-registry');
    assert.equal(c.port, 3002);
    assert.equal(c.databaseUrl, 'postgres://u@db:5432/ndg_business');
    assert.equal(c.representativeDeceasedReaction, true);
  });

  it('switches the reaction off, and stops on a wrong value', () => {
    assert.equal(loadBusinessConfig({ ...base, REPRESENTATIVE_DECEASED_REACTION: 'off' }).representativeDeceasedReaction, false);
    assert.throws(() => loadBusinessConfig({ ...base, REPRESENTATIVE_DECEASED_REACTION: 'maybe' }), /REPRESENTATIVE_DECEASED_REACTION must be true or false/);
  });
});
