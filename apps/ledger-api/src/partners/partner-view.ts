import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PARTNER_KINDS, type EnrolledPartner, type PartnerKind } from '@ledger/consent-domain';

/** A partner's enrolment, as `POST /v1/partners` and `GET /v1/partners/{partnerId}` answer it. */
export class PartnerView {
  @ApiProperty({ example: 'contoso-csp' })
  partnerId!: string;

  @ApiProperty({ example: 'Contoso Partners' })
  name!: string;

  @ApiProperty({ enum: PARTNER_KINDS, example: 'CSP_DIRECT' })
  kind!: PartnerKind;

  @ApiProperty({ example: false })
  oemDirectApiEligible!: boolean;

  @ApiPropertyOptional({ example: 'fabrikam-distribution' })
  indirectProviderId?: string;

  @ApiProperty({ example: '2026-03-02T09:00:00.000Z' })
  enrolledAt!: string;

  @ApiPropertyOptional({ example: '2026-03-03T10:00:00.000Z', description: 'For an OEM: when its current consent link was issued.' })
  oemConsentLinkIssuedAt?: string;

  @ApiPropertyOptional({ example: true, description: 'For an OEM: it asked support for its link and awaits it.' })
  oemConsentLinkRequested?: boolean;
}

export const partnerViewOf = (partner: EnrolledPartner): PartnerView => ({
  partnerId: partner.partnerId,
  name: partner.name,
  kind: partner.kind,
  oemDirectApiEligible: partner.oemDirectApiEligible,
  ...(partner.indirectProviderId === undefined ? {} : { indirectProviderId: partner.indirectProviderId }),
  enrolledAt: partner.enrolledAt,
  ...(partner.oemConsentLink === undefined ? {} : { oemConsentLinkIssuedAt: partner.oemConsentLink.issuedAt }),
  ...(partner.kind === 'OEM' ? { oemConsentLinkRequested: partner.pendingOemConsentLinkRequest !== undefined } : {}),
});
