import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';
import { PageQueryDto } from '../../paging/page-query.dto.js';

export class AsOfQuery extends PageQueryDto {
  @ApiProperty({ description: 'The instant, ISO 8601 (with a time zone)', example: '2026-03-01T10:00:00.000Z' })
  @IsISO8601({ strict: true }, { message: 'asOf must be an ISO 8601 instant, e.g. 2026-03-01T10:00:00Z' })
  // Without a zone, the instant would be read in the server's own time zone.
  @Matches(/T.*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i, { message: 'asOf must be an instant with a time zone (Z or ±hh:mm), e.g. 2026-03-01T10:00:00Z' })
  asOf!: string;
}
