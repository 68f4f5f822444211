import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUTHORISATION_BASES, CHANNELS, type AuthorisationBasis, type Channel } from '@ledger/consent-domain';

export class RegistrationAuthorisationView {
  @ApiProperty({ example: '11111111-1111-4111-8111-111111111111' })
  customerTenantId!: string;

  @ApiProperty({ example: true })
  authorised!: boolean;

  @ApiProperty({ example: 'AUTHORISED', description: 'AUTHORISED, or why not (NO_CONSENT, OEM_REVOCATION_COMPLETED, OEM_NOT_ELIGIBLE, ...).' })
  reasonCode!: string;

  @ApiProperty({ example: 'authorised by tenant 11111111-1111-4111-8111-111111111111' })
  reason!: string;

  @ApiPropertyOptional({ enum: AUTHORISATION_BASES, example: 'DIRECT_CONSENT' })
  basis?: AuthorisationBasis;

  @ApiPropertyOptional({ example: 'contoso-reseller', description: 'For VIA_RESELLER: the reseller whose consent authorises the provider.' })
  viaResellerId?: string;

  @ApiProperty({ enum: CHANNELS, isArray: true, example: ['PARTNER_CENTER_API', 'PARTNER_CENTER_UI_CSV'] })
  channels!: Channel[];

  @ApiPropertyOptional({ example: '2026-03-01T10:00:00.000Z' })
  since?: string;

  @ApiProperty({ example: false })
  delegatedAdmin!: boolean;

  @ApiProperty({ example: false, description: 'An OEM revocation awaits support: still authorised until support completes it.' })
  revocationPending!: boolean;
}
