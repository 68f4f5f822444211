import { Injectable } from '@nestjs/common';
import { consentRequestStream, partnerStream, relationshipStream } from '@ledger/consent-domain';
import { EventStore, type RecordedEvent } from '@ledger/event-store';
import { CHAIN_METADATA_KEY, isChainLink, recomputeLink } from '@ledger/ledger-proofs';
import { problemType } from '../../problem-details/problem-details.js';
import { ProblemException } from '../../problem-details/problem.exception.js';

/** What a receipt states, as read from the ledger: the acceptance event and what it refers to. */
export interface AcceptanceRecord {
  partnerId: string;
  partnerName: string;
  customerTenantId: string;
  acceptance: RecordedEvent;
  chainHash: string;
}

export type AcceptanceLookup =
  | { found: true; record: AcceptanceRecord }
  | { found: false; reason: 'no-request' | 'not-accepted' | 'acceptance-pending'; partnerId?: string; customerTenantId?: string };

/** What `acceptanceBetween` finds: an acceptance, or none (no such relationship, or no such acceptance in it). */
export type RelationshipAcceptanceLookup = { found: true; record: AcceptanceRecord } | { found: false };

const data = (event: RecordedEvent): Record<string, unknown> => event.data as Record<string, unknown>;

/**
 * `event`, once its content and chain hash recompute to its recorded chain link: a receipt is signed only over facts
 * as they were recorded. An event edited in the store is a fault of the ledger (500, logged), never a signed claim.
 */
const intact = (event: RecordedEvent): RecordedEvent => {
  const { stream: streamId, id: eventId, type, data: content, metadata } = event;
  if (recomputeLink({ streamId, eventId, type, data: content, metadata }, Number(event.revision), undefined) !== undefined) return event;
  throw new ProblemException({
    status: 500,
    type: problemType('ledger-integrity'),
    detail: `event ${event.id} (${event.stream}@${event.revision}) does not match its hash chain: the ledger was altered; nothing is signed over it (run the audit to see what changed)`,
  });
};

/**
 * Finds the `ConsentAccepted` event of a CSP consent request: the request's stream names the partner and, once
 * used, the customer; the relationship stream holds the acceptance that refers to the request.
 */
@Injectable()
export class ConsentFactsReader {
  constructor(private readonly eventStore: EventStore) {}

  async acceptanceOf(requestId: string): Promise<AcceptanceLookup> {
    const request = await this.eventStore.readStream(consentRequestStream(requestId));
    const requested = request.find((e) => e.type === 'ConsentRequested');
    if (!requested) return { found: false, reason: 'no-request' };
    const partnerId = String(data(requested)['partnerId']);
    const used = request.find((e) => e.type === 'ConsentRequestAccepted');
    if (!used) return { found: false, reason: 'not-accepted', partnerId };
    const customerTenantId = String(data(used)['customerTenantId']);
    const relationship = await this.eventStore.readStream(relationshipStream(partnerId, customerTenantId));
    const acceptance = relationship.find((e) => {
      const link = data(e)['link'] as { kind?: unknown; requestId?: unknown } | undefined;
      return e.type === 'ConsentAccepted' && link?.kind === 'CSP_CONSENT_REQUEST' && link.requestId === requestId;
    });
    const chain = acceptance?.metadata[CHAIN_METADATA_KEY];
    if (!acceptance || !isChainLink(chain)) return { found: false, reason: 'acceptance-pending', partnerId, customerTenantId };
    return {
      found: true,
      record: { partnerId, partnerName: await this.partnerName(partnerId), customerTenantId, acceptance: intact(acceptance), chainHash: chain.chainHash },
    };
  }

  /**
   * An acceptance (`ConsentAccepted`, of either kind of link) on a partner–customer relationship: the one with
   * event id `eventId`, or the latest (the consent that stands, or stood before a revocation).
   */
  async acceptanceBetween(partnerId: string, customerTenantId: string, eventId?: string): Promise<RelationshipAcceptanceLookup> {
    const relationship = await this.eventStore.readStream(relationshipStream(partnerId, customerTenantId));
    const acceptances = relationship.filter((e) => e.type === 'ConsentAccepted');
    const acceptance = eventId === undefined ? acceptances.at(-1) : acceptances.find((e) => e.id === eventId.toLowerCase());
    const chain = acceptance?.metadata[CHAIN_METADATA_KEY];
    if (!acceptance || !isChainLink(chain)) return { found: false };
    return {
      found: true,
      record: { partnerId, partnerName: await this.partnerName(partnerId), customerTenantId, acceptance: intact(acceptance), chainHash: chain.chainHash },
    };
  }

  private async partnerName(partnerId: string): Promise<string> {
    const events = await this.eventStore.readStream(partnerStream(partnerId));
    const enrolled = events.filter((e) => e.type === 'PartnerEnrolled').at(-1);
    const name = enrolled ? data(intact(enrolled))['name'] : undefined;
    return typeof name === 'string' ? name : partnerId;
  }
}
