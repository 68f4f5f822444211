import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainRefusal, relationshipDecider, type OemRevocationCompleted, type OemRevocationRejected } from '@ledger/consent-domain';
import { CommandPipeline } from '../ledger-writes/command-pipeline.js';
import type { CommandContext } from '../ledger-writes/command-context.js';
import { toDomainActor } from '../ledger-writes/domain-actor.js';
import { LedgerCommand } from '../ledger-writes/ledger-command.js';
import { written, type Written } from '../ledger-writes/written.js';
import { subjectOfRevocationRequest, type RevocationSubject } from './revocation-request-id.js';

export interface HandledOemRevocation {
  readonly revocationRequestId: string;
  readonly partnerId: string;
  readonly customerTenantId: string;
  readonly status: 'completed' | 'rejected';
  readonly handledAt: string;
  readonly reason?: string;
}

export class CompleteOemRevocation extends LedgerCommand<HandledOemRevocation> {
  readonly commandType = 'CompleteOemRevocation';

  constructor(
    readonly revocationRequestId: string,
    context: CommandContext,
  ) {
    super(context);
  }
}

export class RejectOemRevocation extends LedgerCommand<HandledOemRevocation> {
  readonly commandType = 'RejectOemRevocation';

  constructor(
    readonly revocationRequestId: string,
    readonly reason: string,
    context: CommandContext,
  ) {
    super(context);
  }
}

const subjectOf = (revocationRequestId: string): RevocationSubject => {
  const subject = subjectOfRevocationRequest(revocationRequestId);
  if (subject === undefined) {
    throw new DomainRefusal('OEM_REVOCATION_REQUEST_NOT_FOUND', `there is no OEM revocation request ${revocationRequestId}`);
  }
  return subject;
};

/** Support completes a pending OEM revocation: the OEM loses its authorisation for that tenant. */
@CommandHandler(CompleteOemRevocation)
export class CompleteOemRevocationHandler implements ICommandHandler<CompleteOemRevocation> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ revocationRequestId, context, commandType }: CompleteOemRevocation): Promise<Written<HandledOemRevocation>> {
    const command = {
      type: 'CompleteOemRevocation' as const,
      revocationRequestId,
      ...subjectOf(revocationRequestId),
      completedBy: toDomainActor(context.actor),
    };
    const decided = await this.pipeline.decide(relationshipDecider, command, context, { commandType });
    const { data } = decided.events[0] as OemRevocationCompleted;
    return written(decided.position, {
      revocationRequestId,
      partnerId: data.partnerId,
      customerTenantId: data.customerTenantId,
      status: 'completed',
      handledAt: data.completedAt,
    });
  }
}

/** Support rejects a pending OEM revocation, with a reason; the OEM stays authorised. */
@CommandHandler(RejectOemRevocation)
export class RejectOemRevocationHandler implements ICommandHandler<RejectOemRevocation> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ revocationRequestId, reason, context, commandType }: RejectOemRevocation): Promise<Written<HandledOemRevocation>> {
    const command = {
      type: 'RejectOemRevocation' as const,
      revocationRequestId,
      ...subjectOf(revocationRequestId),
      reason,
      rejectedBy: toDomainActor(context.actor),
    };
    const decided = await this.pipeline.decide(relationshipDecider, command, context, { commandType });
    const { data } = decided.events[0] as OemRevocationRejected;
    return written(decided.position, {
      revocationRequestId,
      partnerId: data.partnerId,
      customerTenantId: data.customerTenantId,
      status: 'rejected',
      handledAt: data.rejectedAt,
      reason: data.reason,
    });
  }
}
