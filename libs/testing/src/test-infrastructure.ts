import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { ensureTopic } from './ensure-topic.js';
import {
  dropDatabase,
  ensureDatabase,
  postgresServerUrl,
  readLocalInfraState,
  withDatabase,
} from '@ndg/database';

export class InfrastructureMissingError extends Error {
  readonly code = 'TESTING.INFRASTRUCTURE_MISSING';
  constructor(what: string) {
    super(
      `${what} is not configured: run the tests with \`npm test\`, or start it with \`npm run infra:up\``,
    );
  }
}

/** Short random suffix that keeps parallel suites (and reruns) apart. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export function testKafkaBrokers(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = env['KAFKA_BROKERS'];
  const brokers = fromEnv ? fromEnv.split(',') : readLocalInfraState().kafka?.brokers;
  if (!brokers || brokers.length === 0) throw new InfrastructureMissingError('Kafka');
  return brokers;
}

export interface TestDatabase {
  url: string;
  name: string;
}

/** One suite's slice of the real infrastructure; `cleanup()` removes everything it made. */
export class TestInfrastructure {
  readonly kafka: Kafka;
  private readonly databases: string[] = [];
  private readonly topics: string[] = [];
  private admin: Admin | undefined;

  constructor(
    readonly brokers: string[],
    readonly postgresUrl: string,
  ) {
    this.kafka = new Kafka({ clientId: `test-${uniqueSuffix()}`, brokers, logLevel: logLevel.NOTHING });
  }

  /** An empty database no other suite sees. */
  async freshDatabase(label = 'suite'): Promise<TestDatabase> {
    const name = `t_${label
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '_')
      .slice(0, 30)}_${uniqueSuffix()}`;
    const url = withDatabase(this.postgresUrl, name);
    await ensureDatabase(url);
    this.databases.push(url);
    return { url, name };
  }

  /** A topic name no other suite uses, created with `partitions` partitions. */
  async uniqueTopic(base: string, partitions = 3): Promise<string> {
    return this.createTopic(`${base}.t${uniqueSuffix()}`, partitions);
  }

  /** Creates a topic whose name the code under test dictates; cleanup deletes it. */
  async createTopic(topic: string, partitions = 3): Promise<string> {
    await ensureTopic(await this.connectedAdmin(), topic, partitions);
    this.topics.push(topic);
    return topic;
  }

  /** Registers a topic the code under test created itself, so cleanup removes it. */
  forget(topic: string): void {
    this.topics.push(topic);
  }

  private async connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    return this.admin;
  }

  async cleanup(): Promise<void> {
    if (this.topics.length > 0) {
      const admin = await this.connectedAdmin();
      await admin.deleteTopics({ topics: this.topics.splice(0) }).catch(() => undefined);
    }
    await this.admin?.disconnect();
    this.admin = undefined;
    for (const url of this.databases.splice(0)) await dropDatabase(url);
  }
}

/** Real Kafka and Postgres for a suite, or a clear error saying how to get them. */
export async function testInfrastructure(env: NodeJS.ProcessEnv = process.env): Promise<TestInfrastructure> {
  let postgresUrl: string;
  try {
    postgresUrl = postgresServerUrl(env);
  } catch {
    throw new InfrastructureMissingError('PostgreSQL');
  }
  return new TestInfrastructure(testKafkaBrokers(env), postgresUrl);
}
