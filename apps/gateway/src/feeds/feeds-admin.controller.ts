import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { AdminTokenGuard } from '../admin/admin-token.guard.js';
import { GatewayError } from '../gateway-errors.js';
import { checkQuery } from '../lookups/lookup-input.js';
import { FeedsService, type QuarantinedView } from './feeds.service.js';

function replayCorrections(body: unknown): Record<string, string | null> {
  if (body === undefined || body === null || (typeof body === 'string' && body === '')) return {};
  const headers =
    typeof body === 'object' && !Array.isArray(body) ? (body as { headers?: unknown }).headers : null;
  const extra =
    typeof body === 'object' && body !== null ? Object.keys(body).filter((k) => k !== 'headers') : [];
  const ok =
    extra.length === 0 &&
    (headers === undefined ||
      (typeof headers === 'object' &&
        headers !== null &&
        !Array.isArray(headers) &&
        Object.entries(headers).every(
          ([k, v]) =>
            /^[A-Za-z0-9_.-]{1,100}$/.test(k) && (v === null || (typeof v === 'string' && v.length <= 2000)),
        )));
  if (!ok)
    throw GatewayError.of('unknownField', 'the body is { headers?: { name: value | null } }', [
      { path: '/headers', message: 'must map header names to strings or null' },
    ]);
  return (headers ?? {}) as Record<string, string | null>;
}

/** The platform team's view of quarantine and dead letters (admin token). */
@Controller('admin')
@UseGuards(AdminTokenGuard)
export class FeedsAdminController {
  constructor(private readonly feeds: FeedsService) {}

  @Get('quarantine')
  async list(@Query() query: Record<string, unknown>): Promise<{ events: QuarantinedView[] }> {
    checkQuery(query, ['limit', 'before']);
    const limitRaw = query['limit'];
    const limit =
      typeof limitRaw === 'string' && /^[0-9]{1,4}$/.test(limitRaw) ? Math.min(Number(limitRaw), 1000) : 100;
    const before =
      typeof query['before'] === 'string' && /^[0-9]{1,18}$/.test(query['before'])
        ? query['before']
        : undefined;
    return { events: await this.feeds.quarantined(Math.max(limit, 1), before) };
  }

  @Post('quarantine/:id/replay')
  @HttpCode(200)
  replay(
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<{ id: string; eventId: string; queued: number }> {
    return this.feeds.replay(id, replayCorrections(body));
  }

  @Post('subscriptions/:id/dead-letters/redeliver')
  @HttpCode(200)
  redeliver(@Param('id') id: string): Promise<{ subscription: string; redelivered: number }> {
    return this.feeds.redeliverDeadLetters(id);
  }
}
