import type { ActorRef } from '../identity/actor.js';
import type { DomainEvent, EventSchema } from './domain-event.js';

/**
 * The customer removed a CSP's delegated admin rights (stream `relationship-<partnerId>_<customerTenantId>`).
 * The relationship and the device-registration authorisation stay (seed, step 6).
 */
export interface DapRemovedData {
  readonly schemaVersion: 1;
  readonly partnerId: string;
  readonly customerTenantId: string;
  readonly removedBy: ActorRef;
  readonly removedAt: string;
}

export type DapRemoved = DomainEvent<'DapRemoved', DapRemovedData>;

export const DapRemovedSchema: EventSchema<'DapRemoved'> = {
  type: 'DapRemoved',
  currentVersion: 1,
  upcasters: {},
};
