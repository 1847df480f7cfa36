import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Kafka } from 'kafkajs';
import type { Enterprise } from '@ndg/contracts';
import type { CloudEvent } from '@ndg/events';
import { EventReaction, KAFKA, RECORD_STORE, REGISTRY_CONFIG, RecordStore, type RegistryConfig } from '@ndg/registry-kit';
import { flagRepresentativeDeceased } from '../enterprise/enterprise.decisions.js';

export const CITIZEN_TOPIC = 'registry.population.citizen';
export const CITIZEN_DECEASED = 'population.citizen.deceased';
const RETRY_START_MS = 5_000;

/**
 * Flags every enterprise whose legal representative the population registry reports deceased.
 * The flag, its event (through the outbox) and the consumed event id commit in one transaction.
 */
export async function flagEnterprisesOf(store: RecordStore<Enterprise>, event: CloudEvent, tx: EntityManager): Promise<string[]> {
  const personalId = event.subject;
  const rows: { id: string }[] = await tx.query(
    `select id from ${store.kind.table} where data->'legalRepresentativeIds' @> $1::jsonb order by id`,
    [JSON.stringify([personalId])],
  );
  const flagged: string[] = [];
  for (const { id } of rows) {
    let changed = false;
    await store.changeWithin(tx, id, undefined, (current) => {
      const change = flagRepresentativeDeceased(current, personalId);
      changed = change !== undefined;
      return change;
    });
    if (changed) flagged.push(id);
  }
  return flagged;
}

/** Runs the reaction for the application's lifetime; a broker that is down delays it, never the app. */
@Injectable()
export class RepresentativeDeceasedReaction implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RepresentativeDeceasedReaction.name);
  private readonly reaction: EventReaction;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(getDataSourceToken()) dataSource: DataSource,
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
    @Inject(RECORD_STORE) store: RecordStore<Enterprise>,
  ) {
    this.reaction = new EventReaction(kafka, dataSource, {
      name: `${config.consumerGroupPrefix}business-registry.citizen-deceased`,
      topic: CITIZEN_TOPIC,
      eventTypes: [CITIZEN_DECEASED],
      handle: async (event, tx) => {
        const flagged = await flagEnterprisesOf(store, event, tx);
        if (flagged.length > 0) this.logger.log(`representative ${event.subject} deceased: flagged ${flagged.join(', ')}`);
      },
    });
  }

  onApplicationBootstrap(): void {
    void this.start();
  }

  private async start(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.reaction.start();
    } catch (err) {
      await this.reaction.stop().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn(`cannot consume ${CITIZEN_TOPIC} yet (${(err as Error).message}); retrying in ${RETRY_START_MS / 1000} s`);
      this.retryTimer = setTimeout(() => void this.start(), RETRY_START_MS).unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.reaction.stop();
  }
}
