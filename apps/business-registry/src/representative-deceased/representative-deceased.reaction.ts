import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Kafka } from 'kafkajs';
import type { Enterprise } from '@ndg/contracts';
import type { CloudEvent } from '@ndg/events';
import { Metrics } from '@ndg/telemetry';
import { EventReaction, KAFKA, RECORD_STORE, REGISTRY_CONFIG, RecordStore, type RegistryConfig } from '@ndg/registry-kit';
import { flagRepresentativeDeceased } from '../enterprise/enterprise.decisions.js';

export const CITIZEN_TOPIC = 'registry.population.citizen';
export const CITIZEN_DECEASED = 'population.citizen.deceased';

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
export class RepresentativeDeceasedReaction implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RepresentativeDeceasedReaction.name);
  private readonly reaction: EventReaction;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(getDataSourceToken()) dataSource: DataSource,
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
    metrics: Metrics,
    @Inject(RECORD_STORE) store: RecordStore<Enterprise>,
  ) {
    this.reaction = new EventReaction(kafka, dataSource, {
      name: `${config.consumerGroupPrefix}business-registry.citizen-deceased`,
      topic: CITIZEN_TOPIC,
      eventTypes: [CITIZEN_DECEASED],
      metrics,
      handle: async (event, tx) => {
        const flagged = await flagEnterprisesOf(store, event, tx);
        // Enterprise codes only: the representative's personal id stays out of the logs.
        if (flagged.length > 0) this.logger.log(`representative deceased: flagged ${flagged.join(', ')}`);
      },
    });
  }

  onApplicationBootstrap(): void {
    this.reaction.startInBackground();
  }

  /** Before the database closes, so the message in hand can finish. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.reaction.stop();
  }
}
