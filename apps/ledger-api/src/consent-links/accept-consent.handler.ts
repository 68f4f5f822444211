import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  consentRequestDecider,
  isDomainRefusal,
  relationshipDecider,
  type ConsentAccepted,
  type ConsentRequestAccepted,
  type ConsentRequestEvent,
  type ConsentRequestInputs,
} from '@ledger/consent-domain';
import type { ConsentLinkTarget } from '../consent-link-tokens/consent-link-token.js';
import { CommandPipeline, type Decided } from '../ledger-writes/command-pipeline.js';
import type { CommandContext } from '../ledger-writes/command-context.js';
import { toDomainActor } from '../ledger-writes/domain-actor.js';
import { LedgerCommand } from '../ledger-writes/ledger-command.js';
import { written, type Written } from '../ledger-writes/written.js';
import { CspConsentRecorder } from './csp-consent-recorder.js';

export interface AcceptedConsent {
  readonly partnerId: string;
  readonly partnerKind: string;
  /** An indirect reseller's consent: its indirect provider, authorised by the same consent. */
  readonly indirectProviderId?: string;
  readonly customerTenantId: string;
  readonly linkKind: ConsentLinkTarget['kind'];
  readonly delegatedAdminGranted: boolean;
  readonly adminRoles: readonly string[];
  readonly acceptedAt: string;
}

export class AcceptConsent extends LedgerCommand<AcceptedConsent> {
  readonly commandType = 'AcceptConsent';

  constructor(
    readonly link: ConsentLinkTarget,
    context: CommandContext,
  ) {
    super(context);
  }
}

const acceptedConsent = (event: ConsentAccepted, linkKind: ConsentLinkTarget['kind']): AcceptedConsent => ({
  partnerId: event.data.partnerId,
  partnerKind: event.data.partnerKind,
  ...(event.data.indirectProviderId === undefined ? {} : { indirectProviderId: event.data.indirectProviderId }),
  customerTenantId: event.data.customerTenantId,
  linkKind,
  delegatedAdminGranted: event.data.delegatedAdminGranted,
  adminRoles: event.data.adminRoles,
  acceptedAt: event.data.acceptedAt,
});

/**
 * `AcceptConsent`. An OEM link is one decision on the relationship stream. A CSP link is two appends (see
 * the consent domain's README): claim the single-use link on the request's stream, then record the consent
 * on the relationship's stream, once (`CspConsentRecorder`). When
 * the claim finds the link already used by this caller, the second step is run again before refusing: an acceptance
 * cut short between the two appends (a crash, the store going away) is finished by the acceptor's next attempt (or by
 * the service's sweep, `UnfinishedAcceptances`).
 */
@CommandHandler(AcceptConsent)
export class AcceptConsentHandler implements ICommandHandler<AcceptConsent> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly consents: CspConsentRecorder,
  ) {}

  async execute({ link, context, commandType }: AcceptConsent): Promise<Written<AcceptedConsent>> {
    const acceptedBy = toDomainActor(context.actor);
    if (link.kind === 'OEM_CONSENT_LINK') {
      const command = { type: 'AcceptOemConsent' as const, partnerId: link.partnerId, linkId: link.linkId, acceptedBy };
      const decided = await this.pipeline.decide(relationshipDecider, command, context, { commandType });
      return written(decided.position, acceptedConsent(decided.events[0] as ConsentAccepted, link.kind));
    }
    let claim: Decided<ConsentRequestInputs, ConsentRequestEvent>;
    try {
      const command = { type: 'AcceptConsentRequest' as const, requestId: link.requestId, acceptedBy };
      claim = await this.pipeline.decide(consentRequestDecider, command, context, { commandType });
    } catch (error) {
      if (isDomainRefusal(error) && error.code === 'CONSENT_REQUEST_ALREADY_ACCEPTED') {
        await this.consents.finish(link.requestId, context, commandType, acceptedBy);
      }
      throw error;
    }
    // The request's stream was just appended to: step two need not read it again.
    const claimed = claim.events[0] as ConsentRequestAccepted;
    const recorded = await this.consents.record(claimed.data, context, commandType, [claim.stream]);
    return written(recorded.position, acceptedConsent(recorded.event, link.kind));
  }
}
