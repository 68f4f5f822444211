import type { Acceptor } from './consent-accepted.js';
import type { DomainEvent, EventSchema } from './domain-event.js';

/**
 * A CSP request's single-use link was used (stream `consent-request-<requestId>`).
 *
 * Why an event besides `ConsentAccepted`: an unbound link may be accepted by any tenant, and two tenants
 * write to two different relationship streams, so only the request's own stream (appended with its
 * expected revision) can make the link single use. This event is that claim; `ConsentAccepted`, appended
 * next to the relationship stream, is the consent itself. See the README, "Accepting a CSP link".
 */
export interface ConsentRequestAcceptedData {
  readonly schemaVersion: 1;
  readonly requestId: string;
  readonly partnerId: string;
  /** The tenant that became the customer: the named one, or the accepting administrator's. */
  readonly customerTenantId: string;
  /** The Global Administrator who used the link, as `ConsentAccepted` will record them. */
  readonly acceptedBy: Acceptor;
  readonly acceptedAt: string;
}

export type ConsentRequestAccepted = DomainEvent<'ConsentRequestAccepted', ConsentRequestAcceptedData>;

export const ConsentRequestAcceptedSchema: EventSchema<'ConsentRequestAccepted'> = {
  type: 'ConsentRequestAccepted',
  currentVersion: 1,
  upcasters: {},
};
