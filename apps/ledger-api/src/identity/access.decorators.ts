import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor } from './actor.js';
import type { Caller } from './access-rules.js';
import { actorOf } from './request-actor.js';

export const IS_PUBLIC = 'identity:public';
export const ADMITTED_CALLERS = 'identity:roles';

/** The route needs no token (health checks). Everything else does. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * Who may call the route: `@Roles('partner', 'support')`, `@Roles('customer-admin')`. Without it, any authenticated
 * caller. Either way, a partner is held to its own `:partnerId` and a customer admin to its own `:tenantId`.
 */
export const Roles = (...callers: [Caller, ...Caller[]]): MethodDecorator & ClassDecorator =>
  SetMetadata(ADMITTED_CALLERS, callers);

/** The verified caller of this request. */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor => actorOf(context.switchToHttp().getRequest()),
);
