import { CloudEventHeader, TRACEPARENT_HEADER } from './cloudevent-headers.js';

/** The envelope attributes this platform uses; `data` is the full new record plus `changedFields`. */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  dataschema: string;
  /** The record's version: 1, 2, 3 … per subject. */
  sequence: number;
  traceparent?: string;
  datacontenttype: 'application/json';
  data: T;
}

export interface KafkaRecord {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** Binary mode: attributes go to `ce_*` headers, the value is the data as JSON. */
export function toKafkaRecord(event: CloudEvent): KafkaRecord {
  const headers: Record<string, string> = {
    [CloudEventHeader.specversion]: event.specversion,
    [CloudEventHeader.id]: event.id,
    [CloudEventHeader.source]: event.source,
    [CloudEventHeader.type]: event.type,
    [CloudEventHeader.subject]: event.subject,
    [CloudEventHeader.time]: event.time,
    [CloudEventHeader.dataschema]: event.dataschema,
    [CloudEventHeader.sequence]: String(event.sequence),
    [CloudEventHeader.contentType]: event.datacontenttype,
  };
  if (event.traceparent) {
    headers[CloudEventHeader.traceparent] = event.traceparent;
    headers[TRACEPARENT_HEADER] = event.traceparent;
  }
  return { key: event.subject, value: Buffer.from(JSON.stringify(event.data)), headers };
}

export type EnvelopeProblem = { field: string; message: string };

export type ParsedCloudEvent =
  | { ok: true; event: CloudEvent }
  | { ok: false; problems: EnvelopeProblem[] };

type RawHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

function header(headers: RawHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return first === undefined ? undefined : first.toString();
}

const REQUIRED = ['specversion', 'id', 'source', 'type', 'subject', 'time', 'dataschema', 'sequence'] as const;

/** Reads a binary-mode CloudEvent back; every broken attribute is named, nothing throws. */
export function fromKafkaRecord(message: { key?: Buffer | string | null; value: Buffer | string | null; headers?: RawHeaders }): ParsedCloudEvent {
  const problems: EnvelopeProblem[] = [];
  const attrs: Partial<Record<(typeof REQUIRED)[number], string>> = {};
  for (const name of REQUIRED) {
    const value = header(message.headers, CloudEventHeader[name]);
    if (value === undefined || value === '') problems.push({ field: CloudEventHeader[name], message: 'missing' });
    else attrs[name] = value;
  }
  if (attrs.specversion !== undefined && attrs.specversion !== '1.0') {
    problems.push({ field: CloudEventHeader.specversion, message: `unsupported "${attrs.specversion}"` });
  }
  const sequence = Number(attrs.sequence);
  if (attrs.sequence !== undefined && (!Number.isSafeInteger(sequence) || sequence < 1)) {
    problems.push({ field: CloudEventHeader.sequence, message: 'must be a positive integer' });
  }
  if (attrs.time !== undefined && Number.isNaN(Date.parse(attrs.time))) {
    problems.push({ field: CloudEventHeader.time, message: 'not an RFC 3339 timestamp' });
  }
  const contentType = header(message.headers, CloudEventHeader.contentType);
  if (contentType !== undefined && !contentType.startsWith('application/json')) {
    problems.push({ field: CloudEventHeader.contentType, message: `unsupported "${contentType}"` });
  }
  let data: unknown;
  if (message.value === null || message.value === undefined) {
    problems.push({ field: 'data', message: 'missing' });
  } else {
    try {
      data = JSON.parse(message.value.toString());
    } catch {
      problems.push({ field: 'data', message: 'not valid JSON' });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const traceparent = header(message.headers, CloudEventHeader.traceparent) ?? header(message.headers, TRACEPARENT_HEADER);
  return {
    ok: true,
    event: {
      specversion: '1.0',
      id: attrs.id!,
      source: attrs.source!,
      type: attrs.type!,
      subject: attrs.subject!,
      time: attrs.time!,
      dataschema: attrs.dataschema!,
      sequence,
      ...(traceparent ? { traceparent } : {}),
      datacontenttype: 'application/json',
      data,
    },
  };
}
