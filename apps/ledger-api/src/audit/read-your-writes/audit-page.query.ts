import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '@ledger/projections';
import { MinPositionQuery } from './min-position.dto.js';

/** Paging of the audit lists: `limit` (default 50, at most 500) and `cursor`, plus read-your-writes. */
export class AuditPageQuery extends MinPositionQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT, example: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}` })
  @Min(1, { message: `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}` })
  @Max(MAX_PAGE_LIMIT, { message: `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}` })
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page, unchanged', example: 'NDA5Ng' })
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  cursor?: string;
}
