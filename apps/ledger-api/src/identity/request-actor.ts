/** Where the authentication guard leaves the verified caller on the request, for the access guard and handlers. */
import type { Actor } from './actor.js';

const ACTOR = Symbol('identity:actor');

type WithActor = { [ACTOR]?: Actor };

export const attachActor = (request: object, actor: Actor): void => {
  (request as WithActor)[ACTOR] = actor;
};

/** The caller; throws if called on a route without authentication (a programming error, not a client's). */
export const actorOf = (request: object): Actor => {
  const actor = (request as WithActor)[ACTOR];
  if (actor === undefined) {
    throw new Error('no authenticated actor on this request: the route is @Public() or IdentityModule is not imported');
  }
  return actor;
};
