import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** `?minPosition=`: answer only once the audit index has reached this `$all` position (read your own writes). */
export class MinPositionQuery {
  @ApiPropertyOptional({ description: 'A `Ledger-Position` returned by a write', example: '4096' })
  @IsOptional()
  @Matches(/^(0|[1-9][0-9]{0,19})$/, { message: 'minPosition must be a decimal $all position, e.g. 4096' })
  minPosition?: string;
}
