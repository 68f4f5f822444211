import type { ActorRef } from '../identity/actor.js';
import type { DomainEvent, EventSchema } from './domain-event.js';

/**
 * A customer asked support to revoke an OEM (stream `relationship-<partnerId>_<customerTenantId>`).
 * The OEM stays authorised, flagged `revocationPending`, until support completes it.
 */
export interface OemRevocationRequestedData {
  readonly schemaVersion: 1;
  /** The request's id (random, chosen by the service), used by support to complete or reject it. */
  readonly revocationRequestId: string;
  readonly partnerId: string;
  readonly customerTenantId: string;
  /** The customer's words, for support. */
  readonly reason: string;
  readonly requestedBy: ActorRef;
  readonly requestedAt: string;
}

export type OemRevocationRequested = DomainEvent<'OemRevocationRequested', OemRevocationRequestedData>;

export const OemRevocationRequestedSchema: EventSchema<'OemRevocationRequested'> = {
  type: 'OemRevocationRequested',
  currentVersion: 1,
  upcasters: {},
};
