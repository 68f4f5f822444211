import type { ActorRef } from '../identity/actor.js';
import type { DomainEvent, EventSchema } from './domain-event.js';

/** An eligible OEM asked support (the seed's `msoemops`) for its unique consent link (stream `partner-<partnerId>`). */
export interface OemConsentLinkRequestedData {
  readonly schemaVersion: 1;
  readonly partnerId: string;
  /** Who at the OEM asked (the partner app's subject). */
  readonly requestedBy: ActorRef;
  readonly requestedAt: string;
}

export type OemConsentLinkRequested = DomainEvent<'OemConsentLinkRequested', OemConsentLinkRequestedData>;

export const OemConsentLinkRequestedSchema: EventSchema<'OemConsentLinkRequested'> = {
  type: 'OemConsentLinkRequested',
  currentVersion: 1,
  upcasters: {},
};
