import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ActorRefView {
  @ApiProperty({ example: 'ga-11111111' })
  sub!: string;

  @ApiProperty({ example: '11111111-1111-4111-8111-111111111111' })
  tenantId!: string;

  @ApiPropertyOptional({ example: 'admin@contoso.onmicrosoft.com' })
  signInName?: string;
}

export class OemRevocationRequestView {
  @ApiProperty({ example: '5f0c1a9e-2f4d-4c41-9f0e-0a7d2b1c3e4f' })
  revocationRequestId!: string;

  @ApiProperty({ enum: ['pending', 'completed', 'rejected'], example: 'pending' })
  status!: string;

  @ApiProperty({ example: 'contoso-oem' })
  partnerId!: string;

  @ApiPropertyOptional({ example: 'Contoso Devices' })
  partnerName?: string;

  @ApiProperty({ example: '11111111-1111-4111-8111-111111111111' })
  customerTenantId!: string;

  @ApiProperty({ example: 'we no longer buy devices from this OEM', description: "The customer's words." })
  reason!: string;

  @ApiProperty({ type: ActorRefView, description: 'Who asked.' })
  requestedBy!: ActorRefView;

  @ApiProperty({ example: '2026-03-02T09:00:00.000Z' })
  requestedAt!: string;

  @ApiProperty({ example: 3600, description: 'Seconds since the request, at the time of the answer.' })
  ageSeconds!: number;

  @ApiPropertyOptional({ example: '2026-03-03T09:00:00.000Z' })
  handledAt?: string;

  @ApiPropertyOptional({ type: ActorRefView })
  handledBy?: ActorRefView;

  @ApiPropertyOptional({ example: 'devices still under contract' })
  rejectionReason?: string;
}
