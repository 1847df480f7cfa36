import type { Dataset } from '@ndg/contracts';
import { getContracts } from '@ndg/contracts';
import { fromKafkaRecord, registryTopic, type CloudEvent } from '@ndg/events';
import { DATASETS, isDataset } from '../lookups/datasets.js';

/** Why an event was refused; the first part is a stable code (metric label), the rest says where. */
export type QuarantineCode = 'envelope' | 'unknown-type' | 'wrong-topic' | 'contract';

export type CheckedEvent =
  | { readonly ok: true; readonly event: CloudEvent<Record<string, unknown>>; readonly dataset: Dataset }
  | {
      readonly ok: false;
      readonly code: QuarantineCode;
      readonly reason: string;
      readonly contract?: string;
    };

/** The raw record as kafkajs hands it over. */
export type RawRecord = Parameters<typeof fromKafkaRecord>[0];

function refuse(code: QuarantineCode, reason: string, contract?: string): CheckedEvent {
  // Reasons name fields and rules, never values: the value may be personal data.
  return { ok: false, code, reason: `${code}: ${reason}`.slice(0, 1000), ...(contract ? { contract } : {}) };
}

/**
 * Envelope, then type, then topic, then data: every check of an incoming registry event. Pure and
 * synchronous over the process-wide contracts, so a replay after a schema deploy re-runs exactly this.
 */
export function checkRegistryEvent(topic: string, record: RawRecord): CheckedEvent {
  const parsed = fromKafkaRecord(record);
  if (!parsed.ok) return refuse('envelope', parsed.problems.map((p) => `${p.field} ${p.message}`).join('; '));
  const event = parsed.event;
  const [domain, entity, change, ...rest] = event.type.split('.');
  const dataset = `${domain}.${entity}`;
  if (!domain || !entity || !change || rest.length > 0 || !isDataset(dataset))
    return refuse('unknown-type', `ce_type names no dataset of this platform`);
  const contracts = getContracts();
  let schemaId: string;
  try {
    schemaId = contracts.eventDataSchemaId(event.type);
  } catch {
    return refuse('unknown-type', `no contract for ce_type ${event.type}`);
  }
  if (topic !== registryTopic(domain, entity))
    return refuse('wrong-topic', `${event.type} does not belong on ${topic}`);
  if (event.dataschema !== schemaId)
    return refuse('envelope', `ce_dataschema is not the contract of ${event.type} (${schemaId})`, schemaId);
  const result = contracts.validatorFor(schemaId).validate(event.data);
  if (!result.ok)
    return refuse(
      'contract',
      result.errors
        .slice(0, 10)
        .map((e) => `${e.path || '/'} ${e.message}`)
        .join('; '),
      schemaId,
    );
  const data = event.data as Record<string, unknown>;
  const idField = DATASETS[dataset].idField;
  if (data[idField] !== event.subject)
    return refuse('envelope', `ce_subject is not the record's ${idField}`, schemaId);
  return { ok: true, event: { ...event, data }, dataset };
}
