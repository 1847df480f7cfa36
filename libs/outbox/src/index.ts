export { CreateOutbox1763900000000, OUTBOX_CHANNEL } from './outbox.migration.js';
export { appendToOutbox } from './outbox-event.js';
export type { OutboxEvent, TransactionalQuery } from './outbox-event.js';
export { OutboxRelay, toTopicMessages } from './outbox-relay.js';
export type { OutboxRelayOptions, PublishedBatch, OutboxBacklog, OutboxRow } from './outbox-relay.js';
