import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromKafkaRecord, toKafkaRecord, type CloudEvent } from './cloudevent.js';

const event: CloudEvent = {
  specversion: '1.0',
  id: '01938c6e-0a4f-7cc1-9f5e-3b2d1c0a9e8f',
  source: '/registries/population',
  type: 'population.citizen.deceased',
  subject: '001203004567',
  time: '2026-11-23T10:00:00.000Z',
  dataschema: 'https://schemas.ndg.gov.vn/population/citizen-deceased.v1.schema.json',
  sequence: 3,
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  datacontenttype: 'application/json',
  data: { personalId: '001203004567', fullName: 'Trần Văn Bình', changedFields: ['status'] },
};

describe('CloudEvents binary mode', () => {
  it('round-trips through a Kafka record, keyed by subject', () => {
    const record = toKafkaRecord(event);
    assert.equal(record.key, event.subject);
    assert.equal(record.headers['ce_type'], 'population.citizen.deceased');
    assert.equal(record.headers['traceparent'], event.traceparent);
    const back = fromKafkaRecord({ key: record.key, value: record.value, headers: record.headers });
    assert.deepEqual(back, { ok: true, event });
  });

  it('names every broken attribute instead of throwing', () => {
    const record = toKafkaRecord(event);
    const headers: Record<string, string> = { ...record.headers, ce_sequence: 'zero', ce_time: 'yesterday' };
    delete headers['ce_id'];
    const back = fromKafkaRecord({ value: Buffer.from('{not json'), headers });
    assert.equal(back.ok, false);
    assert.deepEqual(
      !back.ok && back.problems.map((p) => p.field).sort(),
      ['ce_id', 'ce_sequence', 'ce_time', 'data'].sort(),
    );
  });
});
