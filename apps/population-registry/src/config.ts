import { serviceDatabaseUrl } from '@ndg/database';
import { parseBrokerList } from '@ndg/events';

export interface PopulationRegistryConfig {
  host: string;
  port: number;
  databaseUrl: string;
  kafkaBrokers: string[];
}

export class ConfigError extends Error {
  readonly code = 'CONFIG.INVALID';
}

function port(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`PORT must be an integer 0-65535, got "${value}"`);
  return n;
}

/** Reads and validates the environment once, at start-up. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): PopulationRegistryConfig {
  return {
    host: env['HOST'] ?? '127.0.0.1',
    port: port(env['PORT'], 3001),
    databaseUrl: serviceDatabaseUrl(env['POPULATION_DATABASE'] ?? 'ndg_population', env),
    kafkaBrokers: parseBrokerList(env['KAFKA_BROKERS'] ?? '127.0.0.1:9092'),
  };
}
