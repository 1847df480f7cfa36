import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type Type,
} from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Kafka } from 'kafkajs';
import type { CloudEvent } from '@ndg/events';
import { Metrics } from '@ndg/telemetry';
import { EventReaction } from './event-reaction.js';
import { RECORD_STORE } from './internal-lookup.controller.js';
import { KAFKA } from './kafka.module.js';
import type { RecordStore, Versioned } from './record-store.js';
import type { RegistryConfig } from './registry-config.js';
import { REGISTRY_CONFIG } from './registry-tokens.js';

/** A registry's reaction to another registry's events. */
export interface ReactionDefinition<T extends Versioned> {
  /** Consumer group and processed-events key, without the environment's prefix. */
  name: string;
  topic: string;
  eventTypes: readonly string[];
  /** The effect, in the transaction that records the event as processed; changes go through `store`. */
  handle(store: RecordStore<T>, event: CloudEvent, tx: EntityManager): Promise<void>;
}

/**
 * A provider that runs an {@link EventReaction} for the app's lifetime: started in the background
 * (a broker that is down delays it, never the registry), stopped before the database closes so the
 * message in hand can finish.
 */
export function reactionService<T extends Versioned>(
  definition: ReactionDefinition<T>,
): Type<OnApplicationBootstrap & BeforeApplicationShutdown> {
  @Injectable()
  class ReactionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
    private readonly reaction: EventReaction;

    constructor(
      @Inject(KAFKA) kafka: Kafka,
      @Inject(getDataSourceToken()) dataSource: DataSource,
      @Inject(REGISTRY_CONFIG) config: RegistryConfig,
      @Inject(RECORD_STORE) store: RecordStore<T>,
      @Inject(Metrics) metrics: Metrics,
    ) {
      this.reaction = new EventReaction(kafka, dataSource, {
        name: `${config.consumerGroupPrefix}${definition.name}`,
        topic: definition.topic,
        eventTypes: definition.eventTypes,
        metrics,
        handle: (event, tx) => definition.handle(store, event, tx),
      });
    }

    onApplicationBootstrap(): void {
      this.reaction.startInBackground();
    }

    async beforeApplicationShutdown(): Promise<void> {
      await this.reaction.stop();
    }
  }
  return ReactionService;
}
