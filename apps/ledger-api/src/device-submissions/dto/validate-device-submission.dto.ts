import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { CHANNELS, type Channel } from '@ledger/consent-domain';
import { MAX_DEVICE_ROWS } from '@ledger/device-submissions';
import { CUSTOMER_TENANT_ID_MESSAGE, TENANT_ID_PATTERN } from '../../identity/index.js';

/**
 * One device, identified as Partner Center takes it: the hardware hash (alone, or with the product ID and/or the serial
 * number), the product ID alone, or the serial number with the manufacturer and model.
 */
export class DeviceRowDto {
  @ApiPropertyOptional({ example: 'PF3ABC12' })
  serialNumber?: string;

  @ApiPropertyOptional({ example: '3300012345678', description: 'Windows product ID (PKID): 13 digits, as a string.' })
  productKey?: string;

  @ApiPropertyOptional({ description: 'The ~4K base64 hardware hash Windows reports.' })
  hardwareHash?: string;

  @ApiPropertyOptional({ example: 'Contoso' })
  manufacturer?: string;

  @ApiPropertyOptional({ example: 'Surface Laptop 7' })
  model?: string;
}

/** The JSON form of "Validate device submission data". */
export class ValidateDeviceSubmissionDto {
  @ApiProperty({ example: '11111111-1111-4111-8111-111111111111', description: 'The customer you are about to register devices for.' })
  @IsString()
  @Matches(TENANT_ID_PATTERN, { message: CUSTOMER_TENANT_ID_MESSAGE })
  customerTenantId!: string;

  @ApiProperty({ enum: CHANNELS, example: 'PARTNER_CENTER_API', description: 'The channel you will register them through.' })
  @IsIn(CHANNELS, { message: `channel must be one of ${CHANNELS.join(', ')}` })
  channel!: Channel;

  @ApiPropertyOptional({
    type: [DeviceRowDto],
    description:
      `The devices you are about to submit (at most ${MAX_DEVICE_ROWS}); each row is judged on its own. A row identifies ` +
      'a device by the hardware hash (alone, or with the product ID and/or the serial number), by the product ID alone, ' +
      'or by the serial number with the manufacturer and model; without the hash, not by the product ID and the serial number together.',
  })
  @IsOptional()
  @IsArray({ message: 'devices must be an array of rows' })
  devices?: unknown[];
}

/** The `text/csv` form: the file is the body, the rest goes in the query. */
export class ValidateDeviceFileQueryDto {
  @ApiPropertyOptional({ example: '11111111-1111-4111-8111-111111111111', description: 'Required with a text/csv body.' })
  @IsOptional()
  @IsString()
  @Matches(TENANT_ID_PATTERN, { message: CUSTOMER_TENANT_ID_MESSAGE })
  customerTenantId?: string;

  @ApiPropertyOptional({ enum: CHANNELS, example: 'PARTNER_CENTER_UI_CSV', description: 'Required with a text/csv body.' })
  @IsOptional()
  @IsIn(CHANNELS, { message: `channel must be one of ${CHANNELS.join(', ')}` })
  channel?: Channel;

  @ApiPropertyOptional({ description: "Answer only once the read model includes this $all position (a write's Ledger-Position).", example: '4096' })
  @IsOptional()
  @IsString()
  minPosition?: string;
}
