import { ForbiddenException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ADMITTED_CALLERS, IS_PUBLIC } from './access.decorators.js';
import { ALL_CALLERS, decideAccess, type Caller } from './access-rules.js';
import { actorOf } from './request-actor.js';

interface HttpRequest {
  params?: Record<string, string | undefined>;
}

/**
 * Global, after authentication: the route's `@Roles(...)`, then "a partner acts only as its own `:partnerId`"
 * and "a customer admin only on its own `:tenantId`", read from the route parameters the contract names that way.
 * 403 with a `detail` saying why.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const admitted = this.reflector.getAllAndOverride<Caller[] | undefined>(ADMITTED_CALLERS, targets) ?? ALL_CALLERS;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const { partnerId, tenantId } = request.params ?? {};
    const decision = decideAccess(actorOf(request), admitted, {
      ...(partnerId === undefined ? {} : { partnerId }),
      ...(tenantId === undefined ? {} : { tenantId }),
    });
    if (!decision.allowed) throw new ForbiddenException(decision.detail);
    return true;
  }
}
