import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { partnerDecider, type EnrolledPartner, type Partner } from '@ledger/consent-domain';
import { CommandPipeline } from '../ledger-writes/command-pipeline.js';
import type { CommandContext } from '../ledger-writes/command-context.js';
import { LedgerCommand } from '../ledger-writes/ledger-command.js';
import { written, type Written } from '../ledger-writes/written.js';
import { partnerViewOf, type PartnerView } from './partner-view.js';

export class ChangeOemDirectApiEligibility extends LedgerCommand<PartnerView> {
  readonly commandType = 'ChangeOemDirectApiEligibility';

  constructor(
    readonly partnerId: string,
    readonly oemDirectApiEligible: boolean,
    context: CommandContext,
  ) {
    super(context);
  }
}

/** Records `OemDirectApiEligibilityChanged` (nothing when the OEM already has that eligibility); answers the enrolment. */
@CommandHandler(ChangeOemDirectApiEligibility)
export class ChangeOemDirectApiEligibilityHandler implements ICommandHandler<ChangeOemDirectApiEligibility> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ partnerId, oemDirectApiEligible, context, commandType }: ChangeOemDirectApiEligibility): Promise<Written<PartnerView>> {
    const command = { type: 'ChangeOemDirectApiEligibility' as const, partnerId, oemDirectApiEligible };
    const decided = await this.pipeline.decide(partnerDecider, command, context, { commandType });
    const partner = decided.events.reduce<Partner>(partnerDecider.evolve, decided.inputs.partner) as EnrolledPartner;
    return written(decided.position, partnerViewOf(partner));
  }
}
