import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getContracts } from '@ndg/contracts';
import { Population, generateCitizens, generateEnterprises, generateParticipants } from '@ndg/synthetic';
import { SNAPSHOT_EVENT_TYPES, snapshotEvent, snapshotEventId } from './feed-backfill.js';

describe('backfill snapshot events', () => {
  it('have a stable UUID per (dataset, subject, version)', () => {
    const a = snapshotEventId('population.citizen', '001234567890', 3);
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(snapshotEventId('population.citizen', '001234567890', 3), a);
    assert.notEqual(snapshotEventId('population.citizen', '001234567890', 4), a);
    assert.notEqual(snapshotEventId('population.citizen', '001234567891', 3), a);
  });

  it('carry the full record plus changedFields, contract-valid, with sequence = version', () => {
    const citizen = { ...[...generateCitizens(7, 5)][0]!, version: 4 };
    const built = snapshotEvent('population.citizen', citizen, new Date('2026-01-02T03:04:05Z'));
    assert.ok(built.ok, JSON.stringify(built));
    const e = built.event;
    assert.equal(e.type, 'population.citizen.registered');
    assert.equal(e.subject, citizen.personalId);
    assert.equal(e.sequence, 4);
    assert.equal(e.source, '/registries/population');
    assert.equal(e.time, '2026-01-02T03:04:05.000Z');
    assert.equal(e.dataschema, getContracts().eventDataSchemaId('population.citizen.registered'));
    assert.equal(e.data['fullName'], citizen.fullName);
    assert.ok((e.data['changedFields'] as string[]).includes('fullName'));
    assert.ok(!(e.data['changedFields'] as string[]).includes('version'));
    assert.ok(getContracts().validatorForEvent(e.type).validate(e.data).ok);
  });

  it('exist for every dataset', () => {
    const population = Population.from(generateCitizens(1, 200));
    const enterprises = [...generateEnterprises(1, 3, population)];
    const records = {
      'population.citizen': [...generateCitizens(1, 3)][0],
      'business.enterprise': enterprises[0],
      'insurance.participant': [...generateParticipants(1, 3, population, enterprises)][0],
    } as const;
    for (const [dataset, record] of Object.entries(records) as [keyof typeof SNAPSHOT_EVENT_TYPES, unknown][]) {
      const built = snapshotEvent(dataset, { ...(record as object), version: 1 });
      assert.ok(built.ok, `${dataset}: ${JSON.stringify(built)}`);
      assert.equal(built.event.type, SNAPSHOT_EVENT_TYPES[dataset]);
    }
  });

  it('refuse records that break their contract, without values in the reason', () => {
    const citizen = [...generateCitizens(7, 5)][0]!;
    assert.ok(!snapshotEvent('population.citizen', null).ok);
    assert.ok(!snapshotEvent('population.citizen', { ...citizen, version: 0 }).ok);
    assert.ok(!snapshotEvent('population.citizen', { ...citizen, personalId: '12', version: 1 }).ok);
    const extra = snapshotEvent('population.citizen', { ...citizen, version: 1, secretNote: 'Leaky Value' });
    assert.ok(!extra.ok);
    assert.ok(!extra.reason.includes('Leaky Value'));
  });
});
