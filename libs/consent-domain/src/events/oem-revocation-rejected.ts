import type { ActorRef } from '../identity/actor.js';
import type { DomainEvent, EventSchema } from './domain-event.js';

/**
 * Support rejected an OEM revocation, with a reason: the OEM stays authorised
 * (stream `relationship-<partnerId>_<customerTenantId>`).
 */
export interface OemRevocationRejectedData {
  readonly schemaVersion: 1;
  readonly revocationRequestId: string;
  readonly partnerId: string;
  readonly customerTenantId: string;
  /** Why support said no, for the customer. */
  readonly reason: string;
  readonly rejectedBy: ActorRef;
  readonly rejectedAt: string;
}

export type OemRevocationRejected = DomainEvent<'OemRevocationRejected', OemRevocationRejectedData>;

export const OemRevocationRejectedSchema: EventSchema<'OemRevocationRejected'> = {
  type: 'OemRevocationRejected',
  currentVersion: 1,
  upcasters: {},
};
