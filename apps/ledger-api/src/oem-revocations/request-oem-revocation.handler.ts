import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { relationshipDecider, type OemRevocationRequested } from '@ledger/consent-domain';
import { CommandPipeline } from '../ledger-writes/command-pipeline.js';
import type { CommandContext } from '../ledger-writes/command-context.js';
import { toDomainActor } from '../ledger-writes/domain-actor.js';
import { LedgerCommand } from '../ledger-writes/ledger-command.js';
import { newAggregateId } from '../ledger-writes/name-based-id.js';
import { written, type Written } from '../ledger-writes/written.js';
import { newRevocationRequestId } from './revocation-request-id.js';

export interface RequestedOemRevocation {
  readonly revocationRequestId: string;
  readonly partnerId: string;
  readonly customerTenantId: string;
  readonly status: 'pending';
  readonly requestedAt: string;
}

export class RequestOemRevocation extends LedgerCommand<RequestedOemRevocation> {
  readonly commandType = 'RequestOemRevocation';

  constructor(
    readonly customerTenantId: string,
    readonly partnerId: string,
    readonly reason: string,
    context: CommandContext,
  ) {
    super(context);
  }
}

@CommandHandler(RequestOemRevocation)
export class RequestOemRevocationHandler implements ICommandHandler<RequestOemRevocation> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ customerTenantId, partnerId, reason, context, commandType }: RequestOemRevocation): Promise<Written<RequestedOemRevocation>> {
    const command = {
      type: 'RequestOemRevocation' as const,
      revocationRequestId: newRevocationRequestId({ partnerId, customerTenantId }, newAggregateId(context, 'oem-revocation-request')),
      partnerId,
      customerTenantId,
      reason,
      requestedBy: toDomainActor(context.actor),
    };
    const decided = await this.pipeline.decide(relationshipDecider, command, context, { commandType });
    const { data } = decided.events[0] as OemRevocationRequested;
    return written(decided.position, {
      revocationRequestId: data.revocationRequestId,
      partnerId,
      customerTenantId,
      status: 'pending',
      requestedAt: data.requestedAt,
    });
  }
}
