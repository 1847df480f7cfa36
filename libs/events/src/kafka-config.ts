const BROKER = /^[A-Za-z0-9.-]+:\d{1,5}$/;

export class InvalidBrokerListError extends Error {
  readonly code = 'EVENTS.INVALID_BROKERS';
  constructor(value: string) {
    super(`KAFKA_BROKERS must be a comma-separated list of host:port, got "${value}"`);
  }
}

/** Parses a `host:port,host:port` list; throws one clear line when it is malformed. */
export function parseBrokerList(value: string): string[] {
  const brokers = value
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  if (brokers.length === 0 || !brokers.every((b) => BROKER.test(b))) throw new InvalidBrokerListError(value);
  return brokers;
}
