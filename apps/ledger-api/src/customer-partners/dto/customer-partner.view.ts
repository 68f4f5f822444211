import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PARTNER_KINDS, type PartnerKind } from '@ledger/consent-domain';

export class OemRevocationStateView {
  @ApiProperty({ example: '5f0c1a9e-2f4d-4c41-9f0e-0a7d2b1c3e4f' })
  revocationRequestId!: string;

  @ApiProperty({ enum: ['pending', 'completed', 'rejected'], example: 'pending' })
  status!: string;

  @ApiProperty({ example: '2026-03-02T09:00:00.000Z' })
  requestedAt!: string;

  @ApiPropertyOptional({ example: '2026-03-03T09:00:00.000Z' })
  handledAt?: string;

  @ApiPropertyOptional({ example: 'devices still under contract' })
  rejectionReason?: string;
}

export class CustomerPartnerView {
  @ApiProperty({ example: 'contoso-oem' })
  partnerId!: string;

  @ApiProperty({ example: 'Contoso Devices' })
  name!: string;

  @ApiProperty({ enum: PARTNER_KINDS, example: 'OEM' })
  kind!: PartnerKind;

  @ApiProperty({ example: '2026-03-01T10:00:00.000Z' })
  acceptedAt!: string;

  @ApiProperty({ example: false })
  delegatedAdmin!: boolean;

  @ApiProperty({ example: true, description: 'Whether the partner may register devices for this customer now.' })
  authorised!: boolean;

  @ApiPropertyOptional({ example: 'contoso-reseller', description: 'For an indirect provider: through which of your resellers.' })
  viaResellerId?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['contoso-reseller'],
    description: 'For an indirect provider holding DAP: the resellers whose delegated admin rights it holds; they are removed on those resellers.',
  })
  delegatedAdminViaResellerIds?: string[];

  @ApiPropertyOptional({ type: OemRevocationStateView })
  oemRevocation?: OemRevocationStateView;
}
