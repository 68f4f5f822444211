import { Injectable } from '@nestjs/common';
import { canonicalTenantId, relationshipDecider, type Actor, type ConsentAccepted } from '@ledger/consent-domain';
import { ConsentRequestReader } from '../consent-requests/consent-request-reader.js';
import { CommandPipeline } from '../ledger-writes/command-pipeline.js';
import type { CommandContext } from '../ledger-writes/command-context.js';
import type { LedgerStream } from '../ledger-writes/ledger-stream-reader.js';

/**
 * Step two is decided again for as long as other writers append to the relationship first: once the link is claimed,
 * answering 409 ("retry") would be wrong, since the retry finds the link used. Each attempt lost means another writer
 * recorded its event (most often another consent of the same customer, accepted at the same moment), so it settles;
 * this bounds a storm.
 */
export const RECORD_CONSENT_ATTEMPTS = 100;

/** A claimed CSP consent link: the request, its partner and the tenant that became the customer. */
export interface ClaimedCspLink {
  readonly requestId: string;
  readonly partnerId: string;
  readonly customerTenantId: string;
}

/**
 * Step two of a CSP acceptance: the consent on the relationship's stream, recorded once however many times it is
 * run (the acceptance itself, a retry, the losers of concurrent accepts, or the service finishing an acceptance
 * that was cut short: `UnfinishedAcceptances`): the relationship's state keeps the requests it recorded, and the
 * append's expected revision makes every other writer read and decide again.
 */
@Injectable()
export class CspConsentRecorder {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly requests: ConsentRequestReader,
  ) {}

  /** Step two, right after this acceptance claimed the link (`known`: the request's stream as the claim left it). */
  async record(
    claim: ClaimedCspLink,
    context: CommandContext,
    commandType: string,
    known: readonly LedgerStream[] = [],
  ): Promise<{ position: bigint; event: ConsentAccepted }> {
    const decided = await this.decide(claim, context, commandType, known);
    // Nothing decided: it was recorded already (by an earlier run, or by another writer since the claim); answer with that record.
    const event = (decided.events[0] as ConsentAccepted | undefined) ?? recordedConsentOf(decided.stream, claim.requestId);
    return { position: decided.position, event };
  }

  private decide(claim: ClaimedCspLink, context: CommandContext, commandType: string, known: readonly LedgerStream[] = []) {
    const command = { type: 'RecordCspConsent' as const, requestId: claim.requestId, partnerId: claim.partnerId, customerTenantId: claim.customerTenantId };
    return this.pipeline.decide(relationshipDecider, command, context, { commandType, known, maxAttempts: RECORD_CONSENT_ATTEMPTS });
  }

  /**
   * Records the consent of a request whose link was claimed but whose consent is missing; false if there is none to
   * record. The consent belongs to the acceptance that claimed the link: it carries that acceptance's correlation id
   * and names the claim (`ConsentRequestAccepted`) as its cause. With `acceptor`, only when that caller is the one who
   * claimed the link (a retry of their own acceptance): anyone else holding the link finishes nothing under their name.
   */
  async finish(requestId: string, context: CommandContext, commandType: string, acceptor?: Actor): Promise<boolean> {
    const { request, claim } = await this.requests.withClaim(requestId);
    if (request.status !== 'accepted' || request.customerTenantId === undefined || claim === undefined) return false;
    const { acceptedBy } = request;
    if (acceptor !== undefined && (acceptedBy?.sub !== acceptor.sub || acceptedBy.tenantId !== canonicalTenantId(acceptor.tid))) return false;
    const claimedIn = claim.metadata['correlationId'];
    const finishing: CommandContext = {
      ...context,
      ...(typeof claimedIn === 'string' ? { correlationId: claimedIn } : {}),
      commandId: claim.id,
    };
    const decided = await this.decide({ requestId, partnerId: request.partnerId, customerTenantId: request.customerTenantId }, finishing, commandType);
    return decided.events.length > 0;
  }
}

const recordedConsentOf = (relationship: LedgerStream, requestId: string): ConsentAccepted => {
  const recorded = relationship.events.find(
    (event): event is ConsentAccepted =>
      event.type === 'ConsentAccepted' && event.data.link.kind === 'CSP_CONSENT_REQUEST' && event.data.link.requestId === requestId,
  );
  if (recorded === undefined) throw new Error(`the consent of request ${requestId} is neither recorded nor to be recorded`);
  return recorded;
};
