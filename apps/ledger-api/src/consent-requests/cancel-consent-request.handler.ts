import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { consentRequestDecider, type ConsentRequestCancelled } from '@ledger/consent-domain';
import { actingPartnerId } from '../ledger-writes/acting-partner.js';
import { CommandPipeline } from '../ledger-writes/command-pipeline.js';
import type { CommandContext } from '../ledger-writes/command-context.js';
import { toDomainActor } from '../ledger-writes/domain-actor.js';
import { LedgerCommand } from '../ledger-writes/ledger-command.js';
import { written, type Written } from '../ledger-writes/written.js';

export interface CancelledConsentRequest {
  readonly requestId: string;
  readonly status: 'cancelled';
  readonly cancelledAt: string;
}

export class CancelConsentRequest extends LedgerCommand<CancelledConsentRequest> {
  readonly commandType = 'CancelConsentRequest';

  constructor(
    readonly requestId: string,
    context: CommandContext,
  ) {
    super(context);
  }
}

@CommandHandler(CancelConsentRequest)
export class CancelConsentRequestHandler implements ICommandHandler<CancelConsentRequest> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ requestId, context, commandType }: CancelConsentRequest): Promise<Written<CancelledConsentRequest>> {
    const command = {
      type: 'CancelConsentRequest' as const,
      requestId,
      partnerId: actingPartnerId(context.actor),
      cancelledBy: toDomainActor(context.actor),
    };
    const decided = await this.pipeline.decide(consentRequestDecider, command, context, { commandType });
    const { data } = decided.events[0] as ConsentRequestCancelled;
    return written(decided.position, { requestId, status: 'cancelled', cancelledAt: data.cancelledAt });
  }
}
