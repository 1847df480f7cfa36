import { randomBytes } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { findWorkspaceRoot, serviceDatabaseUrl } from '@ndg/database';
import { ConfigError, type LogLevel } from '@ndg/registry-kit';
import type { Dataset } from '@ndg/contracts';
import { parseBrokerList, QUARANTINE_TOPIC } from '@ndg/events';

const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

/** Everything the gateway reads from the environment, validated once at start-up. */
export interface GatewayConfig {
  readonly service: 'gateway';
  readonly host: string;
  readonly port: number;
  readonly databaseUrl: string;
  readonly logLevel: LogLevel;
  /** Largest request body accepted, in bytes. */
  readonly bodyLimit: number;
  /** `aud` every agency token must carry. */
  readonly audience: string;
  /** Bearer token of the admin API (and, for now, of the citizen access history). */
  readonly adminToken: string;
  /** True when ADMIN_TOKEN was not set and a random one was generated (local runs only). */
  readonly adminTokenGenerated: boolean;
  readonly agenciesDir: string;
  readonly policiesDir: string;
  /** How often every replica re-checks the policy folder and the database revision. */
  readonly reloadIntervalMs: number;
  /** Base URL of each registry's internal API. */
  readonly registries: Readonly<Record<Dataset, string>>;
  /** Time allowed for one registry call, connect to last byte. */
  readonly registryTimeoutMs: number;
  /** Change feeds: ingress worker, quarantine and delivery (see src/feeds/). */
  readonly feeds: FeedsConfig;
}

/** Change-feed settings; the worker and the dispatcher run only when `enabled`. */
export interface FeedsConfig {
  readonly enabled: boolean;
  readonly kafkaBrokers: readonly string[];
  /** `${CONSUMER_GROUP_PREFIX}gateway.feeds`: one group shared by every replica. */
  readonly consumerGroup: string;
  /** Registry topics the worker consumes. */
  readonly topics: readonly string[];
  readonly quarantineTopic: string;
  /** Where a brand-new consumer group starts; later starts resume from its committed offsets. */
  readonly startAt: 'earliest' | 'latest';
  /** How often the dispatcher looks for due deliveries. */
  readonly dispatchIntervalMs: number;
  /** One webhook attempt, connect to last byte. */
  readonly webhookTimeoutMs: number;
  /** Deliveries in flight per subscription (push modes). */
  readonly concurrencyPerSubscription: number;
  /** Exponential backoff with full jitter: min(max, base * 2^attempt) * random. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** How often `ndg_consumer_lag` is refreshed. */
  readonly lagIntervalMs: number;
  /** Delivered rows older than `retentionMs` are pruned every `intervalMs`. */
  readonly retention: { readonly retentionMs: number; readonly intervalMs: number };
}

function flag(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (['1', 'true', 'on', 'yes'].includes(value)) return true;
  if (['0', 'false', 'off', 'no'].includes(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;

function topicList(name: string, value: string | undefined, fallback: readonly string[]): string[] {
  if (value === undefined || value === '') return [...fallback];
  const topics = value
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (topics.length === 0 || !topics.every((t) => TOPIC.test(t)))
    throw new ConfigError(`${name} must be a comma-separated list of topic names, got "${value}"`);
  return topics;
}

function groupPrefix(value: string | undefined): string {
  if (value === undefined || value === '') return '';
  if (!/^[a-z0-9][a-z0-9.-]{0,40}$/.test(value))
    throw new ConfigError(`CONSUMER_GROUP_PREFIX must be lower-case letters, digits, . or -, got "${value}"`);
  return value.endsWith('.') ? value : `${value}.`;
}

function feedsConfig(env: NodeJS.ProcessEnv): FeedsConfig {
  // 'earliest' by default: a new group reads what the topics retain once, and each subscription's
  // recorded start offsets decide what it receives, so nothing can fall between start-up and join.
  const startAt = env['FEED_START_AT'] || 'earliest';
  if (startAt !== 'earliest' && startAt !== 'latest')
    throw new ConfigError(`FEED_START_AT must be earliest or latest, got "${startAt}"`);
  const retryBaseMs = integer('WEBHOOK_RETRY_BASE_MS', env['WEBHOOK_RETRY_BASE_MS'], 1000, 10, 600_000);
  return {
    enabled: flag('FEEDS_ENABLED', env['FEEDS_ENABLED'], false),
    kafkaBrokers: parseBrokerList(env['KAFKA_BROKERS'] || '127.0.0.1:9092'),
    consumerGroup: `${groupPrefix(env['CONSUMER_GROUP_PREFIX'])}gateway.feeds`,
    topics: topicList('FEED_TOPICS', env['FEED_TOPICS'], [
      'registry.population.citizen',
      'registry.business.enterprise',
      'registry.insurance.participant',
    ]),
    quarantineTopic:
      topicList('QUARANTINE_TOPIC', env['QUARANTINE_TOPIC'], [QUARANTINE_TOPIC])[0] ?? QUARANTINE_TOPIC,
    startAt,
    dispatchIntervalMs: integer(
      'FEED_DISPATCH_INTERVAL_MS',
      env['FEED_DISPATCH_INTERVAL_MS'],
      250,
      10,
      60_000,
    ),
    webhookTimeoutMs: integer('WEBHOOK_TIMEOUT_MS', env['WEBHOOK_TIMEOUT_MS'], 10_000, 100, 120_000),
    concurrencyPerSubscription: integer(
      'FEED_CONCURRENCY_PER_SUBSCRIPTION',
      env['FEED_CONCURRENCY_PER_SUBSCRIPTION'],
      8,
      1,
      256,
    ),
    retryBaseMs,
    retryMaxMs: integer(
      'WEBHOOK_RETRY_MAX_MS',
      env['WEBHOOK_RETRY_MAX_MS'],
      3_600_000,
      retryBaseMs,
      86_400_000,
    ),
    lagIntervalMs: integer('CONSUMER_LAG_INTERVAL_MS', env['CONSUMER_LAG_INTERVAL_MS'], 5000, 100, 600_000),
    retention: {
      retentionMs: Math.round(hoursSetting('FEED_RETENTION_HOURS', env['FEED_RETENTION_HOURS'], 24) * 3_600_000),
      intervalMs: integer('FEED_RETENTION_INTERVAL_MS', env['FEED_RETENTION_INTERVAL_MS'], 3_600_000, 1000, 86_400_000),
    },
  };
}

function hoursSetting(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const hours = Number(value);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 3650) throw new ConfigError(`${name} must be a number of hours > 0, got "${value}"`);
  return hours;
}

function integer(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} must be an integer ${min}-${max}, got "${value}"`);
  return n;
}

function logLevel(value: string | undefined): LogLevel {
  if (value === undefined || value === '') return 'log';
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
}

function httpUrl(name: string, value: string | undefined, fallback: string): string {
  const raw = value === undefined || value === '' ? fallback : value;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`);
  return url.origin;
}

function folder(value: string | undefined, fallback: string): string {
  const root = findWorkspaceRoot() ?? process.cwd();
  const raw = value === undefined || value === '' ? fallback : value;
  return isAbsolute(raw) ? raw : resolve(root, raw);
}

function adminToken(env: NodeJS.ProcessEnv): { token: string; generated: boolean } {
  const given = env['ADMIN_TOKEN'];
  if (given !== undefined && given !== '') {
    if (given.length < 16) throw new ConfigError('ADMIN_TOKEN must be at least 16 characters');
    return { token: given, generated: false };
  }
  if (env['NODE_ENV'] === 'production') throw new ConfigError('ADMIN_TOKEN is required in production');
  return { token: randomBytes(24).toString('base64url'), generated: true };
}

/** Reads and validates the environment once; a bad value stops the process (never "warn and fall back"). */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  try {
    const audience = env['GATEWAY_AUDIENCE'] || 'ndg-gateway';
    const admin = adminToken(env);
    return {
      service: 'gateway',
      host: env['HOST'] ?? '127.0.0.1',
      port: integer('PORT', env['PORT'], 3000, 0, 65535),
      databaseUrl: serviceDatabaseUrl('ndg_gateway', env),
      logLevel: logLevel(env['LOG_LEVEL']),
      bodyLimit: integer('BODY_LIMIT_BYTES', env['BODY_LIMIT_BYTES'], 64 * 1024, 1024, 10 * 1024 * 1024),
      audience,
      adminToken: admin.token,
      adminTokenGenerated: admin.generated,
      agenciesDir: folder(env['AGENCIES_DIR'], 'apps/gateway/config/agencies'),
      policiesDir: folder(env['POLICIES_DIR'], 'apps/gateway/config/policies'),
      reloadIntervalMs: integer(
        'POLICY_RELOAD_INTERVAL_MS',
        env['POLICY_RELOAD_INTERVAL_MS'],
        2000,
        100,
        60_000,
      ),
      registries: {
        'population.citizen': httpUrl(
          'POPULATION_REGISTRY_URL',
          env['POPULATION_REGISTRY_URL'],
          'http://127.0.0.1:3001',
        ),
        'business.enterprise': httpUrl(
          'BUSINESS_REGISTRY_URL',
          env['BUSINESS_REGISTRY_URL'],
          'http://127.0.0.1:3002',
        ),
        'insurance.participant': httpUrl(
          'INSURANCE_REGISTRY_URL',
          env['INSURANCE_REGISTRY_URL'],
          'http://127.0.0.1:3003',
        ),
      },
      registryTimeoutMs: integer('REGISTRY_TIMEOUT_MS', env['REGISTRY_TIMEOUT_MS'], 5000, 100, 60_000),
      feeds: feedsConfig(env),
    };
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError((err as Error).message);
  }
}
