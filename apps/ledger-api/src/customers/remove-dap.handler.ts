import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainRefusal, isDomainRefusal, relationshipDecider, type DapRemoved } from '@ledger/consent-domain';
import { customerPartner } from '@ledger/projections';
import { CommandPipeline } from '../ledger-writes/command-pipeline.js';
import type { CommandContext } from '../ledger-writes/command-context.js';
import { toDomainActor } from '../ledger-writes/domain-actor.js';
import { LedgerCommand } from '../ledger-writes/ledger-command.js';
import { written, type Written } from '../ledger-writes/written.js';
import { ReadModels } from '../read-models/read-models.service.js';

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

/**
 * The customer removes a CSP's delegated admin rights; the relationship and its authorisation stay. An indirect
 * provider listed with DAP holds it through a reseller's relationship (it has none of its own): the refusal names
 * that reseller, whose rights are the ones to remove, rather than saying the provider has no relationship.
 */
@CommandHandler(RemoveDap)
export class RemoveDapHandler implements ICommandHandler<RemoveDap> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly readModels: ReadModels,
  ) {}

  async execute({ customerTenantId, partnerId, context, commandType }: RemoveDap): Promise<Written<RemovedDap>> {
    const command = { type: 'RemoveDap' as const, partnerId, customerTenantId, removedBy: toDomainActor(context.actor) };
    const decided = await this.pipeline.decide(relationshipDecider, command, context, { commandType }).catch((error: unknown) => {
      throw isDomainRefusal(error) && error.code === 'RELATIONSHIP_NOT_FOUND' ? (this.throughReseller(customerTenantId, partnerId) ?? error) : error;
    });
    const { data } = decided.events[0] as DapRemoved;
    return written(decided.position, { partnerId, customerTenantId, delegatedAdmin: false, removedAt: data.removedAt });
  }

  private throughReseller(customerTenantId: string, partnerId: string): DomainRefusal | undefined {
    const row = customerPartner(this.readModels.reader, customerTenantId, partnerId);
    if (row?.viaResellerId === undefined) return undefined;
    const resellers = row.delegatedAdminViaResellerIds ?? [];
    if (resellers.length === 0) {
      return new DomainRefusal(
        'NO_DAP',
        `partner ${partnerId} holds no delegated admin rights for tenant ${customerTenantId} (it works for it through its reseller ${row.viaResellerId})`,
      );
    }
    return new DomainRefusal(
      'DAP_THROUGH_RESELLER',
      `partner ${partnerId} holds delegated admin rights for tenant ${customerTenantId} through its ${resellers.length === 1 ? 'reseller' : 'resellers'} ` +
        `${resellers.join(', ')}; remove them from ${resellers.length === 1 ? 'the reseller' : 'each'}: ` +
        resellers.map((resellerId) => `DELETE /v1/customers/${customerTenantId}/partners/${resellerId}/delegated-admin`).join(', '),
    );
  }
}
