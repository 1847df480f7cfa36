import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startNestService } from '@ndg/registry-kit';
import { GatewayModule } from './app.module.js';
import type { GatewayConfig } from './config/gateway.config.js';

export interface RunningGateway {
  readonly app: NestFastifyApplication;
  readonly url: string;
}

/** Creates the gateway database if needed, then starts; port 0 picks a free port (tests). */
export function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  return startNestService(config, GatewayModule.forRoot(config));
}
