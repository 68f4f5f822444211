import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ActorRefView } from '../../oem-revocation-queue/dto/oem-revocation-request.view.js';

export class OemConsentLinkRequestView {
  @ApiProperty({ example: 'contoso-oem' })
  partnerId!: string;

  @ApiProperty({ example: 'Contoso Devices' })
  partnerName!: string;

  @ApiProperty({ enum: ['pending', 'issued'], example: 'pending' })
  status!: string;

  @ApiProperty({ type: ActorRefView })
  requestedBy!: ActorRefView;

  @ApiProperty({ example: '2026-03-02T09:00:00.000Z' })
  requestedAt!: string;

  @ApiProperty({ example: 7200, description: 'Seconds since the request, at the time of the answer.' })
  ageSeconds!: number;

  @ApiPropertyOptional({ example: '2026-03-02T11:00:00.000Z' })
  issuedAt?: string;
}
