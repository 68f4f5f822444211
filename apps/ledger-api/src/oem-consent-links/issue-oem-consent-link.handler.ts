import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { partnerDecider, type OemConsentLinkIssued } from '@ledger/consent-domain';
import { CommandPipeline } from '../ledger-writes/command-pipeline.js';
import type { CommandContext } from '../ledger-writes/command-context.js';
import { toDomainActor } from '../ledger-writes/domain-actor.js';
import { LedgerCommand } from '../ledger-writes/ledger-command.js';
import { newAggregateId } from '../ledger-writes/name-based-id.js';
import { written, type Written } from '../ledger-writes/written.js';

/** The link issued, by id: the controller signs it into the URL. */
export interface IssuedOemConsentLink {
  readonly partnerId: string;
  readonly linkId: string;
  readonly replacesLinkId?: string;
  readonly issuedAt: string;
}

export class IssueOemConsentLink extends LedgerCommand<IssuedOemConsentLink> {
  readonly commandType = 'IssueOemConsentLink';

  constructor(
    readonly partnerId: string,
    context: CommandContext,
  ) {
    super(context);
  }
}

@CommandHandler(IssueOemConsentLink)
export class IssueOemConsentLinkHandler implements ICommandHandler<IssueOemConsentLink> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ partnerId, context, commandType }: IssueOemConsentLink): Promise<Written<IssuedOemConsentLink>> {
    const command = {
      type: 'IssueOemConsentLink' as const,
      partnerId,
      linkId: newAggregateId(context, 'oem-consent-link'),
      issuedBy: toDomainActor(context.actor),
    };
    const decided = await this.pipeline.decide(partnerDecider, command, context, { commandType });
    const { data } = decided.events[0] as OemConsentLinkIssued;
    return written(decided.position, {
      partnerId,
      linkId: data.linkId,
      ...(data.replacesLinkId === undefined ? {} : { replacesLinkId: data.replacesLinkId }),
      issuedAt: data.issuedAt,
    });
  }
}
