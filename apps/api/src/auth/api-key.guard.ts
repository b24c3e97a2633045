import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '@app/config';
import { IS_PUBLIC } from './public.decorator';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Every route needs X-API-Key = ADMIN_API_KEY unless marked @Public(). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(
    private readonly reflector: Reflector,
    config: AppConfig,
  ) {
    this.expected = config.adminApiKey ? digest(config.adminApiKey) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const header = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers['x-api-key'];
    if (!this.expected) throw new UnauthorizedException('The admin API is disabled: ADMIN_API_KEY is not set');
    // Comparing fixed-length digests keeps the comparison constant-time whatever the input length.
    if (typeof header !== 'string' || !timingSafeEqual(digest(header), this.expected)) {
      throw new UnauthorizedException('Missing or invalid X-API-Key');
    }
    return true;
  }
}
