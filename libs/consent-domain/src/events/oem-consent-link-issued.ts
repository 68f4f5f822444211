import type { ActorRef } from '../identity/actor.js';
import type { DomainEvent, EventSchema } from './domain-event.js';

/**
 * Support issued an OEM its unique consent link, or replaced it (stream `partner-<partnerId>`).
 * The ledger records the link's id, never the token: the service signs the id into the token, so the
 * same link can be shown again without the ledger holding a bearer secret.
 */
export interface OemConsentLinkIssuedData {
  readonly schemaVersion: 1;
  readonly partnerId: string;
  /** The new link's id (random, chosen by the service). */
  readonly linkId: string;
  /** The link this one replaces: from now on it is dead; consents already given through it stay. */
  readonly replacesLinkId?: string;
  /** True when this answers a pending `OemConsentLinkRequested`. */
  readonly answersRequest: boolean;
  readonly issuedBy: ActorRef;
  readonly issuedAt: string;
}

export type OemConsentLinkIssued = DomainEvent<'OemConsentLinkIssued', OemConsentLinkIssuedData>;

export const OemConsentLinkIssuedSchema: EventSchema<'OemConsentLinkIssued'> = {
  type: 'OemConsentLinkIssued',
  currentVersion: 1,
  upcasters: {},
};
