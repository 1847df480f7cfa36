import { serviceDatabaseUrl } from '@ndg/database';
import { parseBrokerList } from '@ndg/events';

const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface RegistryConfig {
  service: string;
  host: string;
  port: number;
  databaseUrl: string;
  kafkaBrokers: string[];
  logLevel: LogLevel;
  /** Run the outbox relay inside this process (on by default; several replicas elect one leader). */
  outboxRelay: boolean;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** Prepended to consumer group names, so parallel test runs (or environments) sharing a broker stay apart. */
  consumerGroupPrefix: string;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG.INVALID';
}

function integer(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer ${min}-${max}, got "${value}"`);
  return n;
}

function flag(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (['1', 'true', 'on', 'yes'].includes(value)) return true;
  if (['0', 'false', 'off', 'no'].includes(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

function logLevel(value: string | undefined): LogLevel {
  if (value === undefined || value === '') return 'log';
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
}

function groupPrefix(value: string | undefined): string {
  if (value === undefined || value === '') return '';
  if (!/^[a-z0-9][a-z0-9.-]{0,40}$/.test(value)) throw new ConfigError(`CONSUMER_GROUP_PREFIX must be lower-case letters, digits, . or -, got "${value}"`);
  return value.endsWith('.') ? value : `${value}.`;
}

/** Reads and validates the environment once, at start-up. */
export function loadRegistryConfig(
  service: string,
  defaults: { port: number; database: string },
  env: NodeJS.ProcessEnv = process.env,
): RegistryConfig {
  try {
    return {
      service,
      host: env['HOST'] ?? '127.0.0.1',
      port: integer('PORT', env['PORT'], defaults.port, 0, 65535),
      databaseUrl: serviceDatabaseUrl(defaults.database, env),
      kafkaBrokers: parseBrokerList(env['KAFKA_BROKERS'] ?? '127.0.0.1:9092'),
      logLevel: logLevel(env['LOG_LEVEL']),
      outboxRelay: flag('OUTBOX_RELAY', env['OUTBOX_RELAY'], true),
      bodyLimit: integer('BODY_LIMIT_BYTES', env['BODY_LIMIT_BYTES'], 64 * 1024, 1024, 10 * 1024 * 1024),
      consumerGroupPrefix: groupPrefix(env['CONSUMER_GROUP_PREFIX']),
    };
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError((err as Error).message);
  }
}
