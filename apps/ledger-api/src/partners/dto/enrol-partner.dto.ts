import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PARTNER_KINDS, type PartnerKind } from '@ledger/consent-domain';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { NullMeansAbsent } from '../../validation/null-means-absent.js';
import { OneLineText } from '../../validation/printable-text.js';

export const PARTNER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/;
const PARTNER_ID_MESSAGE = 'must be 1 to 64 letters, digits, "." or "-", starting with a letter or digit';

/** `POST /v1/partners`: support enrols a partner. */
export class EnrolPartnerDto {
  @ApiProperty({ example: 'contoso-csp', description: 'Chosen by support; names the partner in every route and stream.' })
  @IsString()
  @Matches(PARTNER_ID_PATTERN, { message: `partnerId ${PARTNER_ID_MESSAGE}` })
  partnerId!: string;

  @ApiProperty({ example: 'Contoso Partners', description: 'Shown to customers on the consent page.', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @OneLineText()
  name!: string;

  @ApiProperty({ enum: PARTNER_KINDS, example: 'CSP_DIRECT' })
  @IsIn(PARTNER_KINDS)
  kind!: PartnerKind;

  @ApiPropertyOptional({ example: false, description: 'Only for an OEM: eligible for the OEM Direct API (default false).' })
  @NullMeansAbsent()
  @IsOptional()
  @IsBoolean()
  oemDirectApiEligible?: boolean;

  @ApiPropertyOptional({ example: 'fabrikam-distribution', description: 'Required for a CSP_INDIRECT_RESELLER: its enrolled indirect provider.' })
  @NullMeansAbsent()
  @IsOptional()
  @IsString()
  @Matches(PARTNER_ID_PATTERN, { message: `indirectProviderId ${PARTNER_ID_MESSAGE}` })
  indirectProviderId?: string;
}
