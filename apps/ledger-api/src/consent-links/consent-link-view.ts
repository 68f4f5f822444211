import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PARTNER_KINDS, type PartnerKind } from '@ledger/consent-domain';

class LinkPartner {
  @ApiProperty({ example: 'contoso-csp' })
  partnerId!: string;

  @ApiProperty({ example: 'Contoso Partners' })
  name!: string;

  @ApiProperty({ enum: PARTNER_KINDS, example: 'CSP_DIRECT' })
  kind!: PartnerKind;
}

/** What a consent link asks, shown before anything is granted (`GET /v1/consent-links/{token}`). */
export class ConsentLinkView {
  @ApiProperty({ enum: ['CSP_CONSENT_REQUEST', 'OEM_CONSENT_LINK'], example: 'CSP_CONSENT_REQUEST' })
  linkKind!: 'CSP_CONSENT_REQUEST' | 'OEM_CONSENT_LINK';

  @ApiProperty({ type: LinkPartner })
  partner!: LinkPartner;

  @ApiPropertyOptional({
    type: LinkPartner,
    description: 'An indirect reseller’s link: its indirect provider, which accepting authorises at the same moment.',
  })
  indirectProvider?: LinkPartner;

  @ApiProperty({
    enum: ['pending', 'accepted', 'expired', 'cancelled', 'active', 'replaced', 'inactive'],
    example: 'pending',
    description: 'A CSP link: pending, accepted, expired or cancelled. An OEM link: active, replaced, or inactive (the OEM lost its eligibility).',
  })
  status!: string;

  @ApiProperty({ example: false, description: 'Delegated admin rights asked (never for an OEM).' })
  delegatedAdminRequested!: boolean;

  @ApiProperty({ example: [], type: [String] })
  adminRoles!: string[];

  @ApiPropertyOptional({ example: '2026-04-01T09:00:00.000Z', description: 'A CSP link’s expiry; an OEM link lives until replaced.' })
  expiresAt?: string;

  @ApiPropertyOptional({ example: '7f3c2a9e-1b4d-4c55-8a61-0f2e9d3b6a10', description: 'The only tenant that may accept, when the partner named one.' })
  customerTenantId?: string;

  @ApiProperty({ example: false, description: 'An OEM link needs a cloud-native (*.onmicrosoft.com) Global Administrator.' })
  requiresCloudNativeAccount!: boolean;
}
