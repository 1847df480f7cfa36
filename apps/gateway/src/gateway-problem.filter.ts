import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, toProblem } from '@ndg/registry-kit';
import { GatewayError } from './gateway-errors.js';

/** GatewayError → its own problem (with WWW-Authenticate / Retry-After); anything else → registry-kit's mapping. */
@Catch()
export class GatewayProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('GatewayProblemFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const instance = request.url.split('?')[0];
    if (err instanceof GatewayError) {
      // The code and detail only: a registry's answer or a request body may hold personal data.
      if (err.status >= 500)
        this.logger.error(
          `${request.method} ${request.routeOptions?.url ?? 'unmatched'}: ${err.code} ${err.detail}`,
        );
      for (const [name, value] of Object.entries(err.headers)) void reply.header(name, value);
      const body = {
        type: err.type,
        title: err.title,
        status: err.status,
        code: err.code,
        detail: err.detail,
        ...(err.errors.length > 0 ? { errors: [...err.errors] } : {}),
        instance,
      };
      void reply.status(err.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
      return;
    }
    const body = { ...toProblem(err), instance };
    if (body.status >= 500) {
      if (body.code === 'INTERNAL')
        body.detail = 'the gateway could not complete the request; it has been logged';
      // Never the request body: it may hold personal data.
      this.logger.error(
        `${request.method} ${request.routeOptions?.url ?? 'unmatched'}: ${(err as Error)?.stack ?? String(err)}`,
      );
    }
    void reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
  }
}
