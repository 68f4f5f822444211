import { ApiPropertyOptional } from '@nestjs/swagger';
import { canonicalTenantId } from '@ledger/consent-domain';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CUSTOMER_TENANT_ID_MESSAGE, TENANT_ID_PATTERN } from '../../identity/index.js';
import { NullMeansAbsent } from '../../validation/null-means-absent.js';
import { OneLineText } from '../../validation/printable-text.js';

/** `POST /v1/consent-requests`: a CSP asks a customer for consent. */
export class RequestConsentDto {
  @ApiPropertyOptional({
    example: '7f3c2a9e-1b4d-4c55-8a61-0f2e9d3b6a10',
    description: 'Only this tenant may accept. Absent: the accepting Global Administrator’s tenant becomes the customer.',
  })
  @NullMeansAbsent()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? canonicalTenantId(value) : value))
  @IsOptional()
  @IsString()
  @Matches(TENANT_ID_PATTERN, { message: CUSTOMER_TENANT_ID_MESSAGE })
  customerTenantId?: string;

  @ApiPropertyOptional({ example: false, default: false, description: 'Ask for delegated admin rights (DAP). The seed recommends DAP-less.' })
  @NullMeansAbsent()
  @IsOptional()
  @IsBoolean()
  delegatedAdminRequested?: boolean;

  @ApiPropertyOptional({ example: ['Helpdesk Administrator'], description: 'The admin roles asked with DAP (only with delegatedAdminRequested).' })
  @NullMeansAbsent()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique({ message: 'adminRoles must name each role once' })
  @IsString({ each: true })
  @Matches(/\S/, { each: true, message: 'adminRoles must be role names, not blank' })
  @MaxLength(100, { each: true })
  @OneLineText({ each: true })
  adminRoles?: string[];
}
