import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { relationshipDecider, type DapRemoved } from '@ledger/consent-domain';
import { CommandPipeline } from '../ledger-writes/command-pipeline.js';
import type { CommandContext } from '../ledger-writes/command-context.js';
import { toDomainActor } from '../ledger-writes/domain-actor.js';
import { LedgerCommand } from '../ledger-writes/ledger-command.js';
import { written, type Written } from '../ledger-writes/written.js';

export interface RemovedDap {
  readonly partnerId: string;
  readonly customerTenantId: string;
  readonly delegatedAdmin: false;
  readonly removedAt: string;
}

export class RemoveDap extends LedgerCommand<RemovedDap> {
  readonly commandType = 'RemoveDap';

  constructor(
    readonly customerTenantId: string,
    readonly partnerId: string,
    context: CommandContext,
  ) {
    super(context);
  }
}

/** The customer removes a CSP's delegated admin rights; the relationship and its authorisation stay. */
@CommandHandler(RemoveDap)
export class RemoveDapHandler implements ICommandHandler<RemoveDap> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ customerTenantId, partnerId, context, commandType }: RemoveDap): Promise<Written<RemovedDap>> {
    const command = { type: 'RemoveDap' as const, partnerId, customerTenantId, removedBy: toDomainActor(context.actor) };
    const decided = await this.pipeline.decide(relationshipDecider, command, context, { commandType });
    const { data } = decided.events[0] as DapRemoved;
    return written(decided.position, { partnerId, customerTenantId, delegatedAdmin: false, removedAt: data.removedAt });
  }
}
