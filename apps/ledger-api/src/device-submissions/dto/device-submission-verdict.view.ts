import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUTHORISATION_BASES, CHANNELS, type AuthorisationBasis, type Channel } from '@ledger/consent-domain';

export class DeviceRowVerdictView {
  @ApiProperty({ example: 2, description: '1-based device number (for a file: the first row after the header is 1).' })
  row!: number;

  @ApiProperty({ example: false })
  ok!: boolean;

  @ApiPropertyOptional({ example: 'Windows Product ID must be 13 digits; "33000123" has 8' })
  reason?: string;

  @ApiPropertyOptional({ example: 3, description: 'For a file: the line the row starts on (the header is line 1).' })
  line?: number;
}

export class FileProblemView {
  @ApiProperty({ enum: ['EMPTY', 'NOT_TEXT', 'UNREADABLE', 'BAD_HEADER', 'TOO_LARGE', 'TOO_MANY_ROWS'], example: 'BAD_HEADER' })
  code!: string;

  @ApiProperty({ example: 'the header must be "Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer name,Device model"' })
  reason!: string;

  @ApiPropertyOptional({ example: 1 })
  line?: number;
}

export class DeviceVerdictsView {
  @ApiProperty({ example: 9 })
  valid!: number;

  @ApiProperty({ example: 1 })
  invalid!: number;

  @ApiProperty({ type: [DeviceRowVerdictView] })
  rows!: DeviceRowVerdictView[];

  @ApiPropertyOptional({ type: FileProblemView, description: 'Why the submission as a whole cannot be used.' })
  file?: FileProblemView;
}

export class DeviceSubmissionVerdictView {
  @ApiProperty({ example: true, description: 'Whether you may register devices for this customer through this channel.' })
  authorised!: boolean;

  @ApiProperty({ example: 'AUTHORISED' })
  reasonCode!: string;

  @ApiProperty({ example: 'authorised by tenant 11111111-1111-4111-8111-111111111111' })
  reason!: string;

  @ApiPropertyOptional({ enum: AUTHORISATION_BASES, example: 'DIRECT_CONSENT' })
  basis?: AuthorisationBasis;

  @ApiProperty({ enum: CHANNELS, isArray: true, example: ['PARTNER_CENTER_API', 'PARTNER_CENTER_UI_CSV'] })
  channels!: Channel[];

  @ApiPropertyOptional({ example: 'contoso-reseller' })
  viaResellerId?: string;

  @ApiPropertyOptional({ example: '2026-03-01T10:00:00.000Z' })
  since?: string;

  @ApiProperty({ example: false })
  revocationPending!: boolean;

  @ApiPropertyOptional({ type: DeviceVerdictsView })
  devices?: DeviceVerdictsView;
}
