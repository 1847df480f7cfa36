import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findWorkspaceRoot } from '@ndg/database';

interface LocalKafkaControl {
  kafkaUp(mode: string): Promise<{ brokers: string[]; started: boolean }>;
  kafkaDown(mode: string): Promise<number>;
  brokersOf(mode: string): string[];
}

/**
 * A real broker that only the calling suite uses, so it can stop and start Kafka
 * (an outage) without disturbing suites running beside it. Suites that use it must not
 * run in parallel with each other.
 */
export class OutageBroker {
  private constructor(
    private readonly control: LocalKafkaControl,
    readonly brokers: string[],
  ) {}

  static async start(): Promise<OutageBroker> {
    const root = findWorkspaceRoot();
    if (!root) throw new Error('OutageBroker needs the workspace checkout (tools/infra)');
    const control = (await import(
      pathToFileURL(join(root, 'tools', 'infra', 'kafka.mjs')).href
    )) as LocalKafkaControl;
    const { brokers } = await control.kafkaUp('outage');
    return new OutageBroker(control, brokers);
  }

  async down(): Promise<void> {
    await this.control.kafkaDown('outage');
  }

  async up(): Promise<void> {
    await this.control.kafkaUp('outage');
  }
}
