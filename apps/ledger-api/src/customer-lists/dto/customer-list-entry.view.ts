import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CustomerListEntryView {
  @ApiProperty({ example: '11111111-1111-4111-8111-111111111111' })
  customerTenantId!: string;

  @ApiProperty({ example: '2026-03-01T10:00:00.000Z', description: 'When the current, unbroken consent was given.' })
  acceptedAt!: string;

  @ApiProperty({ example: false, description: 'Delegated admin rights (DAP) currently held.' })
  delegatedAdmin!: boolean;

  @ApiPropertyOptional({ example: 'contoso-reseller', description: "For an indirect provider: the reseller whose customer this is." })
  viaResellerId?: string;
}
