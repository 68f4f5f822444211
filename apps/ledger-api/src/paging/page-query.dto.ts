import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '@ledger/projections';
import { DecimalInteger } from '../validation/decimal-integer.js';

/** What every read accepts, read models and audit alike: read-your-writes. */
export class ReadQueryDto {
  @ApiPropertyOptional({
    description: "Answer only once the read model includes this $all position (a write's Ledger-Position); same as the Ledger-Position header.",
    example: '4096',
  })
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'minPosition must be a $all position (digits)' })
  minPosition?: string;
}

/** What every list accepts: paging, and read-your-writes. */
export class PageQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT, example: 50 })
  @IsOptional()
  @DecimalInteger()
  @IsInt({ message: `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}` })
  @Min(1, { message: `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}` })
  @Max(MAX_PAGE_LIMIT, { message: `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}` })
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page, unchanged.', example: 'WyIxMTExIiwiUDFfMTExMSIsIkFFMzB3LVZFVEI2MXRKNXoiXQ' })
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  cursor?: string;
}
