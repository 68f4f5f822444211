import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PrintableText } from '../../validation/printable-text.js';

/** `POST /v1/customers/{tenantId}/oem-revocation-requests`: the customer asks support to revoke an OEM. */
export class RequestOemRevocationDto {
  @ApiProperty({ example: 'oem-devices' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/, { message: 'partnerId must be 1 to 64 letters, digits, "." or "-"' })
  partnerId!: string;

  @ApiProperty({ example: 'We no longer buy devices from this OEM.', maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @PrintableText()
  reason!: string;
}
