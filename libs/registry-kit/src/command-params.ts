import { createParamDecorator, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import type { SchemaId } from '@ndg/contracts';
import { etagOf, versionFromIfMatch } from './etag.js';
import { parseBody } from './request-body.js';

/** The record version the officer read, from `If-Match` (428 when missing, 400 when malformed). */
export const IfMatchVersion = createParamDecorator((_: unknown, ctx: ExecutionContext): number =>
  versionFromIfMatch(ctx.switchToHttp().getRequest<FastifyRequest>().headers['if-match']),
);

/** The request body, validated against its contract (422 naming every offending field). */
export const CommandBody = createParamDecorator((schemaId: SchemaId, ctx: ExecutionContext) =>
  parseBody(schemaId, ctx.switchToHttp().getRequest<FastifyRequest>().body),
);

/** Every answer that is one versioned record carries its ETag, so the next change can send If-Match. */
@Injectable()
export class RecordEtagInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const version = (body as { version?: unknown } | null)?.version;
        if (typeof version === 'number' && Number.isInteger(version)) void reply.header('etag', etagOf(version));
        return body;
      }),
    );
  }
}
