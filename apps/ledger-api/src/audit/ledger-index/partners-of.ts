import type { RecordedEvent } from '@ledger/event-store';

/** The partners an event names, and the reseller link it states (a reseller and its indirect provider). */
export interface PartnersOfEvent {
  partners: string[];
  reseller: { providerId: string; resellerId: string } | undefined;
}

/**
 * The partners an event is about: the partner that acts or is acted upon (`partnerId`) and the indirect provider it
 * names (`indirectProviderId`: a reseller's enrolment, its consent requests and acceptances). Read from the data,
 * like `customerTenantsOf`, so that every event type naming a partner counts. An event naming both states that the
 * partner is a reseller of that provider.
 */
export const partnersOf = (event: Pick<RecordedEvent, 'data'>): PartnersOfEvent => {
  const { partnerId, indirectProviderId } = event.data as { partnerId?: unknown; indirectProviderId?: unknown };
  const partners: string[] = [];
  if (typeof partnerId === 'string') partners.push(partnerId);
  if (typeof indirectProviderId === 'string' && indirectProviderId !== partnerId) partners.push(indirectProviderId);
  const reseller =
    typeof partnerId === 'string' && typeof indirectProviderId === 'string' && partnerId !== indirectProviderId
      ? { providerId: indirectProviderId, resellerId: partnerId }
      : undefined;
  return { partners, reseller };
};
