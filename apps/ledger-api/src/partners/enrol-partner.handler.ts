import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { partnerDecider, type EnrolledPartner, type Partner } from '@ledger/consent-domain';
import { CommandPipeline } from '../ledger-writes/command-pipeline.js';
import type { CommandContext } from '../ledger-writes/command-context.js';
import { LedgerCommand } from '../ledger-writes/ledger-command.js';
import { written, type Written } from '../ledger-writes/written.js';
import type { EnrolPartnerDto } from './dto/enrol-partner.dto.js';
import { partnerViewOf, type PartnerView } from './partner-view.js';

export class EnrolPartner extends LedgerCommand<PartnerView> {
  readonly commandType = 'EnrolPartner';

  constructor(
    readonly enrolment: EnrolPartnerDto,
    context: CommandContext,
  ) {
    super(context);
  }
}

@CommandHandler(EnrolPartner)
export class EnrolPartnerHandler implements ICommandHandler<EnrolPartner> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ enrolment, context, commandType }: EnrolPartner): Promise<Written<PartnerView>> {
    const command = {
      type: 'EnrolPartner' as const,
      partnerId: enrolment.partnerId,
      name: enrolment.name,
      kind: enrolment.kind,
      ...(enrolment.oemDirectApiEligible === undefined ? {} : { oemDirectApiEligible: enrolment.oemDirectApiEligible }),
      ...(enrolment.indirectProviderId === undefined ? {} : { indirectProviderId: enrolment.indirectProviderId }),
    };
    const decided = await this.pipeline.decide(partnerDecider, command, context, { commandType });
    const enrolled = decided.events.reduce<Partner>(partnerDecider.evolve, decided.inputs.partner) as EnrolledPartner;
    return written(decided.position, partnerViewOf(enrolled));
  }
}
