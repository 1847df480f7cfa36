import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getContracts } from '@ndg/contracts';
import { CloudEventHeader, toKafkaRecord, type CloudEvent } from '@ndg/events';
import { generateCitizens } from '@ndg/synthetic';
import { checkRegistryEvent, type CheckedEvent } from './feed-event-check.js';

const TOPIC = 'registry.population.citizen';
const citizen = [...generateCitizens(4242, 20)].find((c) => c.status === 'alive');
assert.ok(citizen);

function event(overrides: Partial<CloudEvent> = {}): CloudEvent {
  const type = 'population.citizen.registered';
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/registries/population',
    type,
    subject: citizen!.personalId,
    time: new Date().toISOString(),
    dataschema: getContracts().eventDataSchemaId(type),
    sequence: 1,
    datacontenttype: 'application/json',
    data: { ...citizen, version: 1, changedFields: ['fullName', 'personalId'] },
    ...overrides,
  };
}

function check(e: CloudEvent, topic = TOPIC, mutate?: (h: Record<string, string>) => void): CheckedEvent {
  const record = toKafkaRecord(e);
  const headers = { ...record.headers } as Record<string, string>;
  mutate?.(headers);
  return checkRegistryEvent(topic, { key: record.key, value: record.value, headers });
}

function refused(result: CheckedEvent): { code: string; reason: string; contract?: string } {
  assert.ok(!result.ok, 'expected a refusal');
  return result;
}

describe('checkRegistryEvent', () => {
  it('accepts a valid event and names its dataset', () => {
    const result = check(event());
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.dataset, 'population.citizen');
    assert.equal(result.event.sequence, 1);
  });

  it('envelope: missing or malformed ce_* headers', () => {
    const missing = refused(check(event(), TOPIC, (h) => delete h[CloudEventHeader.id]));
    assert.equal(missing.code, 'envelope');
    assert.match(missing.reason, /^envelope: .*ce_id missing/);
    const badSequence = refused(check(event(), TOPIC, (h) => (h[CloudEventHeader.sequence] = '0')));
    assert.equal(badSequence.code, 'envelope');
    const spec = refused(check(event(), TOPIC, (h) => (h[CloudEventHeader.specversion] = '0.3')));
    assert.equal(spec.code, 'envelope');
  });

  it('envelope: wrong dataschema, and a subject that is not the record id', () => {
    const schema = refused(check(event({ dataschema: 'https://schemas.ndg.gov.vn/population/x.v9.schema.json' })));
    assert.equal(schema.code, 'envelope');
    assert.match(schema.reason, /ce_dataschema/);
    assert.equal(schema.contract, getContracts().eventDataSchemaId('population.citizen.registered'));
    const subject = refused(check(event({ subject: '000000000000' })));
    assert.equal(subject.code, 'envelope');
    assert.match(subject.reason, /ce_subject is not the record's personalId/);
  });

  it('unknown type: not of a dataset, or no contract', () => {
    assert.equal(refused(check(event({ type: 'population.citizen' }))).code, 'unknown-type');
    assert.equal(refused(check(event({ type: 'weather.report.issued' }))).code, 'unknown-type');
    const noContract = refused(check(event({ type: 'population.citizen.teleported' })));
    assert.equal(noContract.code, 'unknown-type');
    assert.match(noContract.reason, /no contract for ce_type population\.citizen\.teleported/);
  });

  it('wrong topic: a valid event on another dataset\'s topic', () => {
    assert.equal(refused(check(event(), 'registry.business.enterprise')).code, 'wrong-topic');
  });

  it('contract: data breaking its schema, reasons name paths and never values', () => {
    const secret = 'Secret Value 123';
    const result = refused(
      check(event({ data: { ...citizen, version: 1, changedFields: ['fullName'], extraField: secret } })),
    );
    assert.equal(result.code, 'contract');
    assert.ok(!result.reason.includes(secret), result.reason);
    const missing = refused(check(event({ data: { personalId: citizen!.personalId, version: 1 } })));
    assert.equal(missing.code, 'contract');
    assert.match(missing.reason, /^contract: /);
  });
});
