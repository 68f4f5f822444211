import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { consentRequestDecider, type ConsentRequested } from '@ledger/consent-domain';
import { LedgerConfig } from '../config/ledger-config.js';
import { actingPartnerId } from '../ledger-writes/acting-partner.js';
import { CommandPipeline } from '../ledger-writes/command-pipeline.js';
import type { CommandContext } from '../ledger-writes/command-context.js';
import { toDomainActor } from '../ledger-writes/domain-actor.js';
import { LedgerCommand } from '../ledger-writes/ledger-command.js';
import { newAggregateId } from '../ledger-writes/name-based-id.js';
import { written, type Written } from '../ledger-writes/written.js';
import { consentLinkTtlSeconds } from './consent-link-ttl.js';
import type { RequestConsentDto } from './dto/request-consent.dto.js';

/** What a new consent request is, without its link (the ledger keeps ids, never tokens). */
export interface RequestedConsent {
  readonly requestId: string;
  readonly partnerId: string;
  readonly partnerName: string;
  readonly customerTenantId?: string;
  readonly delegatedAdminRequested: boolean;
  readonly adminRoles: readonly string[];
  readonly requestedAt: string;
  readonly expiresAt: string;
}

export class RequestConsent extends LedgerCommand<RequestedConsent> {
  readonly commandType = 'RequestConsent';

  constructor(
    readonly request: RequestConsentDto,
    context: CommandContext,
  ) {
    super(context);
  }
}

@CommandHandler(RequestConsent)
export class RequestConsentHandler implements ICommandHandler<RequestConsent> {
  private readonly linkTtlSeconds: number;

  constructor(
    private readonly pipeline: CommandPipeline,
    config: LedgerConfig,
  ) {
    this.linkTtlSeconds = consentLinkTtlSeconds(config.CONSENT_LINK_TTL);
  }

  async execute({ request, context, commandType }: RequestConsent): Promise<Written<RequestedConsent>> {
    const requestId = newAggregateId(context, 'consent-request');
    const command = {
      type: 'RequestConsent' as const,
      requestId,
      partnerId: actingPartnerId(context.actor),
      ...(request.customerTenantId === undefined ? {} : { customerTenantId: request.customerTenantId }),
      ...(request.delegatedAdminRequested === undefined ? {} : { delegatedAdminRequested: request.delegatedAdminRequested }),
      ...(request.adminRoles === undefined ? {} : { adminRoles: request.adminRoles }),
      linkTtlSeconds: this.linkTtlSeconds,
      requestedBy: toDomainActor(context.actor),
    };
    // The request's stream is named by the id just chosen: the pipeline takes it as empty and reads nothing of it.
    const decided = await this.pipeline.decide(consentRequestDecider, command, context, { commandType });
    const { data } = decided.events[0] as ConsentRequested;
    const partner = decided.inputs.partner;
    return written(decided.position, {
      requestId: data.requestId,
      partnerId: data.partnerId,
      partnerName: partner?.status === 'enrolled' ? partner.name : data.partnerId,
      ...(data.customerTenantId === undefined ? {} : { customerTenantId: data.customerTenantId }),
      delegatedAdminRequested: data.delegatedAdminRequested,
      adminRoles: data.adminRoles,
      requestedAt: data.requestedAt,
      expiresAt: data.expiresAt,
    });
  }
}
