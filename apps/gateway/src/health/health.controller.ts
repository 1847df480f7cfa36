import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type pg from 'pg';
import type { Dataset } from '@ndg/contracts';
import { GATEWAY_POOL } from '../database/gateway-schema.js';
import { REGISTRY_CLIENT } from '../lookups/lookup.service.js';
import type { RegistryClient } from '../lookups/registry-client.js';

type Check = { status: 'up' } | { status: 'down'; message: string };

/** 200 when Postgres and every registry answer, 503 naming the ones that do not. */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(GATEWAY_POOL) private readonly pool: pg.Pool,
    @Inject(REGISTRY_CLIENT) private readonly registries: RegistryClient,
  ) {}

  @Get()
  async check(
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ status: 'ok' | 'error'; details: Record<string, Check> }> {
    const details: Record<string, Check> = {};
    const database = async () => {
      try {
        await Promise.race([
          this.pool.query('select 1'),
          new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
        ]);
        details['database'] = { status: 'up' };
      } catch (err) {
        details['database'] = {
          status: 'down',
          message: (err as Error).message === 'timeout' ? 'timeout' : 'unreachable',
        };
      }
    };
    const registry = async (dataset: Dataset) => {
      const status = await this.registries.ping(dataset);
      // Reachable is what the gateway needs; the registry's own /health judges its Kafka.
      details[dataset] =
        status === undefined || (status >= 500 && status !== 503)
          ? { status: 'down', message: status === undefined ? 'unreachable' : `answered ${status}` }
          : { status: 'up' };
    };
    await Promise.all([
      database(),
      registry('population.citizen'),
      registry('business.enterprise'),
      registry('insurance.participant'),
    ]);
    const ok = Object.values(details).every((d) => d.status === 'up');
    void reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'error', details };
  }
}
