import type { ActorRef } from '../identity/actor.js';
import type { DomainEvent, EventSchema } from './domain-event.js';

/** The partner cancelled its pending consent request; the link stops working (stream `consent-request-<requestId>`). */
export interface ConsentRequestCancelledData {
  readonly schemaVersion: 1;
  readonly requestId: string;
  readonly partnerId: string;
  readonly cancelledBy: ActorRef;
  readonly cancelledAt: string;
}

export type ConsentRequestCancelled = DomainEvent<'ConsentRequestCancelled', ConsentRequestCancelledData>;

export const ConsentRequestCancelledSchema: EventSchema<'ConsentRequestCancelled'> = {
  type: 'ConsentRequestCancelled',
  currentVersion: 1,
  upcasters: {},
};
