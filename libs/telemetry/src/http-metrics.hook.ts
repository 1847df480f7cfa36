// Records every HTTP response in one histogram from a Fastify onResponse hook rather than a
// Nest interceptor: interceptors never see 404s or requests a guard or pipe rejected.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type Histogram } from 'prom-client';
import { METRIC_HTTP_SERVER_REQUEST_DURATION } from './metric-names.js';
import { Metrics } from './metrics.service.js';

/** The parts of Fastify's request and reply the hook reads. */
interface FastifyLike {
  addHook(
    name: 'onResponse',
    hook: (
      request: { method: string; routeOptions?: { url?: string } },
      reply: { statusCode: number; elapsedTime: number },
    ) => Promise<void>,
  ): unknown;
}

export type HttpLabel = 'method' | 'route' | 'status_code';

/** Latency buckets in seconds, from a cache hit to a slow registry lookup. */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

@Injectable()
export class HttpMetricsHook implements OnModuleInit {
  private readonly duration: Histogram<HttpLabel>;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    metrics: Metrics,
  ) {
    this.duration = metrics.histogram<HttpLabel>(METRIC_HTTP_SERVER_REQUEST_DURATION, {
      help: 'Duration of HTTP server requests, by method, route template and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: HTTP_DURATION_BUCKETS,
    });
  }

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter === undefined) return; // a standalone application context has no HTTP server
    if (adapter.getType() !== 'fastify') {
      throw new Error(`MetricsModule needs the Fastify adapter, got ${adapter.getType()}`);
    }
    const fastify = adapter.getInstance<FastifyLike>();
    fastify.addHook('onResponse', async (request, reply) => {
      this.duration.observe(
        {
          method: request.method,
          // The template (`/citizens/:id`), never the raw URL: raw URLs carry identifiers.
          route: request.routeOptions?.url ?? 'unmatched',
          status_code: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
    });
  }
}
