export { parseBrokerList, InvalidBrokerListError } from './kafka-config.js';
export { registryTopic, feedTopic, QUARANTINE_TOPIC } from './topics.js';
export { probeKafka } from './kafka-health.js';
export type { KafkaProbe } from './kafka-health.js';
