import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { PrintableText } from '../../validation/printable-text.js';

/** `POST /v1/oem-revocation-requests/{id}/reject`: support says why not. */
export class RejectOemRevocationDto {
  @ApiProperty({ example: 'The request did not come from a Global Administrator of the tenant.', maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @PrintableText()
  reason!: string;
}
