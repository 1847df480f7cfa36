export {
  testInfrastructure,
  testKafkaBrokers,
  uniqueSuffix,
  TestInfrastructure,
  InfrastructureMissingError,
} from './test-infrastructure.js';
export type { TestDatabase } from './test-infrastructure.js';
export { waitFor } from './wait-for.js';
export { OutageBroker } from './outage-broker.js';
export { collectCloudEvents } from './cloud-event-collector.js';
export type { CloudEventCollector } from './cloud-event-collector.js';
export { checkPrometheusExposition, scrapeMetrics, metricsDelta } from './prometheus-exposition.js';
export type { MetricsSnapshot } from './prometheus-exposition.js';
export { spawnService, freePort } from './service-process.js';
export type { ServiceProcess, SpawnServiceOptions } from './service-process.js';
export { assertProblem } from './problem-assertions.js';
export type { ExpectedProblem } from './problem-assertions.js';
export { ensureTopic } from './ensure-topic.js';
