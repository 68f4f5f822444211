import type { ActorRef } from '../identity/actor.js';
import type { DomainEvent, EventSchema } from './domain-event.js';

/**
 * Support completed an OEM revocation: the OEM loses authorisation for that customer
 * (stream `relationship-<partnerId>_<customerTenantId>`). The customer may consent again later.
 */
export interface OemRevocationCompletedData {
  readonly schemaVersion: 1;
  readonly revocationRequestId: string;
  readonly partnerId: string;
  readonly customerTenantId: string;
  readonly completedBy: ActorRef;
  readonly completedAt: string;
}

export type OemRevocationCompleted = DomainEvent<'OemRevocationCompleted', OemRevocationCompletedData>;

export const OemRevocationCompletedSchema: EventSchema<'OemRevocationCompleted'> = {
  type: 'OemRevocationCompleted',
  currentVersion: 1,
  upcasters: {},
};
