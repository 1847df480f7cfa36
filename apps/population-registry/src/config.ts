import { serviceDatabaseUrl } from '@ndg/database';
import { parseBrokerList } from '@ndg/events';

export interface PopulationRegistryConfig {
  host: string;
  port: number;
  databaseUrl: string;
  kafkaBrokers: string[];
  logLevel: LogLevel;
}

const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function logLevel(value: string | undefined): LogLevel {
  if (value === undefined || value === '') return 'log';
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
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
    logLevel: logLevel(env['LOG_LEVEL']),
  };
}
