import { Controller, Get, Res } from '@nestjs/common';
import { Metrics } from './metrics.service.js';

/** The minimal reply surface we need from Fastify, so this library does not depend on it. */
interface ReplyLike {
  header(name: string, value: string): ReplyLike;
  send(body: string): unknown;
}

/** `GET /metrics` in the Prometheus text exposition format. */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  async scrape(@Res() reply: ReplyLike): Promise<void> {
    const body = await this.metrics.exposition();
    reply.header('content-type', this.metrics.contentType).send(body);
  }
}
