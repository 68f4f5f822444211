import { Injectable } from '@nestjs/common';
import { consentRequestStatus, DomainRefusal } from '@ledger/consent-domain';
import type { ConsentLinkTarget } from '../consent-link-tokens/consent-link-token.js';
import { ConsentRequestReader } from '../consent-requests/consent-request-reader.js';
import { Clock } from '../ledger-chain/clock.js';
import { refusalProblem } from '../ledger-writes/refusal-problem.js';
import { PartnerReader } from '../partners/partner-reader.js';
import type { ConsentLinkView } from './consent-link-view.js';

/** Builds what a link asks from the request's and the partner's streams (the read model will answer later). */
@Injectable()
export class ConsentLinkViews {
  constructor(
    private readonly requests: ConsentRequestReader,
    private readonly partners: PartnerReader,
    private readonly clock: Clock,
  ) {}

  async viewOf(link: ConsentLinkTarget): Promise<ConsentLinkView> {
    if (link.kind === 'CSP_CONSENT_REQUEST') {
      const request = await this.requests.recorded(link.requestId);
      const partner = await this.partners.enrolled(request.partnerId);
      // Seed, "Revendeur CSP indirect": the reseller's indirect provider is authorised at the same moment; the
      // customer is told before accepting.
      const provider =
        request.indirectProviderId === undefined ? undefined : await this.partners.enrolled(request.indirectProviderId);
      return {
        linkKind: link.kind,
        partner: { partnerId: partner.partnerId, name: partner.name, kind: partner.kind },
        ...(provider === undefined
          ? {}
          : { indirectProvider: { partnerId: provider.partnerId, name: provider.name, kind: provider.kind } }),
        status: consentRequestStatus(request, this.clock.now()),
        delegatedAdminRequested: request.delegatedAdminRequested,
        adminRoles: [...request.adminRoles],
        expiresAt: request.expiresAt,
        ...(request.boundToTenant && request.customerTenantId !== undefined ? { customerTenantId: request.customerTenantId } : {}),
        requiresCloudNativeAccount: false,
      };
    }
    const partner = await this.partners.enrolled(link.partnerId);
    const current = partner.oemConsentLink?.linkId === link.linkId;
    if (!current && !partner.replacedOemConsentLinkIds.includes(link.linkId)) {
      throw refusalProblem(new DomainRefusal('OEM_CONSENT_LINK_NOT_FOUND', 'there is no such OEM consent link; check the link the OEM sent'));
    }
    return {
      linkKind: link.kind,
      partner: { partnerId: partner.partnerId, name: partner.name, kind: partner.kind },
      status: !current ? 'replaced' : partner.oemDirectApiEligible ? 'active' : 'inactive',
      delegatedAdminRequested: false,
      adminRoles: [],
      requiresCloudNativeAccount: true,
    };
  }
}
