import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { GatewayConfig } from '../config/gateway.config.js';
import { GATEWAY_CONFIG } from '../config/gateway-tokens.js';
import { GatewayError } from '../gateway-errors.js';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.expected = digest(config.adminToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers.authorization ?? '';
    const token = /^Bearer +(\S+)\s*$/i.exec(header)?.[1] ?? '';
    if (token === '' || !timingSafeEqual(digest(token), this.expected)) {
      throw GatewayError.of('adminUnauthorized', 'send Authorization: Bearer <admin token>', [], {
        'www-authenticate': 'Bearer realm="ndg-gateway-admin"',
      });
    }
    return true;
  }
}
