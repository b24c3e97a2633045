import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig, sameSecret } from '@app/config';
import { IS_PUBLIC } from './public.decorator';

/** Every route needs X-API-Key = ADMIN_API_KEY unless marked @Public(). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    if (!this.config.adminApiKey)
      throw new UnauthorizedException('The admin API is disabled: ADMIN_API_KEY is not set');
    const header = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers['x-api-key'];
    if (!sameSecret(typeof header === 'string' ? header : undefined, this.config.adminApiKey)) {
      throw new UnauthorizedException('Missing or invalid X-API-Key');
    }
    return true;
  }
}
