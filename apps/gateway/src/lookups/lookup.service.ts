import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type pg from 'pg';
import { METRIC_CONTRACT_REJECTIONS, METRIC_POLICY_DECISIONS, Metrics } from '@ndg/telemetry';
import { GatewayAuditor } from '../audit/gateway-auditor.js';
import { AUDITOR } from '../audit/audit-tokens.js';
import { JwtAuthenticator } from '../auth/jwt-authenticator.js';
import { PgReplayCache } from '../auth/replay-cache.js';
import type { GatewayConfig } from '../config/gateway.config.js';
import { GATEWAY_CONFIG } from '../config/gateway-tokens.js';
import { GATEWAY_POOL } from '../database/gateway-schema.js';
import { ConfigStore } from '../policies/config-store.service.js';
import { LookupChain } from './lookup-chain.js';
import type { LookupContext, LookupStage } from './lookup-context.js';
import { PgRateLimiter } from './pg-rate-limiter.js';
import { RegistryClient } from './registry-client.js';
import { AuditStage } from './stages/audit.stage.js';
import { AuthenticateStage } from './stages/authenticate.stage.js';
import { AuthorizeStage } from './stages/authorize.stage.js';
import { FetchStage } from './stages/fetch.stage.js';
import { ProjectStage } from './stages/project.stage.js';
import { RateLimitStage } from './stages/rate-limit.stage.js';
import { RowScopeStage } from './stages/row-scope.stage.js';
import { ValidateRecordStage } from './stages/validate-record.stage.js';

/** What the stages need from the outside world. */
export interface LookupStageDependencies {
  readonly authenticator: ConstructorParameters<typeof AuthenticateStage>[0];
  readonly policies: ConstructorParameters<typeof AuthorizeStage>[0];
  readonly onDecision?: ConstructorParameters<typeof AuthorizeStage>[1];
  readonly limiter: ConstructorParameters<typeof RateLimitStage>[0];
  readonly registry: ConstructorParameters<typeof FetchStage>[0];
  readonly onContractRejection?: ConstructorParameters<typeof ValidateRecordStage>[0];
  readonly auditor: ConstructorParameters<typeof AuditStage>[0];
}

/** The one chain every lookup and verify passes, in order (pinned by lookup-chain.spec.ts). */
export function buildLookupStages(deps: LookupStageDependencies): LookupStage[] {
  return [
    new AuthenticateStage(deps.authenticator),
    new AuthorizeStage(deps.policies, deps.onDecision),
    new RateLimitStage(deps.limiter),
    new FetchStage(deps.registry, deps.onContractRejection),
    new ValidateRecordStage(deps.onContractRejection),
    new RowScopeStage(),
    new ProjectStage(),
    new AuditStage(deps.auditor),
  ];
}

/** Injection token of the shared {@link RegistryClient}. */
export const REGISTRY_CLIENT = Symbol('REGISTRY_CLIENT');

/** Assembles the lookup chain once from the app's services and runs requests through it. */
@Injectable()
export class LookupService implements OnApplicationShutdown {
  readonly chain: LookupChain;
  private readonly replay: PgReplayCache;
  private readonly pruneTimer: NodeJS.Timeout;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(GATEWAY_POOL) pool: pg.Pool,
    @Inject(REGISTRY_CLIENT) registry: RegistryClient,
    @Inject(AUDITOR) auditor: GatewayAuditor,
    store: ConfigStore,
    metrics: Metrics,
  ) {
    const decisions = metrics.counter(METRIC_POLICY_DECISIONS, {
      help: 'Policy decisions of the gateway by outcome',
      labelNames: ['outcome'],
    });
    const rejections = metrics.counter(METRIC_CONTRACT_REJECTIONS, {
      help: 'Registry answers refused for breaking their contract',
      labelNames: ['contract', 'reason'],
    });
    this.replay = new PgReplayCache(pool);
    const authenticator = new JwtAuthenticator({
      audience: config.audience,
      agencyOf: (id) => store.agency(id),
      replay: this.replay,
    });
    this.chain = new LookupChain(
      buildLookupStages({
        authenticator,
        policies: () => store.policies,
        onDecision: (outcome) => decisions.inc({ outcome }),
        limiter: new PgRateLimiter(pool),
        registry,
        onContractRejection: (contract, reason) => rejections.inc({ contract, reason }),
        auditor,
      }),
      auditor,
    );
    // Seen jtis are only needed until their token would have expired anyway.
    this.pruneTimer = setInterval(
      () => void this.replay.prune(Date.now(), 60_000).catch(() => undefined),
      60_000,
    );
    this.pruneTimer.unref();
  }

  run(ctx: LookupContext): Promise<LookupContext> {
    return this.chain.run(ctx);
  }

  onApplicationShutdown(): void {
    clearInterval(this.pruneTimer);
  }
}
