export { parseBrokerList, InvalidBrokerListError } from './kafka-config.js';
export { registryTopic, feedTopic, QUARANTINE_TOPIC } from './topics.js';
export { probeKafka } from './kafka-health.js';
export type { KafkaProbe } from './kafka-health.js';
export { CloudEventHeader, TRACEPARENT_HEADER } from './cloudevent-headers.js';
export { toKafkaRecord, fromKafkaRecord } from './cloudevent.js';
export type { CloudEvent, KafkaRecord, ParsedCloudEvent, EnvelopeProblem } from './cloudevent.js';
