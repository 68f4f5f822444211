import type { Reflector } from '@nestjs/core';
import { ADMITTED_CALLERS, IS_PUBLIC } from './access.decorators.js';
import { ALL_CALLERS, type Caller } from './access-rules.js';

/** What a route's decorators say about access: `@Public()`, and whom `@Roles(...)` admits (everyone without it). */
export interface RouteAccess {
  readonly isPublic: boolean;
  readonly admitted: readonly Caller[];
}

// Decorator metadata is fixed once the app is built: read once per handler and controller, not per request.
const known = new WeakMap<object, WeakMap<object, RouteAccess>>();

/** The route's access metadata (handler over controller, as `getAllAndOverride` reads it), remembered per route. */
export const routeAccessOf = (reflector: Reflector, handler: object, controller: object): RouteAccess => {
  let ofHandler = known.get(handler);
  const remembered = ofHandler?.get(controller);
  if (remembered !== undefined) return remembered;
  const targets = [handler as () => unknown, controller as new () => unknown];
  const access: RouteAccess = Object.freeze({
    isPublic: reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true,
    admitted: reflector.getAllAndOverride<Caller[] | undefined>(ADMITTED_CALLERS, targets) ?? ALL_CALLERS,
  });
  if (ofHandler === undefined) known.set(handler, (ofHandler = new WeakMap()));
  ofHandler.set(controller, access);
  return access;
};
