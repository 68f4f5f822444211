import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { partnerDecider, type OemConsentLinkRequested } from '@ledger/consent-domain';
import { CommandPipeline } from '../ledger-writes/command-pipeline.js';
import type { CommandContext } from '../ledger-writes/command-context.js';
import { toDomainActor } from '../ledger-writes/domain-actor.js';
import { LedgerCommand } from '../ledger-writes/ledger-command.js';
import { written, type Written } from '../ledger-writes/written.js';

export interface RequestedOemConsentLink {
  readonly partnerId: string;
  readonly status: 'requested';
  readonly requestedAt: string;
}

export class RequestOemConsentLink extends LedgerCommand<RequestedOemConsentLink> {
  readonly commandType = 'RequestOemConsentLink';

  constructor(
    readonly partnerId: string,
    context: CommandContext,
  ) {
    super(context);
  }
}

@CommandHandler(RequestOemConsentLink)
export class RequestOemConsentLinkHandler implements ICommandHandler<RequestOemConsentLink> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ partnerId, context, commandType }: RequestOemConsentLink): Promise<Written<RequestedOemConsentLink>> {
    const command = { type: 'RequestOemConsentLink' as const, partnerId, requestedBy: toDomainActor(context.actor) };
    const decided = await this.pipeline.decide(partnerDecider, command, context, { commandType });
    const { data } = decided.events[0] as OemConsentLinkRequested;
    return written(decided.position, { partnerId, status: 'requested', requestedAt: data.requestedAt });
  }
}
