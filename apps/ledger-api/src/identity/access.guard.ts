import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { accessRefusedProblem, decideAccess } from './access-rules.js';
import { actorOf } from './request-actor.js';
import { routeAccessOf } from './route-access.js';

interface HttpRequest {
  params?: Record<string, string | undefined>;
}

/**
 * Global, after authentication: the route's `@Roles(...)`, then "a partner acts only as its own `:partnerId`"
 * and "a customer admin only on its own `:tenantId`", read from the route parameters the contract names that way.
 * 403 with a `detail` saying why and a `code`.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const { isPublic, admitted } = routeAccessOf(this.reflector, context.getHandler(), context.getClass());
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const decision = decideAccess(actorOf(request), admitted, request.params ?? {});
    if (!decision.allowed) throw accessRefusedProblem(decision);
    return true;
  }
}
