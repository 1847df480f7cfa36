import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { serviceDatabaseUrl, withDatabase, databaseNameOf } from './database-url.js';

describe('serviceDatabaseUrl', () => {
  it('puts the service database on the configured server, keeping credentials', () => {
    const url = serviceDatabaseUrl('ndg_population', { DATABASE_URL: 'postgres://u:p@db:6543/postgres?sslmode=require' });
    assert.equal(url, 'postgres://u:p@db:6543/ndg_population?sslmode=require');
  });

  it('prefers an explicit per-service URL', () => {
    const url = serviceDatabaseUrl('ndg_population', {
      DATABASE_URL: 'postgres://a@x/postgres',
      NDG_POPULATION_DATABASE_URL: 'postgres://b@y/pop',
    });
    assert.equal(url, 'postgres://b@y/pop');
  });

  it('refuses names that would need quoting in DDL', () => {
    assert.throws(() => withDatabase('postgres://a@x/postgres', 'bad"; drop'), /invalid database name/);
  });

  it('reads the database name back', () => {
    assert.equal(databaseNameOf('postgres://a@x:1/some_db'), 'some_db');
    assert.equal(databaseNameOf('postgres://a@x:1'), 'postgres');
  });
});
